"""Profile: one dataset's overview, alerts, column explorer, missing values, correlations and full report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from profiling import charts, privacy, results
from profiling.errors import ProfilingError
from profiling.profile import ColumnProfile, DatasetProfile
from profiling.ydata_report import ReportSettings, sandboxed_frame
from ui import bigfiles, jobs, state, widgets

SECTIONS = ["Alerts", "Columns", "Missing values", "Correlations", "Full report"]

st.title("Profile")
workspace = state.workspace()
meta = widgets.pick_dataset(workspace, key="profile-dataset")
bigfiles.scale_note(meta)
try:
    with st.spinner(f"Profiling {meta.name} ({meta.rows:,} rows, every row)..."):
        hidden = state.masked_columns(meta)
        profile: DatasetProfile = privacy.mask_profile(state.profile(meta.id, meta.fingerprint), hidden)
except ProfilingError as err:
    widgets.show_error(err)
    st.stop()

summary = profile.dataset
cells = st.columns(6)
cells[0].metric("Rows", f"{summary.rows:,}")
cells[1].metric("Columns", f"{summary.columns:,}")
cells[2].metric("Duplicate rows", f"{summary.duplicate_rows:,}", help=f"{summary.duplicate_fraction:.1%} of rows")
cells[3].metric("Missing cells", f"{summary.missing_cells_fraction:.1%}", help=f"{summary.missing_cells:,} cells")
cells[4].metric("Memory", f"{summary.memory_bytes / 1024**2:,.1f} MB")
cells[5].metric("Quality score", f"{summary.quality_score:.0%}")
st.caption(
    widgets.escape(summary.quality_summary)
    + " · kinds: "
    + ", ".join(f"{count} {kind}" for kind, count in summary.kinds.items() if count)
    + f" · computed on all rows in {profile.seconds:.2f} s"
)

if hidden:
    st.caption(
        f"Privacy mode: the values of {len(hidden)} column(s) are hidden on this page, in the report and in "
        "the downloads (change it on the Privacy page)."
    )
section_key = f"profile-section-{meta.id}"
column_key = f"profile-column-{meta.id}"
section = st.segmented_control("Section", SECTIONS, default="Alerts", key=section_key, label_visibility="collapsed")


def _jump_to(column: str) -> None:
    st.session_state[section_key] = "Columns"
    st.session_state[column_key] = column


def _alerts_section() -> None:
    if not profile.alerts:
        st.success("No alerts: nothing unusual was found.")
        return
    types = sorted({a.type for a in profile.alerts})
    chosen = st.multiselect("Alert types", types, default=types, key=f"alert-types-{meta.id}")
    shown = [a for a in profile.alerts if a.type in chosen]
    table = pd.DataFrame(
        {
            "Type": [a.type for a in shown],
            "Column": [a.column or "(dataset)" for a in shown],
            "Value": [a.value for a in shown],
            "Message": [a.message for a in shown],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=f"alerts-{meta.id}")
    with_column = sorted({a.column for a in shown if a.column})
    if with_column:
        left, right = st.columns([3, 1])
        target = left.selectbox("Open a column with alerts", with_column, key=f"alert-jump-{meta.id}")
        right.button("Open in the column explorer", on_click=_jump_to, args=(target,), key=f"jump-{meta.id}")


def _facts(column: ColumnProfile) -> pd.DataFrame:
    fields = column.model_dump(exclude={"name", "top_values", "histogram", "quantiles"})
    if column.quantiles:
        fields.update({f"quantile {k[1:]}%": v for k, v in column.quantiles.model_dump().items()})
    rows = [(k.replace("_", " "), _show(v)) for k, v in fields.items() if v is not None]
    return pd.DataFrame(rows, columns=["Statistic", "Value"])


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e15 else f"{value:.4e}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _columns_section() -> None:
    names = [c.name for c in profile.columns]
    if st.session_state.get(column_key) not in names:
        st.session_state[column_key] = names[0]
    name = st.selectbox(
        "Column",
        names,
        key=column_key,
        format_func=lambda n: f"{n} ({profile.column(n).kind})",
    )
    column = profile.column(name)
    for alert in (a for a in profile.alerts if a.column == name):
        st.warning(widgets.escape(alert.message), icon=":material/warning:")
    left, right = st.columns([1, 2])
    left.dataframe(_facts(column), hide_index=True, width="stretch", height=520, key=f"facts-{meta.id}")
    right.plotly_chart(charts.column_chart(column), key=f"chart-{meta.id}")


def _missing_section() -> None:
    st.plotly_chart(charts.missing_chart(profile), key=f"missing-{meta.id}")


def _correlations_section() -> None:
    measures = {
        "Pearson (numeric)": (profile.correlations.pearson, True),
        "Spearman (numeric, rank)": (profile.correlations.spearman, True),
        "Cramér's V (categorical)": (profile.correlations.cramers_v, False),
    }
    choice = st.radio("Measure", list(measures), horizontal=True, key=f"corr-{meta.id}")
    pairs, symmetric = measures[choice]
    if not pairs:
        st.info("Not enough columns of this kind for this measure.")
        return
    st.plotly_chart(charts.correlation_heatmap(pairs, title=choice, symmetric_range=symmetric), key=f"heat-{meta.id}")


def _report_section() -> None:
    with st.container(border=True):
        left, middle, right = st.columns(3)
        rows = left.number_input("Rows sampled at most", 1_000, 5_000_000, 50_000, 10_000, key=f"rep-rows-{meta.id}")
        cols = middle.number_input("Columns at most", 1, 500, 50, 5, key=f"rep-cols-{meta.id}")
        mode = right.radio("Depth", ["Minimal (fast)", "Full (correlations, interactions)"], key=f"rep-mode-{meta.id}")
    settings = ReportSettings(
        max_rows=int(rows),
        max_columns=int(cols),
        minimal=mode.startswith("Minimal"),
        masked_columns=tuple(sorted(hidden)),
    )
    if meta.rows > settings.max_rows or meta.columns > settings.max_columns:
        st.info(
            f"For speed the report uses at most {settings.max_rows:,} sampled rows and the first "
            f"{settings.max_columns} columns; this dataset has {meta.rows:,} rows and {meta.columns} columns. "
            "The statistics above use every row."
        )
    kept = results.kept_report(workspace, meta, settings)
    if kept is None:
        _report_job(settings)
        return
    for note in kept.notes:
        st.caption(note)
    st.download_button(
        "Download the report (HTML)",
        kept.html,
        file_name=f"{meta.name}-profile-report.html",
        mime="text/html",
        key=f"report-html-{meta.id}",
    )
    st.iframe(sandboxed_frame(kept.html), height=960)


def _report_job(settings: ReportSettings) -> None:
    key = f"report-{meta.fingerprint}-{settings.key()}"
    job = jobs.get(key)
    if job is None or job.error is not None:
        if job is not None and job.error is not None:
            widgets.show_error(job.error)
        st.caption("The fg-data-profiling report (the maintained ydata-profiling) takes seconds to minutes.")
        if st.button("Build the full report", type="primary", key=f"build-{meta.id}"):
            jobs.start(key, f"report of {meta.name}", _make_report(settings))
            st.rerun()
        return
    jobs.progress(key)


def _make_report(settings: ReportSettings):  # type: ignore[no-untyped-def]
    def work(job: jobs.Job) -> None:
        results.dataset_report(workspace, meta, settings=settings, progress=job.report)

    return work


{
    "Alerts": _alerts_section,
    "Columns": _columns_section,
    "Missing values": _missing_section,
    "Correlations": _correlations_section,
    "Full report": _report_section,
}.get(section or "Alerts", _alerts_section)()

st.divider()
st.download_button(
    "Download the profile (JSON)",
    profile.model_dump_json(indent=2),
    file_name=f"{meta.name}-profile.json",
    mime="application/json",
    key=f"profile-json-{meta.id}",
)
