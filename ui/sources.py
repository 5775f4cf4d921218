"""The Sources section of the Datasets page: a database (list, preview, profile, load) or Spark (ui.spark_source)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from profiling import databases
from profiling.databases import Connection, DatabaseRef
from profiling.errors import ProfilingError
from profiling.profile import DatasetProfile
from profiling.settings import Settings
from profiling.workspace import ROLES, Workspace
from ui import widgets

STATE = "db-source"  # session state: {"ref": DatabaseRef, "tables": [TableInfo]}; the password is never kept


def render(workspace: Workspace, settings: Settings) -> None:
    """A database or Spark, chosen side by side; each keeps its own state."""
    kind = st.segmented_control("Source", ["Database", "Spark"], default="Database", key="source-kind")
    if kind == "Spark":
        from ui import spark_source  # ui.spark_source imports show_profile from here

        spark_source.render(workspace, settings)
    else:
        render_database(workspace, settings)


def render_database(workspace: Workspace, settings: Settings) -> None:
    """The connection form, then the tables of the connected database and what to do with one."""
    st.caption(
        "SQLite or DuckDB files, or a PostgreSQL server allowed by PRISM_DB_HOSTS. The password is typed below or "
        "read from an environment variable or Streamlit secret; it is never written to the workspace."
    )
    url = st.text_input("Database URL (without the password)", key="db-url", placeholder="postgresql://user@host/db")
    left, right = st.columns(2)
    typed = left.text_input("Password", type="password", key="db-password")
    holder = right.text_input("...or the environment variable or Streamlit secret holding it", key="db-password-env")
    if st.button("Connect", key="db-connect", disabled=not url.strip()):
        _connect(url, typed=typed, holder=holder)
    state = st.session_state.get(STATE)
    if state is None:
        return
    ref: DatabaseRef = state["ref"]
    st.markdown(f"**{widgets.escape(ref.label)}** ({ref.engine}): {len(state['tables'])} tables and views")
    tables = state["tables"]
    listing = pd.DataFrame(
        {
            "Table": [t.name for t in tables],
            "Rows": [t.rows for t in tables],
            "Columns": [t.columns for t in tables],
            "Note": [t.note or "" for t in tables],
        }
    )
    st.dataframe(listing, hide_index=True, key=f"db-tables-{ref.url}")
    _table_actions(workspace, settings, ref, typed=typed, holder=holder, names=[t.name for t in tables])
    from ui import sources_drift  # imported once connected: it brings the Drift page helpers

    sources_drift.render(ref, lambda: _open(ref, typed), names=[t.name for t in tables])


def _connect(url: str, *, typed: str, holder: str) -> None:
    try:
        ref, in_url = databases.parse_url(url, password_env=holder.strip() or None)
        conn = _open(ref, typed or in_url)
        try:
            tables = databases.list_tables(conn)
        finally:
            conn.close()
    except ProfilingError as err:
        st.session_state.pop(STATE, None)
        widgets.show_error(err)
        return
    st.session_state[STATE] = {"ref": ref, "tables": tables}


def _open(ref: DatabaseRef, typed: str | None) -> Connection:
    return databases.connect(ref, password=typed or _secret(ref.password_env) or ref.password())


def _secret(name: str | None) -> str | None:
    if not name:
        return None
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        return None
    return str(value) if value else None


def _table_actions(
    workspace: Workspace, settings: Settings, ref: DatabaseRef, *, typed: str, holder: str, names: list[str]
) -> None:
    key = f"db-{ref.url}"
    use_query = st.toggle("Write a query instead of choosing a table", key=f"{key}-use-query")
    table = None if use_query else st.selectbox("Table", names, key=f"{key}-table")
    query = st.text_area("Query (one SELECT)", key=f"{key}-query") if use_query else None
    if not (table or (query or "").strip()):
        return
    name = table or "query"
    sample = st.radio("Rows", ["All rows", "A random sample"], horizontal=True, key=f"{key}-mode")
    sample_rows = None
    if sample == "A random sample":
        sample_rows = int(st.number_input("Sample size", 100, 5_000_000, 50_000, step=1000, key=f"{key}-n"))
    role = st.selectbox("Role of the new dataset", ROLES, key=f"{key}-role")
    preview_col, profile_col, load_col = st.columns(3)
    try:
        if preview_col.button("Preview", key=f"{key}-preview"):
            conn = _open(ref, typed)
            try:
                frame = databases.preview(conn, databases.select(conn, table=table, query=query))
            finally:
                conn.close()
            st.dataframe(frame, hide_index=True)
        if profile_col.button("Profile in the database", key=f"{key}-profile"):
            _profile(ref, typed, table=table, query=query, name=name)
        if load_col.button("Load into the workspace", type="primary", key=f"{key}-load"):
            conn = _open(ref, typed)
            try:
                expr = databases.select(conn, table=table, query=query)
                loaded = databases.read_rows(conn, expr, name=name, sample_rows=sample_rows, limits=settings.limits)
            finally:
                conn.close()
            origin = f"database: {ref.url} {'table ' + repr(table) if table else 'query'}"
            if holder.strip():
                origin += f" (password from {holder.strip()})"
            meta = workspace.add(loaded, origin=origin, role=role, name=name)
            st.success(f"Loaded as {widgets.escape(meta.name)}: {meta.rows:,} rows x {meta.columns:,} columns.")
    except ProfilingError as err:
        widgets.show_error(err)


def _profile(ref: DatabaseRef, typed: str, *, table: str | None, query: str | None, name: str) -> None:
    conn = _open(ref, typed)
    try:
        with st.spinner("Profiling inside the database..."):
            profile = databases.profile_table(conn, databases.select(conn, table=table, query=query), name=name)
    finally:
        conn.close()
    show_profile(profile, note=databases.engine_note(ref.engine), key=f"db-{ref.url}")


def show_profile(profile: DatasetProfile, *, note: str, key: str) -> None:
    """A profile computed where the data lives: where it ran, the summary, a column table and the JSON download."""
    st.info(note)
    st.markdown(widgets.escape(profile.dataset.quality_summary))
    st.dataframe(
        pd.DataFrame(
            {
                "Column": [c.name for c in profile.columns],
                "Kind": [c.kind for c in profile.columns],
                "Missing": [c.missing_count for c in profile.columns],
                "Distinct": [c.distinct_count for c in profile.columns],
                "Mean": [c.mean for c in profile.columns],
            }
        ),
        hide_index=True,
    )
    payload = json.dumps(profile.model_dump(mode="json"), indent=2).encode()
    name = profile.dataset.name
    st.download_button("Download the profile (JSON)", payload, f"{name}-profile.json", key=f"{key}-json")
