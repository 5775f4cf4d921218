"""Pearson's r and Spearman's rho of numeric columns held in this process, computed with NumPy.

An in-process engine (DuckDB over Arrow or Parquet) hands over the cleaned numeric columns as Arrow;
ranking them here takes one SIMD argsort per column, where SQL needs one window (a full sort) per
column plus a join back to the rows: about six times faster on a million rows. Remote engines
(PostgreSQL, Spark) keep the SQL plan in `stats.association_query`, so their data never moves.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from profiling.profile.engine import Source
from profiling.profile.stats import NumericColumn, finite

CHUNK = 65_536  # rows per block of the product sums: bounds the temporaries to a few MiB


def local_pairs(source: Source, columns: Sequence[NumericColumn]) -> tuple[np.ndarray, np.ndarray]:
    """Matrices of Pearson's r (values) and Spearman's rho (average ranks); NaN where undefined.

    Same definitions as the SQL plan: NaN and infinities are missing; each column is ranked within
    its own finite values (ties share the mean of their ranks); every coefficient is then taken over
    the rows where both columns are present (pairwise-complete).
    """
    t = source.table
    values = _matrix(source, t.select(**{f"x{i}": finite(t, c.name) for i, c in enumerate(columns)}))
    for i, col in enumerate(columns):
        values[i] -= col.mean  # centred: sums of products keep their precision
    pearson = pairwise_correlation(values)
    for i, col in enumerate(columns):  # ranks replace the values in place: one matrix in memory
        values[i] = average_ranks(values[i]) - (col.finite + 1) / 2
    return pearson, pairwise_correlation(values)


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks of the non-NaN values, ties sharing their mean rank (NaN stays NaN)."""
    present = ~np.isnan(values)
    kept = values[present]
    order = np.argsort(kept)  # ties need no stable order: they all get the same rank
    ordered = kept[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    ranked = np.empty(len(kept))
    ranked[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    out = np.full(len(values), np.nan)
    out[present] = ranked
    return out


def pairwise_correlation(matrix: np.ndarray) -> np.ndarray:
    """Pearson's r between the rows of `matrix` (columns x observations, NaN missing), pairwise-complete.

    Per pair (i, j) over the rows where both are present: n, the sums of i and of i squared, and the
    sum of products; accumulated block by block as matrix products.
    """
    k = matrix.shape[0]
    n, sxy, s, ss = (np.zeros((k, k)) for _ in range(4))
    with np.errstate(over="ignore", invalid="ignore"):  # values near 1e308: the pair is left out
        _accumulate(matrix, n, sxy, s, ss)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        var = ss - s * s / n
        r = (sxy - s * s.T / n) / np.sqrt(var * var.T)
    r[(n < 2) | ~(var > 0) | ~(var.T > 0) | ~np.isfinite(r)] = np.nan
    return np.clip(r, -1.0, 1.0)


def _accumulate(matrix: np.ndarray, n: np.ndarray, sxy: np.ndarray, s: np.ndarray, ss: np.ndarray) -> None:
    for start in range(0, matrix.shape[1], CHUNK):
        block = matrix[:, start : start + CHUNK]
        present = ~np.isnan(block)
        weights = present.astype(np.float64)
        z = np.where(present, block, 0.0)
        n += weights @ weights.T
        sxy += z @ z.T
        s += z @ weights.T  # s[i, j]: sum of i over the rows where j is present
        ss += (z * z) @ weights.T


def _matrix(source: Source, expr: ir.Table) -> np.ndarray:
    """The columns of `expr` as one float64 matrix (columns x rows, NaN missing), filled batch by batch."""
    out = np.empty((len(expr.columns), int(source.backend.execute(source.table.count()))))
    at = 0
    sql = source.backend.compile(expr)
    for batch in source.backend.con.sql(sql).to_arrow_reader(CHUNK):  # DuckDB's own reader: Ibis' fails on 2.x
        for i, column in enumerate(batch.columns):
            out[i, at : at + batch.num_rows] = pc.fill_null(column.cast(pa.float64()), np.nan).to_numpy()
        at += batch.num_rows
    return out[:, :at]
