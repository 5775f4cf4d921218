"""Overview: several datasets side by side (key figures and missing values per column)."""

from __future__ import annotations

import streamlit as st

from profiling import charts
from profiling.errors import ProfilingError
from profiling.overview import overview
from ui import state, widgets

st.title("Overview of several datasets")
workspace = state.workspace()
chosen = widgets.pick_datasets(workspace, key="overview-datasets")
if not chosen:
    st.info("Pick at least one dataset.")
    st.stop()
try:
    with st.spinner(f"Profiling {len(chosen)} dataset(s) on every row..."):
        profiles = [state.profile(meta.id, meta.fingerprint) for meta in chosen]
except ProfilingError as err:
    widgets.show_error(err)
    st.stop()
side_by_side = overview(profiles)

st.subheader("Key figures")
figures = side_by_side.datasets_frame()
st.dataframe(
    figures,
    hide_index=True,
    width="stretch",
    key="overview-figures",
    column_config={
        "name": "Dataset",
        "rows": st.column_config.NumberColumn("Rows", format="localized"),
        "columns": "Columns",
        "duplicate_rows": st.column_config.NumberColumn("Duplicate rows", format="localized"),
        "missing_cells_fraction": st.column_config.NumberColumn("Missing cells", format="percent"),
        "alerts": "Alerts",
        "quality_score": st.column_config.NumberColumn("Quality score", format="percent"),
    },
)

st.subheader("Missing values per column")
st.plotly_chart(charts.missing_matrix(profiles), key="overview-missing-chart")
missing = side_by_side.missing_frame()
st.dataframe(
    missing,
    hide_index=True,
    width="stretch",
    key="overview-missing",
    column_config={name: st.column_config.NumberColumn(format="percent") for name in missing.columns[1:]},
)
left, right = st.columns(2)
left.download_button(
    "Download key figures (CSV)", figures.to_csv(index=False), "overview-figures.csv", "text/csv", key="dl-figures"
)
right.download_button(
    "Download the overview (JSON)",
    side_by_side.model_dump_json(indent=2),
    "overview.json",
    "application/json",
    key="dl-overview",
)
