"""DuckDB connections for files bigger than memory: a memory cap, spill to disk, no ordering buffers."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from profiling.errors import DataLoadError

if TYPE_CHECKING:
    from ibis import BaseBackend

# DuckDB's own default is 80% of RAM; a shared machine needs a firm cap. Spilled data goes to
# temp_directory, so a cap lower than the data only costs time.
DEFAULT_MEMORY_LIMIT_MB = 1024
MEMORY_LIMIT_ENV = "PRISM_DUCKDB_MEMORY_MB"


def memory_limit_mb() -> int:
    """The DuckDB memory cap in MB (PRISM_DUCKDB_MEMORY_MB, default 1024)."""
    raw = os.environ.get(MEMORY_LIMIT_ENV, "")
    return int(raw) if raw.strip().isdigit() and int(raw) > 0 else DEFAULT_MEMORY_LIMIT_MB


def configure(
    con: duckdb.DuckDBPyConnection,
    *,
    threads: int | None = None,
    memory_limit: int | None = None,
    temp_dir: Path | None = None,
) -> None:
    """Cap memory, allow spilling, and drop row order (results are aggregates or whole-file copies)."""
    spill = Path(temp_dir or tempfile.gettempdir()) / "prism-duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET memory_limit = '{int(memory_limit or memory_limit_mb())}MB'")
    con.execute(f"SET temp_directory = {literal(spill)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    # DuckDB 2.0.1 trusts Parquet min/max statistics, which leave NaN out, and folds isnan(x) to false for
    # such columns, so NaN would be counted as a value. Without statistics propagation isnan is evaluated.
    con.execute("SET disabled_optimizers = 'statistics_propagation'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")


def connect_ibis(
    *, threads: int | None = None, memory_limit: int | None = None, temp_dir: Path | None = None
) -> BaseBackend:
    """An Ibis DuckDB backend configured for out-of-core scans."""
    import ibis  # only the profile needs Ibis; copies and samples use plain DuckDB

    backend = ibis.duckdb.connect()
    configure(backend.con, threads=threads, memory_limit=memory_limit, temp_dir=temp_dir)
    return backend


def connect(
    *, threads: int | None = None, memory_limit: int | None = None, temp_dir: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A plain DuckDB connection configured for out-of-core copies and samples."""
    con = duckdb.connect()
    configure(con, threads=threads, memory_limit=memory_limit, temp_dir=temp_dir)
    return con


def engine_error(filename: str, err: duckdb.Error, *, limit_mb: int | None = None) -> DataLoadError:
    """A DuckDB failure on a user's file, as a message that names the file (and the cap, when it was memory)."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if isinstance(err, duckdb.OutOfMemoryException):
        cap = limit_mb or memory_limit_mb()
        return DataLoadError(
            f"{filename}: DuckDB needed more than its memory cap of {cap:,} MB ({first[:200]}). "
            "Exact quantiles and ranks of a numeric column too long for the NumPy pass hold all its values, "
            "and cannot spill to disk.",
            f"Raise the cap: set {MEMORY_LIMIT_ENV} (for example to {2 * cap:,}) and run it again; "
            "about 26 bytes a row per numeric column keep every column in the faster NumPy pass.",
        )
    return DataLoadError(
        f"{filename}: DuckDB could not read it out of core ({first[:300]}).",
        "Check the file is a valid CSV or Parquet file; for CSV, set the delimiter, header and encoding.",
    )


def literal(path: Path) -> str:
    """A path as a SQL string literal (DuckDB's COPY and SET take no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"
