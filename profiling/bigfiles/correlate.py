"""Pearson's r and Spearman's rho of a big file's numeric columns, row block by row block.

The values are read again from the Parquet file (only the numeric columns, one block of rows at a
time) and the ranks from the `RankStore`; both feed pairwise-complete sums (`PairSums`), so memory
holds one block, never a column. The definitions are the in-memory profiler's (`profile.pairs`):
NaN, null and infinities are missing; each column is ranked within its own finite values; each
coefficient is taken over the rows where both columns are present.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from profiling.bigfiles.ranks import RankStore
from profiling.profile.correlations import MAX_NUMERIC, pairs_of
from profiling.profile.models import ColumnProfile, CorrelationPair
from profiling.profile.pairs import CHUNK, PairSums, Presence
from profiling.profile.stats import NumericColumn


def correlated_columns(columns: Sequence[ColumnProfile]) -> list[NumericColumn]:
    """The numeric columns the profiler correlates (numeric kind, some spread; the first MAX_NUMERIC)."""
    chosen = [c for c in columns if c.kind == "numeric" and (c.std or 0) > 0][:MAX_NUMERIC]
    return [
        NumericColumn(
            name=c.name, distinct=c.distinct_count, finite=c.count - (c.infinite_count or 0), mean=c.mean or 0.0
        )
        for c in chosen
    ]


def file_pairs(
    path: Path, columns: Sequence[NumericColumn], store: RankStore
) -> tuple[list[CorrelationPair], list[CorrelationPair]]:
    """Pearson and Spearman pairs of `columns` (each must be in `store`) over every row of the file."""
    if len(columns) < 2:
        return [], []
    values, ranks = PairSums(len(columns)), PairSums(len(columns))
    means = np.array([c.mean for c in columns])[:, None]
    middles = np.array([(c.finite + 1) / 2 for c in columns])[:, None]
    reader = pq.ParquetFile(path, pre_buffer=False)
    at = 0
    for batch in reader.iter_batches(batch_size=CHUNK, columns=[c.name for c in columns]):
        block = np.empty((len(columns), batch.num_rows))
        for i, col in enumerate(columns):
            block[i] = pc.fill_null(batch.column(col.name).cast(pa.float64(), safe=False), np.nan).to_numpy(
                zero_copy_only=False
            )
        block[np.isinf(block)] = np.nan
        block -= means
        presence = Presence.of(block)  # a rank is missing exactly where its value is (NaN, null, infinite)
        values.add(block, presence)
        for i, col in enumerate(columns):
            block[i] = store.read(col.name, at, batch.num_rows)
        block -= middles
        ranks.add(block, presence)
        at += batch.num_rows
    return pairs_of(columns, values.correlation()), pairs_of(columns, ranks.correlation())
