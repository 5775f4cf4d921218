"""Drift of files: Parquet read straight into Arrow, and big Parquet/CSV files compared out of core by DuckDB."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def read_parquet(path: str | Path) -> pa.Table:
    """A Parquet file as Arrow, through `ParquetFile` (`pq.read_table` loads pyarrow.dataset, which imports pandas)."""
    return pq.ParquetFile(path).read()
