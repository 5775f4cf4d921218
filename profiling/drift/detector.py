"""Reference versus current: every column's drift, schema changes, key overlap, labels and the dataset verdict."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pyarrow as pa

from profiling.drift.columns import Plan, judge, plan_columns
from profiling.drift.engine import DriftEngine, Engine, to_arrow
from profiling.drift.labels import label_drift
from profiling.drift.models import ColumnDrift, DriftOptions, DriftReport, IdentifierFact
from profiling.drift.schema import compare_schemas
from profiling.drift.severity import verdict
from profiling.errors import ColumnNotFoundError, ProfilingError

if TYPE_CHECKING:  # pandas is imported only when a DataFrame is passed in
    import pandas as pd


def detect_drift(
    reference: pd.DataFrame | pa.Table,
    current: pd.DataFrame | pa.Table,
    *,
    options: DriftOptions | None = None,
    reference_name: str = "reference",
    current_name: str = "current",
    split: str | None = None,
) -> DriftReport:
    """Compare two tables column by column (DuckDB over Arrow, every row) and decide whether the data drifted.

    The dataset drifted when the share of drifted columns reaches `options.drift_share` (default 0.5).
    The target (if set) is judged as label drift and left out of that share.
    """
    start = time.perf_counter()
    ref, cur = to_arrow(reference), to_arrow(current)
    engine = Engine(ref, cur)
    try:
        return compare(engine, options=options, names=(reference_name, current_name), split=split, start=start)
    finally:
        engine.close()


def compare(
    engine: DriftEngine,
    *,
    options: DriftOptions | None,
    names: tuple[str, str],
    split: str | None = None,
    start: float | None = None,
) -> DriftReport:
    """The drift report from any engine (Arrow in memory, or Ibis tables in a database, DuckDB over files, Spark)."""
    start = time.perf_counter() if start is None else start
    options = options or DriftOptions()
    _check(options, engine, names)
    ref_columns, cur_columns = engine.schemas["ref"].names, engine.schemas["cur"].names
    common = [name for name in ref_columns if name in set(cur_columns)]
    plans = plan_columns(engine, common, options)
    compared = [p for p in plans if p.name != options.target and not _is_key(p, options)]
    columns = sorted((judge(p, options) for p in compared), key=_worst_first)
    keys = [_key_fact(engine, p) for p in plans if _is_key(p, options) and p.name != options.target]
    target = next((p for p in plans if p.name == options.target), None)
    label = label_drift(engine, target, options) if target is not None else None
    changes = compare_schemas(engine, ref_columns, cur_columns, plans)
    drifted = sum(c.drifted for c in columns)
    share = drifted / len(columns) if columns else 0.0
    return DriftReport(
        reference=names[0],
        current=names[1],
        reference_rows=engine.rows["ref"],
        current_rows=engine.rows["cur"],
        split=split,
        columns=columns,
        tested_columns=len(columns),
        drifted_columns=drifted,
        drift_share=share,
        drift_share_threshold=options.drift_share,
        dataset_drift=bool(columns) and share >= options.drift_share,
        verdict=verdict([(c.column, c.severity) for c in columns if c.drifted], len(columns)),
        schema_changes=changes,
        identifiers=keys,
        label=label,
        options=options,
        seconds=round(time.perf_counter() - start, 3),
    )


def _worst_first(column: ColumnDrift) -> tuple[bool, float, str]:
    return (not column.drifted, -column.score, column.column)


def _is_key(plan: Plan, options: DriftOptions) -> bool:
    return plan.kind == "identifier" and not options.include_identifiers


def _key_fact(engine: DriftEngine, plan: Plan) -> IdentifierFact:
    overlap = engine.key_overlap(plan.name)
    distinct = engine.exact_distinct("cur", plan.name)
    return IdentifierFact(
        column=plan.name,
        reference_distinct=engine.exact_distinct("ref", plan.name),
        current_distinct=distinct,
        overlap=overlap,
        overlap_fraction=overlap / distinct if distinct else 0.0,
    )


def _check(options: DriftOptions, engine: DriftEngine, names: tuple[str, str]) -> None:
    """Named columns must exist in both datasets; an empty dataset cannot be compared."""
    for side, name in zip(("ref", "cur"), names, strict=True):
        if engine.rows[side] == 0:  # type: ignore[index]
            raise ProfilingError(f"{name} has no rows: there is nothing to compare.", "Choose a dataset with rows.")
        columns = engine.schemas[side].names  # type: ignore[index]
        named = [c for c in (options.target, *options.sensitive, *options.columns) if c]
        for column in named:
            if column not in columns:
                raise ColumnNotFoundError(
                    f"Column {column!r} is not in {name}.",
                    f"Columns there: {', '.join(columns[:30])}.",
                )
