"""Duplicate rows of a big file: DuckDB hashes every row, NumPy sorts the hashes and counts repeats.

The profiler counts distinct 64-bit hashes of whole rows (`stats.distinct_rows`). As one DuckDB
aggregate over 20M rows that hash table outgrows a 1 GB cap and spills; streamed out as 8 bytes a
row and sorted in place, the same count takes one scan and one sort (160 MB for 20M rows).
"""

from __future__ import annotations

import numpy as np

from profiling.profile.engine import Source
from profiling.profile.stats import row_hash

BATCH_ROWS = 1 << 20


def distinct_row_count(source: Source, *, rows: int) -> int:
    """How many different rows (by their 64-bit hash, as the in-memory profile counts) the table has."""
    if not rows or not source.physical:
        return 0
    t = source.table
    expr = t.select(h=row_hash(t, list(source.physical)))
    hashes = np.empty(rows, np.uint64)
    at = 0
    relation = source.backend.con.sql(source.backend.compile(expr))
    for batch in relation.to_arrow_reader(BATCH_ROWS):
        part = batch.column(0).to_numpy(zero_copy_only=False)
        hashes[at : at + len(part)] = part
        at += len(part)
    hashes = hashes[:at]
    hashes.sort()
    return int(np.count_nonzero(hashes[1:] != hashes[:-1])) + 1 if at else 0
