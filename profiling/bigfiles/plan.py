"""The memory-budget plan: whether a file is analysed in memory or out of core, and what that means."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from profiling.errors import DataLoadError, ProfilingError

BUDGET_ENV = "PRISM_MEMORY_BUDGET_MB"
DEFAULT_BUDGET_MB = 1024
SAMPLE_ENV = "PRISM_SAMPLE_ROWS"
SAMPLE_ROWS = 50_000
DATA_FILE = "data.parquet"  # every row, in a dataset's workspace folder
SAMPLE_FILE = "sample.parquet"  # the uniform sample pandas gets when the dataset is out of core
OUT_OF_CORE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}
# Parquet is compressed and columnar: in pandas it takes 3-10x its size on disk, so it counts 4x.
_EXPANSION = {"parquet": 4, "csv": 1}

FileKind = Literal["parquet", "csv"]


class BigFilePlan(BaseModel):
    """How a file is analysed: in memory, or out of core with the pandas-only parts on a stated sample."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    format: FileKind
    size_bytes: int
    budget_bytes: int
    out_of_core: bool
    sample_rows: int
    note: str


def memory_budget() -> int:
    """The budget in bytes (PRISM_MEMORY_BUDGET_MB, default 1024 MB) above which files stay on disk."""
    raw = os.environ.get(BUDGET_ENV, str(DEFAULT_BUDGET_MB))
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ProfilingError(f"{BUDGET_ENV}={raw!r} is not a positive whole number.", f"Set {BUDGET_ENV}=1024.")
    return int(raw) * 1024**2


def sample_size() -> int:
    """Rows in the uniform sample pandas gets of an out-of-core dataset (PRISM_SAMPLE_ROWS, default 50,000)."""
    raw = os.environ.get(SAMPLE_ENV, str(SAMPLE_ROWS))
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ProfilingError(f"{SAMPLE_ENV}={raw!r} is not a positive whole number.", f"Set {SAMPLE_ENV}=50000.")
    return int(raw)


def file_kind(filename: str) -> FileKind | None:
    """`parquet` or `csv` for the files that can stay out of core (by extension), else None."""
    return OUT_OF_CORE_SUFFIXES.get(Path(filename).suffix.lower())  # type: ignore[return-value]


def plan_file(path: Path, *, budget_bytes: int | None = None, sample_rows: int | None = None) -> BigFilePlan:
    """Decide from the file's size on disk whether it stays out of core."""
    path = Path(path)
    return plan_size(path.name, path.stat().st_size, path=str(path), budget_bytes=budget_bytes, sample_rows=sample_rows)


def plan_size(
    filename: str,
    size_bytes: int,
    *,
    path: str | None = None,
    budget_bytes: int | None = None,
    sample_rows: int | None = None,
) -> BigFilePlan:
    """The plan for a file of `size_bytes` (an upload has a size before it has a path)."""
    sample_rows = sample_rows or sample_size()
    kind = file_kind(filename)
    if kind is None:
        raise DataLoadError(f"{filename}: only Parquet and CSV files are analysed out of core.", "Convert it.")
    budget = budget_bytes or memory_budget()
    out = size_bytes * _EXPANSION[kind] > budget
    return BigFilePlan(
        path=path or filename,
        format=kind,
        size_bytes=size_bytes,
        budget_bytes=budget,
        out_of_core=out,
        sample_rows=sample_rows,
        note=out_of_core_note(sample_rows, budget_bytes=budget) if out else IN_MEMORY_NOTE,
    )


IN_MEMORY_NOTE = "Within the memory budget: every analysis uses every row."


def out_of_core_note(sample_rows: int, *, budget_bytes: int | None = None) -> str:
    """What runs where for a dataset kept out of core (the sentence pages and the CLI show)."""
    over = f"Over the memory budget of {budget_bytes / 1024**2:,.0f} MB: " if budget_bytes else "Out of core: "
    return (
        f"{over}the profile and comparisons run over every row in DuckDB; the full report and suite "
        f"validation use a uniform sample of {sample_rows:,} rows."
    )
