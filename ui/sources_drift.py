"""Two tables (or queries) of the connected database compared for drift inside the database, in the Sources section."""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from profiling import databases
from profiling.databases import Connection, DatabaseRef
from profiling.drift import DriftOptions, DriftReport
from profiling.drift.sources import compare_database_tables, where_note
from profiling.errors import ProfilingError
from profiling.export import to_csv_bytes
from ui import drift as drift_ui
from ui import widgets

Side = tuple[str | None, str | None]  # (table, query): exactly one is set


def render(ref: DatabaseRef, open_connection: Callable[[], Connection], *, names: list[str]) -> None:
    """Pick the two sides and an optional target, compare in the database, then show the kept report."""
    key = f"db-drift-{ref.url}"
    st.divider()
    st.markdown("#### Compare two tables (drift inside the database)")
    left, right = st.columns(2)
    with left:
        reference = _side("Reference", names, key=f"{key}-reference", default=0)
    with right:
        current = _side("Current", names, key=f"{key}-current", default=1)
    target = st.text_input("Target column (label drift, optional)", key=f"{key}-target").strip() or None
    ready = all(table or (query or "").strip() for table, query in (reference, current))
    inputs = json.dumps([reference, current, target])
    if st.button("Compare in the database", key=f"{key}-compare", disabled=not ready):
        try:
            with st.spinner("Comparing inside the database..."):
                report = _compare(open_connection, reference, current, target=target)
        except ProfilingError as err:
            st.session_state.pop(key, None)
            widgets.show_error(err)
            return
        st.session_state[key] = {"inputs": inputs, "report": report, "note": where_note(ref.engine)}
    kept = st.session_state.get(key)
    if kept is not None and kept["inputs"] == inputs:  # a changed choice hides the old result until compared again
        show_report(kept["report"], note=kept["note"], key=key)


def _side(title: str, names: list[str], *, key: str, default: int) -> Side:
    if st.toggle(f"{title}: a query instead of a table", key=f"{key}-use-query"):
        return None, st.text_area(f"{title} query (one SELECT)", key=f"{key}-query")
    table = st.selectbox(f"{title} table", names, index=min(default, len(names) - 1) if names else None, key=key)
    return table, None


def _compare(
    open_connection: Callable[[], Connection], reference: Side, current: Side, *, target: str | None
) -> DriftReport:
    """Both sides on one connection (key overlap is then a semi-join in the database); the connection is closed."""
    conn = open_connection()
    try:
        sides = [(conn, databases.select(conn, table=table, query=query)) for table, query in (reference, current)]
        names = (_name(reference, "reference"), _name(current, "current"))
        return compare_database_tables(sides[0], sides[1], options=DriftOptions(target=target), names=names)
    finally:
        conn.close()


def _name(side: Side, role: str) -> str:
    table, _ = side
    return table if table is not None else f"{role} query"


def show_report(report: DriftReport, *, note: str, key: str) -> None:
    """Where it ran, the verdict, drift share, schema changes, the columns table and the downloads."""
    st.info(note)
    cells = st.columns(3)
    cells[0].metric("Verdict", "Drift" if report.dataset_drift else "No drift")
    cells[1].metric("Drifted columns", f"{report.drifted_columns} of {report.tested_columns}")
    cells[2].metric(
        "Drift share", f"{report.drift_share:.0%}", help=f"Dataset drift at {report.drift_share_threshold:.0%} or more"
    )
    st.markdown(f"**{widgets.escape(report.verdict)}**")
    st.caption(
        f"{widgets.escape(report.current)} ({report.current_rows:,} rows) against "
        f"{widgets.escape(report.reference)} ({report.reference_rows:,} rows) · {report.seconds:.2f} s"
    )
    if report.label is not None:
        st.markdown(f"Label **{widgets.escape(report.label.target)}**: {widgets.escape(report.label.drift.effect)}")
    if report.schema_changes:
        st.dataframe(drift_ui.schema_table(report), hide_index=True, width="stretch", key=f"{key}-schema")
    else:
        st.success("No schema changes: same columns, kinds, categories and ranges.")
    st.dataframe(drift_ui.columns_table(report), hide_index=True, width="stretch", key=f"{key}-columns")
    st.caption(drift_ui.SEVERITY_CAPTION)
    left, right = st.columns(2)
    left.download_button(
        "Download the drift report (JSON)",
        json.dumps(report.model_dump(mode="json"), indent=2),
        file_name="drift-report.json",
        mime="application/json",
        key=f"{key}-json",
    )
    right.download_button(
        "Download the column table (CSV)",
        to_csv_bytes(drift_ui.columns_table(report)),
        file_name="drift-columns.csv",
        mime="text/csv",
        key=f"{key}-csv",
    )
