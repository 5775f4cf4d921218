"""Files bigger than the memory budget: stored by DuckDB streaming, profiled over every row (numeric columns one
at a time in NumPy, the rest by DuckDB), sampled where pandas is needed."""

from importlib import import_module
from typing import TYPE_CHECKING

from profiling.bigfiles.plan import (
    BUDGET_ENV,
    DEFAULT_BUDGET_MB,
    IN_MEMORY_NOTE,
    SAMPLE_ENV,
    SAMPLE_ROWS,
    BigFilePlan,
    file_kind,
    memory_budget,
    out_of_core_note,
    plan_file,
    plan_size,
    sample_size,
)

if TYPE_CHECKING:
    from profiling.bigfiles.ingest import StoredFile, fingerprint_file, store_file
    from profiling.bigfiles.profile import profile_file
    from profiling.bigfiles.sample import sample_file, write_sample

# DuckDB, Ibis and the profiler load on first use, so that importing the workspace (which stores
# big files through this package) stays as light as before.
_LAZY = {
    "profile_file": "profile",
    "sample_file": "sample",
    "write_sample": "sample",
    "store_file": "ingest",
    "fingerprint_file": "ingest",
    "StoredFile": "ingest",
}

__all__ = [
    "BUDGET_ENV",
    "DEFAULT_BUDGET_MB",
    "IN_MEMORY_NOTE",
    "SAMPLE_ENV",
    "SAMPLE_ROWS",
    "BigFilePlan",
    "StoredFile",
    "file_kind",
    "fingerprint_file",
    "memory_budget",
    "out_of_core_note",
    "plan_file",
    "plan_size",
    "profile_file",
    "sample_file",
    "sample_size",
    "store_file",
    "write_sample",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(import_module(f"profiling.bigfiles.{_LAZY[name]}"), name)
    raise AttributeError(name)
