"""The fast profile of a Parquet path or a Spark table, computed by Spark: only aggregates reach the driver."""

from __future__ import annotations

import time
from pathlib import Path

import ibis

from profiling.profile import DatasetProfile
from profiling.profile.engine import ibis_source
from profiling.profile.profiler import _profile
from profiling.spark.session import DEFAULT_MASTER, spark_errors, spark_session
from profiling.spark.source import SparkSource, describe, spark_source


def profile_spark(
    *,
    parquet: Path | None = None,
    table: str | None = None,
    master: str = DEFAULT_MASTER,
    name: str | None = None,
    data_root: Path | None = None,
) -> DatasetProfile:
    """The same statistics as the DuckDB profile (same Ibis expressions); quantiles are Spark's
    `percentile` (exact) through Ibis, so they equal DuckDB's on the same data."""
    source = spark_source(master=master, parquet=parquet, table=table, data_root=data_root)
    return profile_source(source, name=name)


def profile_source(source: SparkSource, *, name: str | None = None) -> DatasetProfile:
    """Profile every row of a checked Spark source as Spark aggregations."""
    started = time.perf_counter()
    describe(source)  # a missing table or unreadable Parquet fails here with a readable error
    backend = ibis.pyspark.connect(spark_session(source.master))
    with spark_errors(f"profiling {source.name}"):
        expr = backend.read_parquet(source.parquet) if source.parquet else backend.table(source.table)
        dtypes = {col: str(dtype) for col, dtype in expr.schema().items()}
        return _profile(
            ibis_source(backend, expr), name=name or source.name, dtypes=dtypes, memory=0, mixed={}, notes=[],
            started=started,
        )  # fmt: skip
