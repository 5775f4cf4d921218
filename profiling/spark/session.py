"""One Spark session per process, configured for the pitfalls measured here (Python, ANSI mode, Java)."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from typing import Any

from profiling.errors import ProfilingError

DEFAULT_MASTER = "local[*]"


@functools.cache
def spark_session(master: str = DEFAULT_MASTER) -> Any:
    """The shared SparkSession (starting one takes 10-20 s and ~0.8 GB, so it is made once)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise ProfilingError(
            "The Spark engine needs pyspark, which is not installed.", "pip install -r requirements-spark.txt"
        ) from err
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise ProfilingError("Spark needs Java 17, which is not installed.", "apt-get install openjdk-17-jre-headless")
    # Workers must run this interpreter (with Prism's packages), not whatever `python3` is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("prism")
        .config("spark.sql.ansi.enabled", "false")  # the report library and try-casts expect non-ANSI nulls
        .config("spark.sql.shuffle.partitions", "4" if master.startswith("local") else "200")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    return builder.getOrCreate()
