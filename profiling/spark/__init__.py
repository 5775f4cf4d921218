"""The optional Spark engine: one shared session; profile, schema, preview, samples and the report of a Spark source."""

from profiling.spark.profile import profile_source, profile_spark
from profiling.spark.report import report_spark
from profiling.spark.session import DEFAULT_MASTER, START_NOTE, check_master, spark_session
from profiling.spark.source import SparkSchema, SparkSource, describe, draw_sample, preview, sample, spark_source

__all__ = [
    "DEFAULT_MASTER",
    "START_NOTE",
    "SparkSchema",
    "SparkSource",
    "check_master",
    "describe",
    "draw_sample",
    "preview",
    "profile_source",
    "profile_spark",
    "report_spark",
    "sample",
    "spark_session",
    "spark_source",
]
