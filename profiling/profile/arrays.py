"""Numeric columns of an in-process engine fetched once into a NumPy matrix, and their value levels.

DuckDB in this process hands the numeric columns over as Arrow in one scan. A SIMD sort of a
million doubles takes milliseconds, where a GROUP BY over a million distinct doubles builds a hash
table of a million groups: so the levels of float64 columns (distinct count, entropy sum, mode) are
read from sorted runs here, and the same matrix later feeds the correlations (`pairs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from profiling.profile.engine import Source
from profiling.profile.stats import present

CHUNK = 65_536  # rows per Arrow batch fetched from the engine


@dataclass(frozen=True)
class NumericArrays:
    """Every numeric column as a float64 row of `matrix` (NaN missing, infinities kept)."""

    names: tuple[str, ...]
    matrix: np.ndarray  # columns x rows
    floats: frozenset[str]  # columns stored as float64, whose levels come from here

    def index(self, name: str) -> int:
        return self.names.index(name)


def local_floats(source: Source) -> frozenset[str]:
    """The float64 columns whose levels come from NumPy (in-process engines only)."""
    if not source.in_process:
        return frozenset()
    return frozenset(c for c, p in source.physical.items() if p == "numeric" and source.table[c].type().is_float64())


def fetch_numeric(source: Source) -> NumericArrays | None:
    """The numeric columns of an in-process source, in one scan (None when there are none)."""
    names = tuple(c for c, p in source.physical.items() if p == "numeric")
    if not names or not source.in_process:
        return None
    t = source.table
    expr = t.select(**{f"x{i}": present(t, c, "numeric").cast("float64") for i, c in enumerate(names)})
    return NumericArrays(names=names, matrix=fetch_matrix(source, expr), floats=local_floats(source))


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


def float_levels(arrays: NumericArrays, positions: dict[str, int]) -> list[dict[str, Any]]:
    """Rows shaped like the levels query's, for the float64 columns (`positions`: name -> column number)."""
    return [_levels(positions[name], arrays.matrix[arrays.index(name)]) for name in sorted(arrays.floats)]


def _levels(col: int, values: np.ndarray) -> dict[str, Any]:
    ordered = np.sort(values[~np.isnan(values)])
    row: dict[str, Any] = {"col": col, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(("length_min", "length_max", "length_sum", "whitespace", "numeric_like", "with_spaces"))
    if not len(ordered):
        return row
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    counts = np.diff(np.r_[starts, len(ordered)])
    top = int(np.argmax(counts))  # the first of tied counts: the smallest value, as SQL breaks ties
    row |= {
        "levels": len(starts),
        "nlogn": float((counts * np.log(counts)).sum()),
        "mode_count": int(counts[top]),
        "mode": repr(float(ordered[starts[top]])),  # Python's repr is DuckDB's DOUBLE -> VARCHAR text
    }
    return row
