"""Prism: page configuration, navigation over pages/, and the shared sidebar. No statistics here."""

import streamlit as st

import profiling  # noqa: F401  (switches library telemetry off before anything else loads)
from profiling.errors import ProfilingError
from ui import state, widgets

st.set_page_config(page_title="Prism", page_icon=":material/filter_drama:", layout="wide")

PAGES = [
    st.Page("pages/datasets.py", title="Datasets", icon=":material/table:", default=True),
    st.Page("pages/profile.py", title="Profile", icon=":material/query_stats:"),
    st.Page("pages/overview.py", title="Overview", icon=":material/view_column:"),
    st.Page("pages/bias.py", title="Bias and balance", icon=":material/balance:"),
    st.Page("pages/suites.py", title="Expectation suites", icon=":material/rule:"),
    st.Page("pages/drift.py", title="Drift", icon=":material/compare_arrows:"),
    st.Page("pages/privacy.py", title="Privacy", icon=":material/shield:"),
    st.Page("pages/schema.py", title="Schema dispersion", icon=":material/schema:"),
]

navigation = st.navigation(PAGES)
with st.sidebar:
    st.markdown("**Prism** · data profiling for ML")
    try:
        with st.spinner("Preparing the workspace (first start loads the example data)..."):
            workspace = state.workspace()
        st.caption(f"{len(workspace.datasets())} datasets in the workspace")
    except ProfilingError as err:
        widgets.show_error(err)
        st.stop()
navigation.run()
