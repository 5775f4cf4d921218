"""The fast profile: a handful of aggregate queries over the full data, turned into a DatasetProfile."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from threadpoolctl import threadpool_limits

from profiling.profile.alerts import LoadNote, column_alerts, dataset_alerts, load_alerts
from profiling.profile.arrays import NumericArrays, fetch_numeric, is_numeric, numeric_arrays
from profiling.profile.columns import Levels, apply_shape, base_profile, bin_plan, group_levels, top_limits
from profiling.profile.correlations import categorical_correlations, numeric_correlations
from profiling.profile.engine import Source, duckdb_source
from profiling.profile.inputs import column_names, frame_to_arrow, numbers_to_arrow
from profiling.profile.memory import regular_pages
from profiling.profile.models import (
    Alert,
    ColumnProfile,
    CorrelationPair,
    Correlations,
    DatasetProfile,
    DatasetSummary,
)
from profiling.profile.numeric import ColumnSpec, NumericColumnResult, profile_numeric
from profiling.profile.stats import (
    BinPlan,
    distinct_rows,
    key,
    levels_query,
    shape_query,
    summary_query,
    top_values_query,
)
from profiling.profile.temporal import profile_temporal, temporal_values

TOP_K = 20
FULL_LEVELS = 1000
NUMPY_THREADS = 2  # numeric columns sorted at once (NumPy releases the GIL while it sorts)


def profile_frame(
    frame: pd.DataFrame,
    *,
    name: str,
    load_warnings: Iterable[LoadNote] | None = None,
    threads: int | None = None,
) -> DatasetProfile:
    """Profile an in-memory table: converted to Arrow once, then scanned by DuckDB without copies.

    The numeric columns are converted first and start their NumPy profiles while the text columns
    are still being converted (NumPy sorts without holding the GIL).
    """
    started = time.perf_counter()
    notes = list(load_warnings or [])
    with regular_pages(), ThreadPoolExecutor(max_workers=NUMPY_THREADS) as numpy_pool:
        numbers = numbers_to_arrow(frame)
        names = column_names(frame)
        numeric = [(i, col) for i, col in enumerate(names) if col in numbers and is_numeric(numbers[col].type)]
        arrays = None
        if numeric and len(frame):
            data = pa.table([numbers[col] for _, col in numeric], names=[col for _, col in numeric])
            arrays = numeric_arrays(data, positions=tuple(i for i, _ in numeric))
        dtypes = {col: str(dtype) for col, dtype in zip(names, frame.dtypes, strict=True)}
        jobs = _numeric_jobs(numpy_pool, arrays, dtypes=dtypes, markers=_marker_counts(notes))
        converted = frame_to_arrow(frame, converted=numbers)
        if not converted.table.num_columns:  # DuckDB cannot scan a table without columns
            return _no_columns(name, rows=len(frame), started=started)
        source = duckdb_source(arrow=converted.table, threads=threads)
        return _profile(
            source,
            name=name,
            dtypes=converted.dtypes,
            memory=converted.nbytes,
            mixed=converted.mixed_types,
            notes=notes,
            started=started,
            numpy_pool=numpy_pool,
            prepared=(arrays, jobs),
        )


def profile_parquet(
    path: Path,
    *,
    name: str | None = None,
    load_warnings: Iterable[LoadNote] | None = None,
    threads: int | None = None,
) -> DatasetProfile:
    """Profile a Parquet file where it lies: DuckDB streams it, nothing is loaded into pandas."""
    started = time.perf_counter()
    source = duckdb_source(parquet=Path(path), threads=threads)
    meta = pq.ParquetFile(path).metadata
    memory = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    dtypes = {col: str(dtype) for col, dtype in source.table.schema().items()}
    with regular_pages():
        return _profile(
            source,
            name=name or Path(path).stem,
            dtypes=dtypes,
            memory=memory,
            mixed={},
            notes=list(load_warnings or []),
            started=started,
        )


def _profile(
    source: Source,
    *,
    name: str,
    dtypes: Mapping[str, str],
    memory: int,
    mixed: Mapping[str, Mapping[str, int]],
    notes: Sequence[LoadNote],
    started: float,
    numpy_pool: ThreadPoolExecutor | None = None,
    prepared: tuple[NumericArrays | None, dict[str, Future[NumericColumnResult]]] | None = None,
) -> DatasetProfile:
    """The profile of `source`; `prepared` holds numeric columns already being profiled on `numpy_pool`."""
    markers = _marker_counts(notes)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(ThreadPoolExecutor(max_workers=3))
        workers = numpy_pool or stack.enter_context(ThreadPoolExecutor(max_workers=NUMPY_THREADS))
        start = functools.partial(_start, source, pool)
        if prepared is not None and _matches(source, prepared[0]):
            arrays, numeric_jobs = prepared
        else:
            arrays = fetch_numeric(source)
            numeric_jobs = _numeric_jobs(workers, arrays, dtypes=dtypes, markers=markers)
        temporal_jobs = _temporal_jobs(source, workers, dtypes=dtypes, markers=markers)
        local = (arrays.local if arrays is not None else frozenset()) | temporal_jobs.keys()
        # Over Parquet the engine's queries run one by one on every core: the numbers go first, and
        # their memory is freed before the queries hold theirs. In memory they overlap.
        numbers = None
        if not source.concurrent:
            numbers, arrays, numeric_jobs = _numbers(source, arrays, numeric_jobs), None, {}
        # the levels query, the engine's longest, starts first
        levels_job = start(levels_query(source, skip=local, top_k=TOP_K, full_levels=FULL_LEVELS))
        summary_job = start(summary_query(source, skip=local))
        distinct_job = start(distinct_rows(source).as_table()) if source.concurrent else None
        numbers = numbers or _numbers(source, arrays, numeric_jobs)
        del arrays, numeric_jobs
        summary = summary_job.result().to_pylist()[0]
        rows = int(summary["__rows"])
        levels = _levels(source, summary, levels_job.result().to_pylist())
        columns = _base_columns(source, summary, levels, rows=rows, dtypes=dtypes, markers=markers, skip=local)
        done = numbers.profiles | {col: job.result() for col, job in temporal_jobs.items()}
        for i, col in enumerate(source.physical):
            if col in done:
                columns[i], levels[i] = done[col]
        plans = _shape_plans(source, columns, summary, skip=local)
        shape_job = start(shape_query(source, list(plans.values()), temporal=_temporal(source)) if plans else None)
        # Over Parquet the duplicate rows are counted beside Cramér's V, once the numbers are freed
        distinct_job = distinct_job or _start(source, pool, distinct_rows(source).as_table(), background=True)
        correlations = _correlations(source, columns, rows=rows, numbers=numbers)
        del numbers
        columns = _with_shapes(source, columns, plans, shape_job.result())
        distinct = distinct_job.result().column(0)[0].as_py()
    duplicates = rows - int(distinct) if rows and columns else 0
    parts = ProfileParts(columns=columns, levels=levels, correlations=correlations, rows=rows, duplicates=duplicates)
    return finished(name, parts, memory=memory, mixed=mixed, notes=notes, started=started)


@dataclass(frozen=True)
class ProfileParts:
    """What the passes found, before the dataset-level alerts and summary."""

    columns: list[ColumnProfile]
    levels: Sequence[Levels]
    correlations: Correlations
    rows: int
    duplicates: int


def finished(
    name: str,
    parts: ProfileParts,
    *,
    memory: int,
    mixed: Mapping[str, Mapping[str, int]],
    notes: Sequence[LoadNote],
    started: float,
) -> DatasetProfile:
    """The profile: alerts (per column and dataset-wide) and the dataset summary added to the passes' parts."""
    alerts = _alerts(parts.columns, parts.levels, rows=parts.rows, mixed=mixed, notes=notes)
    alerts += dataset_alerts(rows=parts.rows, duplicates=parts.duplicates, correlations=parts.correlations)
    dataset = _summary(
        name, rows=parts.rows, columns=parts.columns, memory=memory, duplicates=parts.duplicates, alerts=alerts
    )
    return DatasetProfile(
        dataset=dataset,
        columns=parts.columns,
        alerts=alerts,
        correlations=parts.correlations,
        seconds=time.perf_counter() - started,
    )


def _one_blas_thread() -> contextlib.AbstractContextManager[object]:
    """The product sums are small matrix products (columns x 65,536-row blocks): a second BLAS thread
    gains little there and spin-waits on a core the engine's threads need."""
    return threadpool_limits(limits=1, user_api="blas")


def _matches(source: Source, arrays: NumericArrays | None) -> bool:
    """The prepared numeric columns are the source's numeric columns, at the same places."""
    numeric = [(i, col) for i, (col, p) in enumerate(source.physical.items()) if p == "numeric"]
    if arrays is None:
        return not numeric or source.arrow is not None and source.arrow.num_rows == 0
    return source.in_process and list(zip(arrays.positions, arrays.names, strict=True)) == numeric


@dataclass(frozen=True)
class _Numbers:
    """The local numeric columns' profiles, and their correlations when they could be taken early."""

    profiles: dict[str, tuple[ColumnProfile, Levels]]
    pairs: tuple[list[CorrelationPair], list[CorrelationPair]] | None
    arrays: NumericArrays | None = None  # kept (with the ranks) only while `pairs` wait for SQL columns
    ranks: Mapping[str, np.ndarray] = field(default_factory=dict)


def _numbers(source: Source, arrays: NumericArrays | None, jobs: Mapping[str, Future[NumericColumnResult]]) -> _Numbers:
    """Wait for the numeric columns; correlate them now unless a numeric column is profiled by SQL
    (float32, decimal, huge integers): its profile is needed first."""
    results = {col: job.result() for col, job in jobs.items()}
    profiles = {col: (result.profile, result.levels) for col, result in results.items()}
    ranks = {col: result.ranks for col, result in results.items() if result.ranks is not None}
    if arrays is None or arrays.local != set(arrays.names):
        return _Numbers(profiles=profiles, pairs=None, arrays=arrays, ranks=ranks)
    with _one_blas_thread():
        columns = [profile for profile, _ in profiles.values()]
        pairs = numeric_correlations(source, columns, rows=arrays.matrix.shape[1], arrays=arrays, ranks=ranks)
    return _Numbers(profiles=profiles, pairs=pairs)


def _correlations(source: Source, columns: list[ColumnProfile], *, rows: int, numbers: _Numbers) -> Correlations:
    """All coefficients; the numeric pairs may have been computed early (see `_numbers`)."""
    if numbers.pairs is None:
        with _one_blas_thread():
            pearson, spearman = numeric_correlations(
                source, columns, rows=rows, arrays=numbers.arrays, ranks=numbers.ranks
            )
    else:
        pearson, spearman = numbers.pairs
    cramers = categorical_correlations(source, columns)
    return Correlations(pearson=pearson, spearman=spearman, cramers_v=cramers, spearman_rows=rows if spearman else 0)


def _temporal_jobs(
    source: Source, pool: ThreadPoolExecutor, *, dtypes: Mapping[str, str], markers: Mapping[str, int]
) -> dict[str, Future[tuple[ColumnProfile, Levels]]]:
    """Each date and timestamp column of an in-process source profiled with NumPy on the pool (those
    `temporal_values` leaves to SQL are left out)."""
    temporal = [(i, col) for i, (col, p) in enumerate(source.physical.items()) if p == "temporal"]
    if not temporal or source.cursor is None or source.arrow is None and source.parquet is None:
        return {}
    zone = str(source.cursor().sql("SELECT current_setting('TimeZone')").fetchall()[0][0])
    schema = source.table.schema()
    jobs = {}
    for i, col in temporal:
        data = source.arrow.column(col) if source.arrow is not None else pq.read_table(source.parquet, columns=[col])[0]
        values = temporal_values(data, schema[col].to_pyarrow(), session_zone=zone)
        if values is None:
            continue
        spec = ColumnSpec(
            name=col,
            index=i,
            dtype=dtypes.get(col, "temporal"),
            rows=len(values.ticks),
            integer=True,
            markers=markers.get(col, 0),
            top_k=TOP_K,
            full_levels=FULL_LEVELS,
        )
        jobs[col] = pool.submit(profile_temporal, values, spec, texts=functools.partial(_engine_texts, source))
    return jobs


def _engine_texts(source: Source, values: pa.Array) -> list[str]:
    """A few values cast to text by the engine itself (its format for dates and instants)."""
    assert source.cursor is not None  # in process (see `_temporal_jobs`)
    cursor = source.cursor()
    try:
        cursor.register("prism_texts", pa.table({"i": pa.array(range(len(values)), pa.int64()), "v": values}))
        return [row[0] for row in cursor.execute("SELECT CAST(v AS VARCHAR) FROM prism_texts ORDER BY i").fetchall()]
    finally:
        cursor.close()


def _numeric_jobs(
    pool: ThreadPoolExecutor, arrays: NumericArrays | None, *, dtypes: Mapping[str, str], markers: Mapping[str, int]
) -> dict[str, Future[NumericColumnResult]]:
    """Each local numeric column profiled from its NumPy row (with its ranks), on the NumPy threads."""
    if arrays is None:
        return {}
    rows = arrays.matrix.shape[1]
    jobs = {}
    for position, col in enumerate(arrays.names):
        if col not in arrays.local:
            continue
        spec = ColumnSpec(
            name=col,
            index=arrays.positions[position],
            dtype=dtypes.get(col, "numeric"),
            rows=rows,
            integer=col in arrays.integers,
            markers=markers.get(col, 0),
            top_k=TOP_K,
            full_levels=FULL_LEVELS,
        )
        jobs[col] = pool.submit(profile_numeric, arrays.matrix[position], spec, ranks=True)
    return jobs


def _start(
    source: Source, pool: ThreadPoolExecutor, expr: ir.Table | None, *, background: bool = False
) -> Future[pa.Table]:
    """Run a query on its own cursor in `pool` (DuckDB over Arrow, or with `background` any in-process
    source), or now (see `Source.concurrent`)."""
    if expr is not None and (source.concurrent or background) and source.in_process:
        return pool.submit(source.run, expr)
    done: Future[pa.Table] = Future()
    done.set_result(source.run(expr) if expr is not None else pa.table({}))
    return done


def _no_columns(name: str, *, rows: int, started: float) -> DatasetProfile:
    dataset = _summary(name, rows=rows, columns=[], memory=0, duplicates=0, alerts=[])
    return DatasetProfile(
        dataset=dataset, columns=[], alerts=[], correlations=Correlations(), seconds=time.perf_counter() - started
    )


def _levels(source: Source, summary: dict[str, Any], level_rows: list[dict[str, Any]]) -> list[Levels]:
    """Distinct counts, modes and text checks (added to `summary`), then the top values where useful."""
    for row in level_rows:
        row["count"] = summary[key(row["col"], "present")]
        for stat in ("length_min", "length_max", "length_sum", "whitespace", "numeric_like", "with_spaces"):
            summary[key(row["col"], stat)] = row[stat]
    physical = list(source.physical.values())
    limits = top_limits(level_rows, physical, top_k=TOP_K, full_levels=FULL_LEVELS)
    if level_rows and "top" in level_rows[0]:  # the levels query brought them, the mode first
        for row in level_rows:
            row["mode"] = row["top"][0]["value"] if row["top"] else None
        top_rows = [
            {"col": row["col"], **item}
            for row in level_rows
            for item in (row["top"] or [])[: limits.get(row["col"], 0)]
        ]
    else:
        top_query = top_values_query(source, limits)
        top_rows = source.run(top_query).to_pylist() if top_query is not None else []
    return group_levels(level_rows, top_rows, len(physical))


def _temporal(source: Source) -> set[str]:
    return {c for c, p in source.physical.items() if p == "temporal"}


def _base_columns(
    source: Source,
    summary: Mapping[str, Any],
    levels: Sequence[Levels],
    *,
    rows: int,
    dtypes: Mapping[str, str],
    markers: Mapping[str, int],
    skip: frozenset[str] = frozenset(),
) -> list[ColumnProfile]:
    """Each column's profile from the summary and levels passes (before histograms and other shapes).

    Columns in `skip` are profiled elsewhere: their place holds a placeholder with only the name.
    """
    return [
        _placeholder(col)
        if col in skip
        else base_profile(
            col,
            index=i,
            physical=physical,
            dtype=dtypes.get(col, physical),
            rows=rows,
            summary=summary,
            levels=levels[i],
            top_k=TOP_K,
            markers=markers.get(col, 0),
        )
        for i, (col, physical) in enumerate(source.physical.items())
    ]


def _placeholder(name: str) -> ColumnProfile:
    return ColumnProfile(
        name=name,
        kind="constant",
        dtype="",
        count=0,
        missing_count=0,
        missing_fraction=0.0,
        distinct_count=0,
        distinct_fraction=0.0,
        unique=False,
    )


def _shape_plans(
    source: Source, columns: list[ColumnProfile], summary: Mapping[str, Any], *, skip: frozenset[str] = frozenset()
) -> dict[int, BinPlan]:
    """Bins and IQR fences of each numeric and datetime column, for the shape query (but those in `skip`)."""
    plans = {}
    for i, col in enumerate(columns):
        physical = source.physical[col.name]
        if col.name in skip:
            continue
        if physical == "numeric" and col.min is not None and col.max is not None and col.kind != "boolean":
            plan = bin_plan(i, col, low=col.min, high=col.max, integer="int" in col.dtype.lower())
        elif physical == "temporal" and col.count:
            low, high = (summary[f"{i}:{stat}"] for stat in ("min", "max"))
            plan = bin_plan(i, col, low=_epoch(low), high=_epoch(high), integer=False)
        else:
            plan = None
        if plan is not None:
            plans[i] = plan
    return plans


def _with_shapes(
    source: Source, columns: list[ColumnProfile], plans: Mapping[int, BinPlan], result: pa.Table
) -> list[ColumnProfile]:
    """Histograms, skewness and outliers for numeric and datetime columns, from the shape query."""
    temporal = _temporal(source)
    by_column: dict[int, list[dict[str, Any]]] = {}
    for row in result.to_pylist():
        by_column.setdefault(row["col"], []).append(row)
    return [
        apply_shape(col, plans[i], by_column.get(i, []), temporal=col.name in temporal) if i in plans else col
        for i, col in enumerate(columns)
    ]


def _epoch(value: Any) -> float:
    return float(pd.Timestamp(value).timestamp())


def _marker_counts(notes: Sequence[LoadNote]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for note in notes:
        if note.type == "missing_markers" and note.column:
            counts[note.column] = counts.get(note.column, 0) + int(note.count or 0)
    return counts


def _alerts(
    columns: Sequence[ColumnProfile],
    levels: Sequence[Levels],
    *,
    rows: int,
    mixed: Mapping[str, Mapping[str, int]],
    notes: Sequence[LoadNote],
) -> list[Alert]:
    out: list[Alert] = []
    for col, level in zip(columns, levels, strict=True):
        full = level.values if col.kind == "categorical" and level.complete else []
        out.extend(column_alerts(col, rows=rows, mixed=mixed.get(col.name), levels=full))
    seen = {(a.type, a.column) for a in out}
    out.extend(a for a in load_alerts(notes) if (a.type, a.column) not in seen)
    return out


def _summary(
    name: str, *, rows: int, columns: Sequence[ColumnProfile], memory: int, duplicates: int, alerts: Sequence[Alert]
) -> DatasetSummary:
    cells = rows * len(columns)
    missing = sum(c.missing_count for c in columns)
    kinds: dict[str, int] = {}
    for col in columns:
        kinds[col.kind] = kinds.get(col.kind, 0) + 1
    flagged = {a.column for a in alerts if a.severity == "warning" and a.column is not None}
    missing_share = missing / cells if cells else 0.0
    duplicate_share = duplicates / rows if rows else 0.0
    flagged_share = len(flagged) / len(columns) if columns else 0.0
    score = max(0.0, 1.0 - (missing_share + duplicate_share + flagged_share) / 3)
    sentence = (
        f"{rows:,} rows x {len(columns):,} columns; {missing_share:.1%} of cells missing, "
        f"{duplicates:,} duplicate rows, {len(alerts):,} alerts on {len(flagged):,} columns."
    )
    return DatasetSummary(
        name=name,
        rows=rows,
        columns=len(columns),
        memory_bytes=memory,
        duplicate_rows=duplicates,
        duplicate_fraction=duplicate_share,
        missing_cells=missing,
        missing_cells_fraction=missing_share,
        kinds=kinds,
        quality_score=score,
        quality_summary=sentence,
    )
