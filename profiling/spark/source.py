"""A Parquet path or Spark table read by Spark: its schema and row count, a preview, and a stated uniform sample."""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from profiling.errors import DataLoadError, LimitExceededError, UnsafeInputError
from profiling.loading import Loaded
from profiling.loading.models import Limits, LoadReport, LoadWarning
from profiling.loading.sources import _check_path_string, _resolve
from profiling.spark.session import (
    DEFAULT_MASTER,
    WAREHOUSE_VAR,
    check_master,
    register_warehouse,
    spark_errors,
    spark_session,
    warehouse,
)

PREVIEW_ROWS = 20
DEFAULT_SAMPLE_ROWS = 50_000
# Cluster file systems Spark reads itself: accepted from the CLI (no data folder); the page and --data-dir take
# local paths inside the data folder only, with the loader's checks.
REMOTE_SCHEMES = ("hdfs://", "s3a://", "s3://", "gs://", "abfss://", "wasbs://")


class SparkSource(BaseModel):
    """What Spark reads: a checked Parquet file or folder, or a table in the session's catalog."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    master: str = DEFAULT_MASTER
    parquet: str | None = None  # the resolved absolute path
    table: str | None = None

    @property
    def name(self) -> str:
        """The dataset name: the Parquet file's stem or the table name."""
        return Path(self.parquet.rstrip("/")).name.removesuffix(".parquet") if self.parquet else str(self.table)

    @property
    def origin(self) -> str:
        """Where rows came from, as the workspace records it."""
        return f"spark: {self.master} {self.parquet or 'table ' + repr(self.table)}"


class SparkColumn(BaseModel):
    """One column of the Spark schema."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    type: str
    nullable: bool


class SparkSchema(BaseModel):
    """The schema and exact row count of a Spark source (a count of a Parquet source reads only footers)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: SparkSource
    rows: int
    columns: list[SparkColumn]


def spark_source(
    *,
    master: str = DEFAULT_MASTER,
    parquet: str | Path | None = None,
    table: str | None = None,
    data_root: Path | None = None,
) -> SparkSource:
    """Check the master and the path (inside `data_root` when given, as the server-folder loader does; without one,
    also a cluster URI such as hdfs:// or s3a://) or the table name."""
    if (parquet is None or not str(parquet).strip()) == (table is None or not table.strip()):
        raise DataLoadError("Spark: give a Parquet path or a table name, not both.", "Fill in one of them.")
    master = check_master(master)
    if table is not None and table.strip():
        return SparkSource(master=master, table=table.strip())
    text = os.fspath(parquet or "")
    if data_root is None and text.startswith(REMOTE_SCHEMES):
        return SparkSource(master=master, parquet=text)  # read by the cluster's own file system, not by Prism
    _check_path_string(text)
    resolved = _resolve(Path(text), data_root)
    mode = os.stat(resolved).st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise UnsafeInputError(f"{text}: not a regular file or folder; refused.", "Give a Parquet file or folder.")
    return SparkSource(master=master, parquet=str(resolved))


def describe(source: SparkSource) -> SparkSchema:
    """Schema and row count, computed by Spark."""
    frame = _frame(source)
    with spark_errors(f"counting the rows of {source.name}"):
        rows = int(frame.count())
    columns = [SparkColumn(name=f.name, type=f.dataType.simpleString(), nullable=f.nullable) for f in frame.schema]
    return SparkSchema(source=source, rows=rows, columns=columns)


def preview(source: SparkSource, *, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first rows (a LIMIT: Spark reads only what it needs)."""
    with spark_errors(f"reading a preview of {source.name}"):
        return _frame(source).limit(rows).toPandas()


@dataclass(frozen=True)
class SparkSample:
    """Rows drawn by Spark, how many rows the source has, and the sentence that states it."""

    frame: pd.DataFrame
    total: int
    statement: str


def draw_sample(
    source: SparkSource, *, rows: int = DEFAULT_SAMPLE_ROWS, seed: int = 0, limits: Limits | None = None
) -> SparkSample:
    """A uniform random sample of `rows` rows (all rows when there are fewer), as pandas."""
    if rows < 1:
        raise DataLoadError(f"Spark: a sample of {rows} rows is empty.", "Ask for at least one row.")
    limits = limits or Limits()
    frame = _frame(source)
    if len(frame.columns) > limits.max_columns:
        raise LimitExceededError(
            f"{source.name}: {len(frame.columns):,} columns is over the limit of {limits.max_columns:,}.",
            "Raise PRISM_MAX_COLUMNS, or select fewer columns in a Spark view.",
        )
    with spark_errors(f"sampling {source.name}"):
        total = int(frame.count())
        pandas = _uniform(frame, total=total, rows=rows, seed=seed)
    pandas.columns = [str(c) for c in pandas.columns]
    statement = (
        f"A uniform random sample of {len(pandas):,} of {total:,} rows, drawn by Spark ({source.master}, seed {seed})."
        if len(pandas) < total
        else f"All {total:,} rows (the sample size {rows:,} is not smaller), read by Spark ({source.master})."
    )
    return SparkSample(frame=pandas, total=total, statement=statement)


def sample(
    source: SparkSource, *, rows: int = DEFAULT_SAMPLE_ROWS, seed: int = 0, limits: Limits | None = None
) -> Loaded:
    """A stated uniform sample as a Loaded dataset, ready for the workspace (its report says it is a sample)."""
    drawn = draw_sample(source, rows=rows, seed=seed, limits=limits)
    notes = [
        LoadWarning(type="spark", message=f"Read by Spark from {source.origin.removeprefix('spark: ')}."),
        LoadWarning(type="sample", message=drawn.statement, count=len(drawn.frame)),
    ]
    report = LoadReport.derived(drawn.frame, name=source.name, source=source.origin, warnings=notes)
    return Loaded(frame=drawn.frame, report=report)


def spark_frame(source: SparkSource) -> Any:
    """The Spark DataFrame of a source (lazy: only the schema is read); a table missing from the session's
    catalog (and from PRISM_SPARK_WAREHOUSE) or an unreadable Parquet path is a readable DataLoadError."""
    return _frame(source)


def _frame(source: SparkSource) -> Any:
    spark = spark_session(source.master)
    if source.table is not None:
        with spark_errors(f"looking up the table {source.table!r}"):
            exists = _table_exists(spark, source.table)
        if not exists:
            names = [t.name for t in spark.catalog.listTables() if not t.name.startswith("ibis_")]  # Ibis' temp views
            shown = ", ".join(repr(n) for n in sorted(names)[:10])
            raise DataLoadError(
                f"Spark: there is no table {source.table!r}.",
                f"Tables: {shown or 'none'}. Prism's Spark tables are those of its own session and the Parquet "
                f"folders or files under {WAREHOUSE_VAR} ({warehouse() or 'not set'}); or give the Parquet path.",
            )
        return spark.table(source.table)
    with spark_errors(f"reading {source.parquet} as Parquet"):
        return spark.read.parquet(source.parquet)


def _table_exists(spark: Any, name: str) -> bool:
    """In the catalog, or (written since the session started) a table of the warehouse folder."""
    if spark.catalog.tableExists(name):
        return True
    folder = warehouse()
    return folder is not None and name.lower() in {n.lower() for n in register_warehouse(spark, folder)}


def _uniform(frame: Any, *, total: int, rows: int, seed: int) -> pd.DataFrame:
    """Bernoulli `sample` with a margin (about 6 standard deviations), then a random `limit` to exactly `rows`:
    every subset of that size is equally likely. Should the margin fall short, all rows are shuffled instead."""
    from pyspark.sql import functions as F

    if rows >= total:
        return frame.toPandas()
    fraction = min(1.0, (rows + 6 * math.sqrt(rows) + 20) / total)
    picked = frame.sample(withReplacement=False, fraction=fraction, seed=seed).orderBy(F.rand(seed)).limit(rows)
    result = picked.toPandas()
    if len(result) < rows:
        result = frame.orderBy(F.rand(seed)).limit(rows).toPandas()
    return result.reset_index(drop=True)
