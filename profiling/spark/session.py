"""One Spark session per process, configured for the pitfalls measured here (Python, ANSI mode, Java, tables)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from profiling.errors import DataLoadError, ProfilingError

DEFAULT_MASTER = "local[*]"
START_NOTE = "Starting a local Spark session takes 10-20 s and about 0.8 GB of memory (once per Prism process)."
_LOCAL = re.compile(r"local(\[(\*|[1-9]\d*)(,\s*[1-9]\d*)?\])?")
WAREHOUSE_VAR = "PRISM_SPARK_WAREHOUSE"  # a folder of Parquet tables, named in every Prism process
_TABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_STANDALONE = re.compile(r"spark://([\w.\-]+):(\d{1,5})(,[\w.\-]+:\d{1,5})*")
_lock = threading.Lock()
_session: dict[str, Any] = {}  # {"master": str, "spark": SparkSession}: one per process (one JVM, one context)


def spark_session(master: str = DEFAULT_MASTER) -> Any:
    """The shared SparkSession (starting one takes 10-20 s and ~0.8 GB, so it is made once per process)."""
    master = check_master(master)
    with _lock:
        if _session and _session["master"] != master:
            raise ProfilingError(
                f"Spark: this Prism process already runs a Spark session on {_session['master']}; "
                f"one process holds one Spark session, so {master} cannot be used alongside it.",
                f"Use {_session['master']}, or restart Prism to switch to {master}.",
            )
        if not _session:
            _session.update(master=master, spark=_start(master))
        return _session["spark"]


def check_master(master: str) -> str:
    """A master URL Spark understands (local[*], local[N], spark://host:port, yarn, k8s://...), or a clear error."""
    text = master.strip()
    if _LOCAL.fullmatch(text) or text == "yarn" or text.startswith("k8s://https://"):
        return text
    found = _STANDALONE.fullmatch(text)
    if found is None:
        raise ProfilingError(
            f"Spark: {master!r} is not a Spark master URL.",
            "Use local[*] (this machine), local[N], spark://host:7077 (a standalone cluster), yarn or k8s://https://...",
        )
    host, port = found.group(1), int(found.group(2))
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as err:
        raise ProfilingError(
            f"Spark: the master {text} does not answer ({err.strerror or err}).",
            "Check the host and port of the cluster's master (shown on its web UI), or use local[*].",
        ) from err
    return text


@contextlib.contextmanager
def spark_errors(what: str) -> Iterator[None]:
    """Turn Spark's own errors (a missing table or path, an unreadable file) into one readable DataLoadError."""
    from py4j.protocol import Py4JError, Py4JJavaError
    from pyspark.errors import PySparkException

    try:
        yield
    except (PySparkException, Py4JError) as err:
        text = str(err)
        if isinstance(err, Py4JJavaError):  # its own text is "An error occurred while calling o173.parquet"
            text = str(err.java_exception.getMessage() or err.java_exception.toString())
        first = next((line.strip() for line in text.splitlines() if line.strip()), type(err).__name__)
        raise DataLoadError(f"Spark, {what}: {first[:300]}", "Check the path or table name and the master.") from err


def warehouse() -> Path | None:
    """The folder named by PRISM_SPARK_WAREHOUSE (None when unset), or a clear error when it is not a folder."""
    text = os.environ.get(WAREHOUSE_VAR, "").strip()
    if not text:
        return None
    folder = Path(text).expanduser().resolve()
    if not folder.is_dir():
        raise ProfilingError(
            f"Spark: {WAREHOUSE_VAR}={text} is not a folder.",
            f"Point {WAREHOUSE_VAR} at the folder holding the Parquet tables (one sub-folder or .parquet file "
            "per table), or unset it.",
        )
    return folder


def register_warehouse(spark: Any, folder: Path) -> list[str]:
    """Name each table of `folder` in the session's catalog: a sub-folder holding Parquet files (what
    `saveAsTable` writes under `spark.sql.warehouse.dir`) or a NAME.parquet file becomes the table NAME.

    Prism's session keeps its catalog in memory, so a table made by another process (or an earlier Prism)
    is known here only this way; names already in the catalog are kept. Returns the names added."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    added = []
    for entry in sorted(folder.iterdir()):
        name = entry.name.removesuffix(".parquet") if entry.is_file() else entry.name
        table = entry.is_dir() and any(entry.rglob("*.parquet"))
        if not _TABLE_NAME.fullmatch(name) or not (table or entry.suffix == ".parquet"):
            continue  # _SUCCESS markers, hidden files, other formats
        try:
            if spark.catalog.tableExists(name):
                continue
            spark.catalog.createTable(name, path=str(entry), source="parquet")
        except (PySparkException, Py4JError):
            continue  # an unreadable folder is not a table; naming it says "there is no table" with the list
        added.append(name)
    return added


def _start(master: str) -> Any:
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
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")  # samples reach pandas as Arrow batches
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # progress bars would mix into the CLI's output
        .config("spark.sql.session.timeZone", "UTC")
    )
    tables = warehouse()
    if tables is not None:  # tables written by other processes land here too (saveAsTable)
        builder = builder.config("spark.sql.warehouse.dir", str(tables))
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    with spark_errors(f"starting a session on {master}"):
        session = builder.getOrCreate()
    # Failed Spark jobs reach Prism as exceptions (shown as one readable error); the JVM's log lines would
    # repeat them as pages of Java stack traces on stderr.
    session.sparkContext.setLogLevel("FATAL")
    if tables is not None:
        register_warehouse(session, tables)
    return session
