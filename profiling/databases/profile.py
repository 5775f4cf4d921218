"""The fast profile of a database table, computed by the database itself: only aggregates travel."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import ibis
import ibis.expr.types as ir

from profiling.databases.connect import Connection
from profiling.profile import DatasetProfile
from profiling.profile.engine import ibis_source
from profiling.profile.profiler import _profile

PROFILE_TIMEOUT_S = 1800.0
COPY_BATCH_ROWS = 100_000


def profile_table(
    conn: Connection, expr: ir.Table, *, name: str, timeout_s: float = PROFILE_TIMEOUT_S
) -> DatasetProfile:
    """PostgreSQL and DuckDB run the profile's queries themselves; SQLite, which has no quantile or
    standard-deviation aggregate, is streamed in batches into a scratch DuckDB file on disk (out of core)."""
    if conn.ref.engine == "sqlite":
        return conn.guarded(f"profiling {name!r}", lambda: _via_scratch(expr, name=name), timeout_s=timeout_s)
    return conn.guarded(f"profiling {name!r}", lambda: _in_place(conn, expr, name=name), timeout_s=timeout_s)


def engine_note(engine: str) -> str:
    """Where the statistics of a database table are computed, for the page and the CLI."""
    if engine == "sqlite":
        return "SQLite has no quantile aggregate: rows are streamed in batches into a scratch DuckDB file and profiled there."
    return f"Computed inside {engine}: only aggregates leave the database."


def _in_place(conn: Connection, expr: ir.Table, *, name: str) -> DatasetProfile:
    source = ibis_source(conn.backend, expr)
    dtypes = {col: str(dtype) for col, dtype in expr.schema().items()}
    return _profile(source, name=name, dtypes=dtypes, memory=0, mixed={}, notes=[], started=time.perf_counter())


def _via_scratch(expr: ir.Table, *, name: str) -> DatasetProfile:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="prism-scratch-") as folder:
        scratch = ibis.duckdb.connect(str(Path(folder) / "scratch.duckdb"))
        try:
            batches = expr.to_pyarrow_batches(chunk_size=COPY_BATCH_ROWS)
            scratch.con.execute("SET preserve_insertion_order = false")
            scratch.con.register("incoming", batches)
            scratch.con.execute("CREATE TABLE prism_data AS SELECT * FROM incoming")
            table = scratch.table("prism_data")
            dtypes = {col: str(dtype) for col, dtype in expr.schema().items()}
            source = ibis_source(scratch, table)
            return _profile(source, name=name, dtypes=dtypes, memory=0, mixed={}, notes=[], started=started)
        finally:
            scratch.disconnect()
