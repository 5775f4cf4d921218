"""Numeric columns of a big Parquet file profiled one at a time in NumPy, their ranks kept in files.

Each float or integer column whose working set fits the memory budget is read alone from the file
with pyarrow (row group by row group into one float64 array; never the whole table), sorted once, and
profiled from that sort (`sorted`) or, for integers of a small range, counted (`profile_numeric`).
Its average ranks go to a `RankStore` for Spearman's rho. Two columns run at once (NumPy releases the
GIL while it sorts) when two working sets fit the budget. Columns too big for the budget, and numeric
types float64 cannot hold exactly, are left to the SQL plan (but still ranked when they fit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from profiling.bigfiles.ranks import RankStore, counted_ranks, doubled_ranks
from profiling.bigfiles.sorted import sorted_profile
from profiling.profile.arrays import EXACT
from profiling.profile.columns import Levels
from profiling.profile.models import ColumnProfile
from profiling.profile.numeric import COUNTING_SPAN, ColumnSpec, profile_numeric
from profiling.profile.profiler import FULL_LEVELS, TOP_K
from profiling.profile.runs import finite_bounds

# Peak bytes a row of one column's work, measured with tracemalloc on the bench file at 5M rows:
# 21.7-22.0 for sorted doubles (values, argsort, sorted copy, int32 ranks and runs), 25.0 for counted
# integers (the in-memory profiler's counting). Two columns at once at 20M rows: 1.04 GB.
WORKING_BYTES_PER_ROW = 26
MAX_ROWS = 1_000_000_000  # doubled ranks stay within int32
MAX_WORKERS = 2
READ_ROWS = 1 << 20  # rows per batch read from the file


@dataclass(frozen=True)
class NumericPass:
    """What the NumPy pass produced: profiles of the columns it could profile (all it worked on are ranked)."""

    profiles: dict[str, tuple[ColumnProfile, Levels]]
    workers: int  # columns worked on at once (0: none fitted the budget)


def numeric_workers(rows: int, *, budget_bytes: int) -> int:
    """How many columns can be worked on at once within the budget (0: none fits, use SQL)."""
    if rows > MAX_ROWS:
        return 0
    return min(MAX_WORKERS, budget_bytes // max(1, rows * WORKING_BYTES_PER_ROW))


def profile_numeric_columns(
    path: Path,
    columns: Sequence[tuple[int, str]],
    *,
    rows: int,
    dtypes: Mapping[str, str],
    markers: Mapping[str, int],
    store: RankStore,
    budget_bytes: int,
    threads: int | None = None,
) -> NumericPass:
    """Profile and rank each numeric (index, name) of a Parquet file, as many at once as the budget (and
    `threads`) allow."""
    workers = min(numeric_workers(rows, budget_bytes=budget_bytes), threads or MAX_WORKERS)
    if not workers or not columns:
        return NumericPass(profiles={}, workers=workers)
    specs = [
        ColumnSpec(
            name=name,
            index=index,
            dtype=dtypes.get(name, "numeric"),
            rows=rows,
            integer=False,
            markers=markers.get(name, 0),
            top_k=TOP_K,
            full_levels=FULL_LEVELS,
        )
        for index, name in columns
    ]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        done = list(pool.map(lambda spec: _column(path, spec, store), specs))
    profiles = {spec.name: found for spec, found in zip(specs, done, strict=True) if found is not None}
    return NumericPass(profiles=profiles, workers=workers)


def _column(path: Path, spec: ColumnSpec, store: RankStore) -> tuple[ColumnProfile, Levels] | None:
    """Rank one column into the store; its profile too when float64 holds its values exactly."""
    values, integer, local = read_column(path, spec.name, rows=spec.rows)
    spec = replace(spec, integer=integer)
    span = _counting_span(values) if local and integer else None
    if span is not None:  # a small range of integers: counted, not sorted (as the in-memory profiler does)
        result = profile_numeric(values, spec, ranks=False)
        store.write_blocks(spec.name, counted_ranks(values, low=float(np.nanmin(values)), span=span))
        return result.profile, result.levels
    present = ~np.isnan(values)
    complete = bool(present.all())
    kept = values if complete else values[present]
    del values
    order = np.argsort(kept).astype(np.int32)
    ordered = kept[order]
    del kept
    low, high = finite_bounds(ordered)
    doubled = doubled_ranks(ordered, order, low=low, high=high)
    del order
    if not complete:
        spread = np.zeros(spec.rows, np.int32)
        spread[present] = doubled
        doubled = spread
    del present
    store.write(spec.name, doubled)
    del doubled
    return sorted_profile(ordered, spec) if local else None


def _counting_span(values: np.ndarray) -> int | None:
    """The range of an integer column the in-memory profiler counts instead of sorting (else None)."""
    present = int(np.count_nonzero(~np.isnan(values)))
    if not present:
        return None
    span = float(np.nanmax(values) - np.nanmin(values))
    return int(span) if span <= max(COUNTING_SPAN * present, 65_536) else None


def read_column(path: Path, name: str, *, rows: int) -> tuple[np.ndarray, bool, bool]:
    """One column as float64 (NaN missing), read in batches (whatever the file's row groups); whether it
    holds integers, and whether float64 holds every value exactly (float64, or integers within 2**53)."""
    reader = pq.ParquetFile(path, pre_buffer=False)
    out = np.empty(rows)
    at = 0
    kind = reader.schema_arrow.field(name).type
    integer, exact = pa.types.is_integer(kind), pa.types.is_integer(kind) or pa.types.is_float64(kind)
    for batch in reader.iter_batches(batch_size=READ_ROWS, columns=[name], use_threads=False):
        column = batch.column(0)
        if integer and exact:
            bounds = pc.min_max(column)
            exact = all(abs(b.as_py() or 0) < EXACT for b in (bounds["min"], bounds["max"]))
        values = pc.fill_null(column.cast(pa.float64(), safe=False), np.nan)
        out[at : at + len(values)] = values.to_numpy(zero_copy_only=False)
        at += len(values)
    return out[:at], integer, exact
