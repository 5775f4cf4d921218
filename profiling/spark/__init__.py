"""The optional Spark engine: one shared session; profile, schema, preview, samples and the report of a Spark source."""

from profiling.spark.profile import profile_source, profile_spark
from profiling.spark.report import report_spark
from profiling.spark.session import (
    DEFAULT_MASTER,
    START_NOTE,
    WAREHOUSE_VAR,
    check_master,
    register_warehouse,
    spark_session,
    warehouse,
)
from profiling.spark.source import (
    SparkSchema,
    SparkSource,
    describe,
    draw_sample,
    preview,
    sample,
    spark_frame,
    spark_source,
)

__all__ = [
    "DEFAULT_MASTER",
    "START_NOTE",
    "WAREHOUSE_VAR",
    "SparkSchema",
    "SparkSource",
    "check_master",
    "describe",
    "draw_sample",
    "preview",
    "profile_source",
    "profile_spark",
    "report_spark",
    "register_warehouse",
    "sample",
    "spark_frame",
    "spark_session",
    "spark_source",
    "warehouse",
]
