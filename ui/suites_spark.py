"""The Spark part of the Suites page's Validate section: a saved suite checked by Spark over every row."""

from __future__ import annotations

import streamlit as st

from profiling.expectations import SuiteDocument, ValidationReport
from profiling.expectations.sources import validate_spark
from profiling.settings import Settings
from profiling.spark import DEFAULT_MASTER, START_NOTE, WAREHOUSE_VAR, spark_frame, spark_source

KINDS = ("A Parquet file or folder", "A Spark table")


def form(suite_name: str, settings: Settings) -> tuple[str, str | None, str | None] | None:
    """The master and the Parquet path or table; (master, parquet, table) once the button is pressed."""
    st.caption(
        f"Great Expectations' Spark datasource runs every check as Spark jobs over every row; only results reach "
        f"the driver. {START_NOTE} Needs pyspark (requirements-spark.txt) and Java 17. Tables are those of "
        f"Prism's Spark session and the Parquet folders under {WAREHOUSE_VAR}."
    )
    master = st.text_input(
        "Spark master", DEFAULT_MASTER, key="suites-spark-master", help="local[*], spark://host:7077"
    )
    kind = st.radio("Read", KINDS, horizontal=True, key="suites-spark-kind")
    label = f"Parquet path under {settings.data_dir}" if kind == KINDS[0] else "Table name (in the Spark catalog)"
    where = st.text_input(label, key=f"suites-spark-where-{KINDS.index(kind)}")
    if not st.button("Validate in Spark", key=f"suites-spark-run-{suite_name}", disabled=not where.strip()):
        return None
    return (master, where, None) if kind == KINDS[0] else (master, None, where)


def validate_in_spark(
    suite: SuiteDocument, *, master: str, parquet: str | None, table: str | None, settings: Settings
) -> ValidationReport:
    """Check the path (inside the data folder, the loader's checks) or the table, then run the suite on Spark."""
    source = spark_source(master=master, parquet=parquet, table=table, data_root=settings.data_dir)
    with st.spinner("Starting Spark (10-20 s the first time) and reading the schema..."):
        spark_frame(source)  # a missing table or unreadable Parquet stops here with the tables it knows
    with st.spinner(f"Validating {source.name} against {suite.name} as Spark jobs over every row..."):
        return validate_spark(suite, parquet=source.parquet, table=source.table, master=source.master, name=source.name)
