"""Drift where the data lives: two database tables (or queries) compared inside the database, or two Spark sources."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from profiling.drift.models import DriftOptions, DriftReport
from profiling.drift.tables import detect_drift_tables

if TYPE_CHECKING:
    import ibis
    import ibis.expr.types as ir

    from profiling.databases.connect import Connection
    from profiling.spark.source import SparkSource

COMPARE_TIMEOUT_S = 1800.0
COPY_BATCH_ROWS = 100_000


def compare_database_tables(
    reference: tuple[Connection, ir.Table],
    current: tuple[Connection, ir.Table],
    *,
    options: DriftOptions | None = None,
    names: tuple[str, str] = ("reference", "current"),
    timeout_s: float = COMPARE_TIMEOUT_S,
) -> DriftReport:
    """PostgreSQL and DuckDB compute the drift statistics themselves (only aggregates travel); SQLite, which
    lacks standard deviations, is streamed in batches into a scratch DuckDB file on disk first (out of core).

    The two sides may share one connection (key overlap is then a semi-join in the database) or not.
    """
    (ref_conn, ref_expr), (cur_conn, cur_expr) = reference, current
    if "sqlite" in (ref_conn.ref.engine, cur_conn.ref.engine):
        return _guarded(ref_conn, cur_conn, lambda: _via_scratch(ref_expr, cur_expr, options, names), timeout_s)

    def work() -> DriftReport:
        return detect_drift_tables(ref_expr, cur_expr, options=options, reference_name=names[0], current_name=names[1])

    return _guarded(ref_conn, cur_conn, work, timeout_s)


def compare_spark(
    reference: SparkSource,
    current: SparkSource,
    *,
    options: DriftOptions | None = None,
    names: tuple[str, str] | None = None,
) -> DriftReport:
    """Two Parquet paths or Spark tables compared as Spark aggregations (one session, the reference's master)."""
    import ibis

    from profiling.spark.session import spark_errors, spark_session
    from profiling.spark.source import describe

    for source in (reference, current):
        describe(source)  # a missing table or unreadable Parquet fails here with a readable error
    backend = ibis.pyspark.connect(spark_session(reference.master))
    names = names or (reference.name, current.name)
    with spark_errors(f"comparing {current.name} with {reference.name}"):
        exprs = [backend.read_parquet(s.parquet) if s.parquet else backend.table(s.table) for s in (reference, current)]
        return detect_drift_tables(exprs[0], exprs[1], options=options, reference_name=names[0], current_name=names[1])


def where_note(engine: str) -> str:
    """Where the drift statistics were computed, for the CLI and the page."""
    return {
        "sqlite": "SQLite lacks standard deviations: rows were streamed into a scratch DuckDB file and compared there.",
        "spark": "Computed by Spark: only aggregates reached the driver.",
        "files": "Computed by DuckDB over the files, out of core: no file was loaded whole.",
    }.get(engine, f"Computed inside {engine}: only aggregates left the database.")


def _guarded(ref: Connection, cur: Connection, work: Callable[[], DriftReport], timeout_s: float) -> DriftReport:
    what = "comparing the drift of two tables"
    if ref is cur:
        return ref.guarded(what, work, timeout_s=timeout_s)
    return ref.guarded(what, lambda: cur.guarded(what, work, timeout_s=timeout_s), timeout_s=timeout_s)


def _via_scratch(
    reference: ir.Table, current: ir.Table, options: DriftOptions | None, names: tuple[str, str]
) -> DriftReport:
    import ibis

    with tempfile.TemporaryDirectory(prefix="prism-drift-scratch-") as folder:
        scratch = ibis.duckdb.connect(str(Path(folder) / "scratch.duckdb"))
        try:
            scratch.con.execute("SET preserve_insertion_order = false")
            tables = [_copy(scratch, expr, f"prism_{side}") for expr, side in ((reference, "ref"), (current, "cur"))]
            return detect_drift_tables(
                tables[0], tables[1], options=options, reference_name=names[0], current_name=names[1]
            )
        finally:
            scratch.disconnect()


def _copy(scratch: ibis.BaseBackend, expr: ir.Table, name: str) -> ir.Table:
    """The rows of `expr` into a table of the scratch DuckDB file, in batches (never all in memory)."""
    batches = expr.to_pyarrow_batches(chunk_size=COPY_BATCH_ROWS)
    scratch.con.register("incoming", batches)
    scratch.con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
    scratch.con.unregister("incoming")
    return scratch.table(name)
