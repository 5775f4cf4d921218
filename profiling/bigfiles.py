"""Files bigger than the memory budget: profiled by DuckDB directly over the file, sampled where pandas is needed."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Literal

import duckdb
import ibis
import pandas as pd
from pydantic import BaseModel, ConfigDict

from profiling.errors import DataLoadError, ProfilingError
from profiling.profile import DatasetProfile, profile_parquet
from profiling.profile.engine import ibis_source
from profiling.profile.profiler import _profile

BUDGET_ENV = "PRISM_MEMORY_BUDGET_MB"
DEFAULT_BUDGET_MB = 1024
SAMPLE_ROWS = 50_000


class BigFilePlan(BaseModel):
    """How a file is analysed: in memory, or out of core with the pandas-only parts on a stated sample."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    format: Literal["parquet", "csv"]
    size_bytes: int
    budget_bytes: int
    out_of_core: bool
    sample_rows: int
    note: str


def memory_budget() -> int:
    """The budget in bytes (PRISM_MEMORY_BUDGET_MB, default 1024 MB) above which files stay on disk."""
    raw = os.environ.get(BUDGET_ENV, str(DEFAULT_BUDGET_MB))
    if not raw.isdigit() or int(raw) < 1:
        raise ProfilingError(f"{BUDGET_ENV}={raw!r} is not a positive whole number.", f"Set {BUDGET_ENV}=1024.")
    return int(raw) * 1024**2


def plan_file(path: Path, *, budget_bytes: int | None = None, sample_rows: int = SAMPLE_ROWS) -> BigFilePlan:
    """Decide from the file's size on disk (Parquet expands 3-10x in pandas, so its size counts 4x)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise DataLoadError(f"{path.name}: only Parquet and CSV files are analysed out of core.", "Convert it.")
    budget = budget_bytes or memory_budget()
    size = path.stat().st_size
    kind: Literal["parquet", "csv"] = "parquet" if suffix == ".parquet" else "csv"
    out = size * (4 if kind == "parquet" else 1) > budget
    note = (
        f"Over the memory budget of {budget / 1024**2:,.0f} MB: the profile and comparisons run in DuckDB over the "
        f"file (every row); the full report and suite validation use a uniform sample of {sample_rows:,} rows."
        if out
        else "Within the memory budget: every analysis uses every row."
    )
    return BigFilePlan(
        path=str(path),
        format=kind,
        size_bytes=size,
        budget_bytes=budget,
        out_of_core=out,
        sample_rows=sample_rows,
        note=note,
    )


def profile_file(path: Path, *, threads: int | None = None, memory_limit_mb: int | None = None) -> DatasetProfile:
    """The fast profile of every row, DuckDB streaming the file (nothing loaded into pandas)."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return profile_parquet(path, name=path.stem, threads=threads)
    started = time.perf_counter()
    backend = ibis.duckdb.connect(**({"threads": threads} if threads else {}))
    backend.con.execute("SET preserve_insertion_order = false")
    if memory_limit_mb:
        backend.con.execute(f"SET memory_limit = '{int(memory_limit_mb)}MB'")
    table = backend.read_csv(str(path), table_name="prism_data")
    dtypes = {col: str(dtype) for col, dtype in table.schema().items()}
    source = ibis_source(backend, table)
    return _profile(source, name=path.stem, dtypes=dtypes, memory=0, mixed={}, notes=[], started=started)


def sample_file(path: Path, *, rows: int = SAMPLE_ROWS, seed: int = 42) -> pd.DataFrame:
    """A uniform reservoir sample of `rows` rows (reproducible by seed), for the parts that need pandas."""
    path = Path(path)
    reader = "read_parquet" if path.suffix.lower() == ".parquet" else "read_csv_auto"
    con = duckdb.connect()
    try:
        sql = f"SELECT * FROM {reader}(?) USING SAMPLE reservoir({int(rows)} ROWS) REPEATABLE ({int(seed)})"
        return con.execute(sql, [str(path)]).df()
    finally:
        con.close()
