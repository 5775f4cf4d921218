"""The optional Spark engine: one shared session, and the fast profile run as Spark aggregations through Ibis."""

from profiling.spark.profile import profile_spark
from profiling.spark.session import spark_session

__all__ = ["profile_spark", "spark_session"]
