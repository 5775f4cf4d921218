"""Schema dispersion: align the columns of several datasets, list every disagreement, edit and apply a mapping."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from profiling import charts_schema, privacy
from profiling.errors import ProfilingError
from ui import schema as ui_schema
from ui import state, widgets

st.title("Schema dispersion")
st.caption(
    "The same variable often arrives under other names, types, units, formats, missing markers and category "
    "spellings. Columns are matched by names and contents; every disagreement is listed."
)
workspace = state.workspace()
metas = widgets.pick_datasets(workspace, key="schema-datasets")
if len(metas) < 2:
    st.info("Pick two or more datasets to compare their schemas.")
    st.stop()
key = ui_schema.selection_key(metas)
ui_schema.scale_notes(metas)
try:
    with st.spinner(f"Aligning the columns of {len(metas)} datasets..."):
        report = ui_schema.report(tuple(m.id for m in metas))
except ProfilingError as err:
    widgets.show_error(err)
    st.stop()
# The alignment ran on the real values; privacy mode hides them from here on (the mapping applies the real ones).
hidden = {m.name: columns for m in metas if (columns := state.masked_columns(m))}
real_report, report = report, privacy.mask_schema(report, hidden)
if hidden:
    count = sum(len(columns) for columns in hidden.values())
    st.caption(f"Privacy mode: the values of {count} column(s) are hidden here and in the downloads.")

counts = report.counts()
cells = st.columns(5)
cells[0].metric("Column groups", len(report.groups))
cells[1].metric("Unmatched columns", sum(len(v) for v in report.unmatched.values()))
cells[2].metric("High issues", counts["high"])
cells[3].metric("Medium issues", counts["medium"])
cells[4].metric("Low issues", counts["low"])

matrix, issues, distributions, mapping = st.tabs(["Matrix", "Issues", "Distributions", "Mapping"])

with matrix:
    st.plotly_chart(charts_schema.schema_matrix(report), key=f"schema-matrix-{key}")
    groups = pd.DataFrame(
        [
            {
                "Group": g.id,
                "Variable": g.name,
                "Confidence": g.confidence,
                "One-to-one": g.one_to_one,
                "Questioned": g.questioned,
                **{s: " + ".join([c for c in [g.columns[s], *g.alternatives.get(s, [])] if c]) for s in report.sources},
            }
            for g in report.groups
        ]
    )
    st.dataframe(groups, hide_index=True, width="stretch", key=f"schema-groups-{key}")

with issues:
    table = pd.DataFrame(
        [
            {
                "Severity": i.severity,
                "Type": i.type,
                "Group": i.group,
                "Variable": report.group(i.group).name,
                "Sources": ", ".join(i.sources),
                "Detail": i.detail,
            }
            for i in report.issues
        ],
        columns=["Severity", "Type", "Group", "Variable", "Sources", "Detail"],
    )
    if table.empty:
        st.success("No disagreements: the sources agree on every column.")
    else:
        st.dataframe(table, hide_index=True, width="stretch", key=f"schema-issues-{key}")
    st.download_button(
        "Download the issues (CSV)",
        table.to_csv(index=False),
        file_name="schema-issues.csv",
        mime="text/csv",
        key=f"schema-issues-csv-{key}",
    )

with distributions:
    names = {g.id: f"{g.id}: {g.name}" for g in report.groups}
    chosen = st.selectbox("Variable", list(names), format_func=lambda i: names[i], key=f"schema-group-{key}")
    group = report.group(chosen)
    st.plotly_chart(charts_schema.group_distributions(report, chosen), key=f"schema-dist-{key}")
    for issue in report.issues_of(chosen):
        st.warning(f"**{issue.type}** ({issue.severity}): " + widgets.escape(issue.detail), icon=":material/warning:")
    evidence = pd.DataFrame([e.model_dump() for e in group.evidence], columns=["kind", "method", "score", "detail"])
    st.dataframe(evidence, hide_index=True, width="stretch", key=f"schema-evidence-{key}")

with mapping:
    spec = ui_schema.mapping_editor(real_report, key=key, hidden=hidden)
    shown_spec = privacy.mask_mapping(spec, real_report, hidden)
    if shown_spec != spec:
        st.caption(
            "The downloaded mapping shows the value mappings of masked variables masked; "
            "applying it here uses the real values."
        )
    st.download_button(
        "Download the mapping (JSON)",
        shown_spec.model_dump_json(indent=2),
        file_name="schema-mapping.json",
        mime="application/json",
        key=f"schema-mapping-json-{key}",
    )
    if st.button("Apply the mapping and save the harmonised datasets", type="primary", key=f"schema-apply-{key}"):
        try:
            added = ui_schema.apply_mapping(workspace, spec, metas)
        except ProfilingError as err:
            widgets.show_error(err)
        else:
            st.session_state[f"schema-saved-{key}"] = [m.id for m in added]
    saved = ui_schema.saved_caption(workspace, st.session_state.get(f"schema-saved-{key}", []))
    if saved:
        st.success(widgets.escape(saved))

st.divider()
if report.note:
    st.caption(widgets.escape(report.note))
st.download_button(
    "Download the schema report (JSON)",
    report.model_dump_json(indent=2),
    file_name="schema-report.json",
    mime="application/json",
    key=f"schema-report-json-{key}",
)
