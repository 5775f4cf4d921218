"""The fast profile of a file bigger than memory: numeric columns one at a time in NumPy, the rest by DuckDB."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from profiling.bigfiles.correlate import correlated_columns, file_pairs
from profiling.bigfiles.duplicates import distinct_row_count
from profiling.bigfiles.engine import connect, connect_ibis, engine_error, literal
from profiling.bigfiles.engine import memory_limit_mb as default_limit_mb
from profiling.bigfiles.numeric import profile_numeric_columns
from profiling.bigfiles.plan import file_kind
from profiling.bigfiles.ranks import RankStore
from profiling.profile import ColumnProfile, Correlations, DatasetProfile
from profiling.profile.alerts import LoadNote
from profiling.profile.columns import Levels
from profiling.profile.correlations import compute_correlations
from profiling.profile.engine import Source, ibis_source
from profiling.profile.profiler import (
    ProfileParts,
    _base_columns,
    _levels,
    _marker_counts,
    _shape_plans,
    _temporal,
    _with_shapes,
    finished,
)
from profiling.profile.stats import levels_query, shape_query, summary_query

ROW_ID = "file_row_number"
# Exact quantiles keep every value of a numeric column in memory (8 bytes a row) and cannot spill:
# numeric columns are profiled a few at a time so that their values fit in this share of the cap.
QUANTILE_SHARE = 0.5


def profile_file(
    path: Path,
    *,
    name: str | None = None,
    load_warnings: Iterable[LoadNote] | None = None,
    threads: int | None = None,
    memory_limit_mb: int | None = None,
    temp_dir: Path | None = None,
    numeric_per_batch: int | None = None,
    numpy_budget_bytes: int | None = None,
) -> DatasetProfile:
    """The fast profile of every row of a Parquet or CSV file; nothing is loaded into pandas.

    Numeric columns are profiled one at a time in NumPy when one column's working set fits
    `numpy_budget_bytes` (default: the DuckDB cap, whose queries never run at the same time); the
    others by DuckDB in column batches, `numeric_per_batch` numeric columns each (default: as many as fit).
    """
    path = Path(path)
    notes = list(load_warnings or [])
    limit = memory_limit_mb or default_limit_mb()
    if file_kind(path.name) != "parquet":
        with tempfile.TemporaryDirectory(dir=temp_dir) as folder:
            staged = Path(folder) / f"{path.stem}.parquet"
            _csv_to_parquet(path, staged, threads=threads, memory_limit=limit, temp_dir=temp_dir)
            return profile_file(
                staged,
                name=name or path.stem,
                load_warnings=notes,
                threads=threads,
                memory_limit_mb=limit,
                temp_dir=temp_dir,
                numeric_per_batch=numeric_per_batch,
                numpy_budget_bytes=numpy_budget_bytes,
            )
    plan = _Plan(
        limit_mb=limit,
        per_batch=numeric_per_batch,
        numpy_budget=numpy_budget_bytes if numpy_budget_bytes is not None else limit * 1024**2,
        threads=threads,
    )
    backend = connect_ibis(threads=threads, memory_limit=limit, temp_dir=temp_dir)
    try:
        with tempfile.TemporaryDirectory(dir=temp_dir, prefix="prism-ranks-") as folder:
            return _profile_parquet(backend, path, name=name or path.stem, notes=notes, plan=plan, ranks=Path(folder))
    except duckdb.Error as err:
        raise engine_error(path.name, err, limit_mb=limit) from err
    finally:
        backend.disconnect()


def column_batches(
    physical: Mapping[str, str], *, rows: int, limit_mb: int, per_batch: int | None = None
) -> list[list[str]]:
    """Columns in groups whose numeric values (8 bytes a row each) fit in QUANTILE_SHARE of the cap."""
    per_batch = per_batch or max(1, int(limit_mb * 1024**2 * QUANTILE_SHARE) // max(1, rows * 8))
    numeric = [c for c, p in physical.items() if p == "numeric"]
    others = [c for c, p in physical.items() if p != "numeric"]
    batches = [numeric[i : i + per_batch] for i in range(0, len(numeric), per_batch)] or [[]]
    for i, col in enumerate(others):  # other columns spread over the batches (their work spills to disk)
        batches[i % len(batches)].append(col)
    order = {c: i for i, c in enumerate(physical)}
    return [sorted(batch, key=order.__getitem__) for batch in batches if batch]


@dataclass(frozen=True)
class _Plan:
    limit_mb: int  # the DuckDB cap
    per_batch: int | None  # numeric columns per SQL batch
    numpy_budget: int  # bytes the NumPy pass may hold
    threads: int | None  # DuckDB threads, and at most as many columns at once in NumPy


def _profile_parquet(
    backend: ibis.BaseBackend, path: Path, *, name: str, notes: Sequence[LoadNote], plan: _Plan, ranks: Path
) -> DatasetProfile:
    """NumPy for the numeric columns that fit, DuckDB batches for the rest, then the cross-column passes."""
    started = time.perf_counter()
    row_id = None if ROW_ID in pq.read_schema(path).names else ROW_ID
    table = backend.read_parquet(str(path), table_name="prism_data", file_row_number=row_id is not None)
    meta = pq.ParquetFile(path).metadata
    rows = meta.num_rows
    dtypes = {col: str(dtype) for col, dtype in table.schema().items() if col != row_id}
    source = ibis_source(backend, table, row_id=row_id)
    markers = _marker_counts(notes)
    store = RankStore(ranks)
    numeric = [(i, c) for i, (c, p) in enumerate(source.physical.items()) if p == "numeric"]
    done = profile_numeric_columns(
        path,
        numeric,
        rows=rows,
        dtypes=dtypes,
        markers=markers,
        store=store,
        budget_bytes=plan.numpy_budget,
        threads=plan.threads,
    )
    found = dict(done.profiles)
    rest = {c: p for c, p in source.physical.items() if c not in found}
    for batch in column_batches(rest, rows=rows, limit_mb=plan.limit_mb, per_batch=plan.per_batch) if rest else []:
        columns, levels = _batch_columns(source, batch, rows=rows, dtypes=dtypes, markers=markers)
        found.update({col.name: (col, level) for col, level in zip(columns, levels, strict=True)})
    ordered = [found[c] for c in source.physical]
    columns = [col for col, _ in ordered]
    duplicates = rows - distinct_row_count(source, rows=rows) if rows else 0
    correlations = _correlations(source, path, columns, rows=rows, store=store)
    levels = [level for _, level in ordered]
    parts = ProfileParts(columns=columns, levels=levels, correlations=correlations, rows=rows, duplicates=duplicates)
    memory = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return finished(name, parts, memory=memory, mixed={}, notes=notes, started=started)


def _batch_columns(
    source: Source, batch: list[str], *, rows: int, dtypes: dict[str, str], markers: dict[str, int]
) -> tuple[list[ColumnProfile], list[Levels]]:
    """The per-column passes of the profiler (summary, levels, top values, shapes) over one batch."""
    selected = source.table.select(*batch, *([source.row_id] if source.row_id else []))
    part = Source(
        backend=source.backend,
        table=selected,
        physical={c: p for c, p in source.physical.items() if c in set(batch)},
        row_id=source.row_id,
    )
    summary = part.run(summary_query(part)).to_pylist()[0]
    query = levels_query(part)
    levels = _levels(part, summary, part.run(query).to_pylist() if query is not None else [])
    columns = _base_columns(part, summary, levels, rows=rows, dtypes=dtypes, markers=markers)
    plans = _shape_plans(part, columns, summary)
    shapes = shape_query(part, list(plans.values()), temporal=_temporal(part))
    return _with_shapes(part, columns, plans, part.run(shapes) if shapes is not None else pa.table({})), levels


def _correlations(
    source: Source, path: Path, columns: list[ColumnProfile], *, rows: int, store: RankStore
) -> Correlations:
    """Pearson and Spearman from the ranked files when every correlated column is ranked (else the SQL
    plan for all), Cramér's V by DuckDB."""
    numeric = correlated_columns(columns)
    if any(c.name not in store for c in numeric):
        return compute_correlations(source, columns, rows=rows)
    others = [c for c in columns if c.kind != "numeric"]
    cramers = compute_correlations(source, others, rows=rows)
    pearson, spearman = file_pairs(path, numeric, store)
    return cramers.model_copy(
        update={"pearson": pearson, "spearman": spearman, "spearman_rows": rows if spearman else 0}
    )


def _csv_to_parquet(
    source: Path, target: Path, *, threads: int | None, memory_limit: int, temp_dir: Path | None
) -> None:
    con = connect(threads=threads, memory_limit=memory_limit, temp_dir=temp_dir)
    try:
        con.execute(f"COPY (SELECT * FROM read_csv({literal(source)})) TO {literal(target)} (FORMAT parquet)")
    except duckdb.Error as err:
        raise engine_error(source.name, err) from err
    finally:
        con.close()
