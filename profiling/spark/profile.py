"""The fast profile of a Parquet path or a Spark table, computed by Spark: only aggregates reach the driver."""

from __future__ import annotations

import time
from pathlib import Path

import ibis

from profiling.errors import DataLoadError
from profiling.profile import DatasetProfile
from profiling.profile.engine import ibis_source
from profiling.profile.profiler import _profile
from profiling.spark.session import DEFAULT_MASTER, spark_session


def profile_spark(
    *, parquet: Path | None = None, table: str | None = None, master: str = DEFAULT_MASTER, name: str | None = None
) -> DatasetProfile:
    """The same statistics as the DuckDB profile (same Ibis expressions); quantiles are Spark's
    `percentile` (exact) through Ibis, so they equal DuckDB's on the same data."""
    started = time.perf_counter()
    backend = ibis.pyspark.connect(spark_session(master))
    if (parquet is None) == (table is None):
        raise DataLoadError("Spark: give a Parquet path or a table, not both.", "Use one of them.")
    if parquet is not None:
        if not Path(parquet).exists():
            raise DataLoadError(f"Spark: {parquet} does not exist.", "Check the path.")
        expr = backend.read_parquet(str(parquet))
        label = name or Path(parquet).stem
    else:
        expr = backend.table(table)
        label = name or str(table)
    dtypes = {col: str(dtype) for col, dtype in expr.schema().items()}
    source = ibis_source(backend, expr)
    return _profile(source, name=label, dtypes=dtypes, memory=0, mixed={}, notes=[], started=started)
