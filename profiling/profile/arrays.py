"""Numeric columns of an in-process engine fetched once into a NumPy matrix, and their value levels.

DuckDB in this process hands the numeric columns over as Arrow in one scan. A SIMD sort of a
million doubles takes milliseconds, where a GROUP BY over a million distinct doubles builds a hash
table of a million groups: so the levels (distinct count, entropy sum, mode) and the quantiles of
float64 and integer columns are read from sorted runs here, and the same matrix later feeds the
correlations (`pairs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from profiling.profile.engine import Source
from profiling.profile.stats import QUANTILES, present

CHUNK = 65_536  # rows per Arrow batch fetched from the engine


@dataclass(frozen=True)
class NumericArrays:
    """Every numeric column as a float64 row of `matrix` (NaN missing, infinities kept)."""

    names: tuple[str, ...]
    matrix: np.ndarray  # columns x rows
    local: frozenset[str]  # float64 and integer columns: their levels and quantiles come from here
    integers: frozenset[str]  # of which integer columns (their mode is written without a decimal point)

    def index(self, name: str) -> int:
        return self.names.index(name)


def local_columns(source: Source) -> frozenset[str]:
    """The float64 and integer columns whose levels and quantiles come from NumPy (in-process engines)."""
    if not source.in_process:
        return frozenset()
    types = {c: source.table[c].type() for c, p in source.physical.items() if p == "numeric"}
    return frozenset(c for c, dtype in types.items() if dtype.is_float64() or dtype.is_integer())


def fetch_numeric(source: Source) -> NumericArrays | None:
    """The numeric columns of an in-process source, in one scan (None when there are none)."""
    names = tuple(c for c, p in source.physical.items() if p == "numeric")
    if not names or not source.in_process:
        return None
    t = source.table
    integers = frozenset(c for c in names if t[c].type().is_integer())
    expr = t.select(**{f"x{i}": present(t, c, "numeric").cast("float64") for i, c in enumerate(names)})
    return NumericArrays(names=names, matrix=fetch_matrix(source, expr), local=local_columns(source), integers=integers)


def fetch_matrix(source: Source, expr: ir.Table) -> np.ndarray:
    """The columns of `expr` as one float64 matrix (columns x rows, NaN missing), filled batch by batch."""
    out = np.empty((len(expr.columns), int(source.backend.execute(source.table.count()))))
    at = 0
    sql = source.backend.compile(expr)
    for batch in source.backend.con.sql(sql).to_arrow_reader(CHUNK):  # DuckDB's reader: Ibis' fails on 2.x
        for i, column in enumerate(batch.columns):
            out[i, at : at + batch.num_rows] = pc.fill_null(column.cast(pa.float64()), np.nan).to_numpy()
        at += batch.num_rows
    return out[:, :at]


def local_levels(arrays: NumericArrays, positions: dict[str, int]) -> tuple[list[dict[str, Any]], list[int]]:
    """Rows shaped like the levels query's (plus the quantiles), for the local columns.

    `positions` maps names to column numbers. Integers beyond 2**53 do not survive float64: the
    numbers of those columns come back in the second list, for the levels query (their quantiles,
    computed over float64 by the engine too, stay good).
    """
    rows, inexact = [], []
    for name in sorted(arrays.local):
        values = arrays.matrix[arrays.index(name)]
        integer = name in arrays.integers
        if integer and np.nanmax(np.abs(values), initial=0.0) >= 2.0**53:
            inexact.append(positions[name])
        rows.append(_levels(positions[name], values, integer=integer))
    return rows, inexact


def quantiles(ordered: np.ndarray) -> list[float] | None:
    """QUANTILES of the finite values of a sorted array, interpolated linearly (DuckDB's quantile_cont)."""
    finite = ordered[np.searchsorted(ordered, -np.inf, "right") : np.searchsorted(ordered, np.inf, "left")]
    if not len(finite):
        return None
    out = []
    for q in QUANTILES:
        h = (len(finite) - 1) * q
        low = int(np.floor(h))
        high = min(low + 1, len(finite) - 1)
        out.append(float(finite[low] + (finite[high] - finite[low]) * (h - low)))
    return out


def _levels(col: int, values: np.ndarray, *, integer: bool) -> dict[str, Any]:
    ordered = np.sort(values[~np.isnan(values)])
    row: dict[str, Any] = {"col": col, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(("length_min", "length_max", "length_sum", "whitespace", "numeric_like", "with_spaces"))
    row["quantiles"] = quantiles(ordered)
    if not len(ordered):
        return row
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[starts, len(ordered)])
    top = int(np.argmax(counts))  # the first of tied counts: the smallest value, as SQL breaks ties
    mode = float(ordered[starts[top]])
    row |= {
        "levels": len(starts),
        "nlogn": float((counts * np.log(counts)).sum()),
        "mode_count": int(counts[top]),
        "mode": str(int(mode)) if integer else repr(mode),  # Python's repr is DuckDB's DOUBLE -> VARCHAR
    }
    return row
