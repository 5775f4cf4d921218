"""The Spark part of the Sources section: a master and a Parquet path or table; schema, preview, profile, sample, report."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from profiling.errors import ProfilingError
from profiling.settings import Settings
from profiling.spark import (
    DEFAULT_MASTER,
    START_NOTE,
    SparkSource,
    describe,
    preview,
    profile_source,
    report_spark,
    sample,
    spark_source,
)
from profiling.workspace import ROLES, Workspace
from profiling.ydata_report import ReportResult
from ui import widgets
from ui.sources import show_profile

STATE = "spark-source"  # session state: {"schema": SparkSchema, "profile": DatasetProfile?, "report": ReportResult?}
KINDS = ("A Parquet file or folder", "A Spark table")


def render(workspace: Workspace, settings: Settings) -> None:
    """The master and what to read, then the schema of the opened source and what to do with it."""
    st.caption(
        f"{START_NOTE} Spark computes the profile over every row; the full report and a workspace copy use a "
        "stated uniform sample. Needs pyspark (requirements-spark.txt) and Java 17."
    )
    master = st.text_input("Spark master", DEFAULT_MASTER, key="spark-master", help="local[*], spark://host:7077")
    kind = st.radio("Read", KINDS, horizontal=True, key="spark-kind")
    label = f"Parquet path under {settings.data_dir}" if kind == KINDS[0] else "Table name (in the Spark catalog)"
    where = st.text_input(label, key=f"spark-where-{KINDS.index(kind)}")
    if st.button("Open with Spark", key="spark-open", disabled=not where.strip()):
        parquet, table = (where, None) if kind == KINDS[0] else (None, where)
        _open(master, parquet=parquet, table=table, settings=settings)
    state = st.session_state.get(STATE)
    if state is None:
        return
    schema = state["schema"]
    source: SparkSource = schema.source
    st.markdown(
        f"**{widgets.escape(source.name)}** read by Spark ({widgets.escape(source.master)}): "
        f"{schema.rows:,} rows x {len(schema.columns):,} columns"
    )
    st.dataframe(
        pd.DataFrame([c.model_dump() for c in schema.columns]).rename(
            columns={"name": "Column", "type": "Type", "nullable": "Nullable"}
        ),
        hide_index=True,
        key=f"spark-schema-{source.origin}",
    )
    _actions(workspace, settings, source, state)


def _open(master: str, *, parquet: str | None, table: str | None, settings: Settings) -> None:
    st.session_state.pop(STATE, None)
    try:
        source = spark_source(master=master, parquet=parquet, table=table, data_root=settings.data_dir)
        with st.spinner("Starting Spark (10-20 s the first time) and reading the schema..."):
            st.session_state[STATE] = {"schema": describe(source)}
    except ProfilingError as err:
        widgets.show_error(err)


def _actions(workspace: Workspace, settings: Settings, source: SparkSource, state: dict[str, Any]) -> None:
    key = f"spark-{source.origin}"
    rows = int(st.number_input("Sample size (rows)", 1, 5_000_000, 50_000, step=1000, key=f"{key}-n"))
    role = st.selectbox("Role of the new dataset", ROLES, key=f"{key}-role")
    preview_col, profile_col, load_col, report_col = st.columns([0.8, 1.2, 1.8, 1.4])  # labels fit on one line
    try:
        if preview_col.button("Preview", key=f"{key}-preview"):
            with st.spinner("Reading the first rows with Spark..."):
                st.dataframe(preview(source), hide_index=True)
        if profile_col.button("Profile with Spark", key=f"{key}-profile"):
            with st.spinner("Profiling every row as Spark aggregations..."):
                state["profile"] = profile_source(source)
        if load_col.button("Load a sample into the workspace", type="primary", key=f"{key}-load"):
            with st.spinner(f"Drawing a uniform sample of {rows:,} rows with Spark..."):
                loaded = sample(source, rows=rows, limits=settings.limits)
            meta = workspace.add(loaded, origin=source.origin, role=role, name=source.name)
            said = loaded.report.warnings[-1].message
            st.success(f"Loaded as {widgets.escape(meta.name)} ({meta.rows:,} x {meta.columns:,}). {said}")
        if report_col.button("Full report on a sample", key=f"{key}-report"):
            bar = st.progress(0.0, text="Full report")

            def step(text: str, fraction: float) -> None:
                bar.progress(fraction, text=text)

            state["report"] = report_spark(source, rows=rows, progress=step)
            bar.empty()
    except ProfilingError as err:
        widgets.show_error(err)
    if state.get("profile") is not None:
        show_profile(state["profile"], note=f"Computed by Spark ({source.master}): only aggregates reach the driver.",
                     key=key)  # fmt: skip
    if state.get("report") is not None:
        _show_report(state["report"], key=key, name=source.name)


def _show_report(report: ReportResult, *, key: str, name: str) -> None:
    st.markdown(
        f"Full report: {report.rows_used:,} of {report.rows_total:,} rows, {report.columns_used:,} columns, "
        f"{report.seconds:.1f} s."
    )
    for note in report.notes:
        st.caption(widgets.escape(note))
    st.download_button(
        "Download the full report (HTML)", report.html.encode(), f"{name}-spark-report.html", "text/html",
        key=f"{key}-report-html",
    )  # fmt: skip
    st.download_button(
        "Download the report notes (JSON)",
        json.dumps(report.model_dump(mode="json", exclude={"html"}), indent=2).encode(),
        f"{name}-spark-report.json",
        key=f"{key}-report-json",
    )
