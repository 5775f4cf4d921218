"""Drift: reference versus current (two datasets or one split), verdict, schema changes, per-column drift, labels."""

from __future__ import annotations

import streamlit as st

from profiling import charts_drift, privacy
from profiling.drift import TESTS, ColumnOptions, DriftOptions, DriftReport
from profiling.drift.stored import SplitSpec
from profiling.errors import ProfilingError
from profiling.ydata_report import ReportSettings, sandboxed_frame
from ui import drift as cached
from ui import jobs, state, widgets

SECTIONS = ["Columns", "Schema changes", "Missing values", "Label and groups", "Comparison report"]

st.title("Drift")
workspace = state.workspace()
metas = {m.id: m for m in workspace.datasets()}
if not metas:
    st.info("The workspace has no datasets yet: add some on the Datasets page.")
    st.stop()


def _label(dataset_id: str) -> str:
    return f"{metas[dataset_id].name} ({metas[dataset_id].rows:,} x {metas[dataset_id].columns})"


def _default(role: str, fallback: int) -> int:
    ids = list(metas)
    return next((i for i, d in enumerate(ids) if metas[d].role == role), min(fallback, len(ids) - 1))


mode = st.segmented_control("Compare", ["Two datasets", "Split one dataset"], default="Two datasets", key="drift-mode")
split: SplitSpec | None = None
if mode == "Split one dataset":
    meta = metas[st.selectbox("Dataset", list(metas), format_func=_label, key="drift-split-dataset")]
    left, middle, right = st.columns(3)
    column = left.selectbox("Split by column", meta.column_names, key=f"drift-split-column-{meta.id}")
    by = middle.radio("Split by", ["value", "period"], horizontal=True, key=f"drift-split-by-{meta.id}")
    freq = right.selectbox(
        "Period", ["month", "year", "day"], key=f"drift-split-freq-{meta.id}", disabled=by != "period"
    )
    try:
        values = cached.values_of(meta.id, column, by, freq)
    except ProfilingError as err:
        widgets.show_error(err)
        st.stop()
    if len(values) < 2:
        st.info(f"{widgets.escape(column)} has fewer than two values to compare.")
        st.stop()
    suffix = f"{meta.id}-{column}-{by}-{freq}"
    ref_value = left.selectbox("Reference", values, index=0, key=f"drift-split-ref-{suffix}")
    cur_value = middle.selectbox("Current", values, index=1, key=f"drift-split-cur-{suffix}")
    split = SplitSpec(column=column, by=by, reference=ref_value, current=cur_value, freq=freq)
    reference_meta = current_meta = meta
else:
    left, right = st.columns(2)
    ids = list(metas)
    reference_meta = metas[
        left.selectbox("Reference", ids, index=_default("reference", 0), format_func=_label, key="drift-reference")
    ]
    current_meta = metas[
        right.selectbox("Current", ids, index=_default("current", 1), format_func=_label, key="drift-current")
    ]

pair = f"{reference_meta.id}-{current_meta.id}"
shared = [
    c for c in reference_meta.column_names if c in current_meta.column_names and (split is None or c != split.column)
]
with st.expander("Options: label, sensitive attributes, thresholds, tests"):
    left, middle, right = st.columns(3)
    target = left.selectbox("Target (label)", ["(none)", *shared], key=f"drift-target-{pair}")
    sensitive = middle.multiselect(
        "Sensitive attributes", shared, key=f"drift-sensitive-{pair}", disabled=target == "(none)"
    )
    share = right.slider("Drift share for dataset drift", 0.05, 1.0, 0.5, 0.05, key=f"drift-share-{pair}")
    positive = left.text_input(
        "Positive label (blank: the rarer of two values, or the mean)", key=f"drift-positive-{pair}"
    )
    override_column = middle.selectbox("Override the test of", ["(none)", *shared], key=f"drift-override-{pair}")
    override_test = right.selectbox("Test", sorted(TESTS), key=f"drift-override-test-{pair}")
    override_threshold = right.number_input(
        "Threshold (0: the test's default)", 0.0, 10.0, 0.0, 0.01, key=f"drift-override-threshold-{pair}"
    )

overrides = {}
if override_column != "(none)":
    overrides[override_column] = ColumnOptions(test=override_test, threshold=override_threshold or None)
try:
    options = DriftOptions(
        drift_share=share,
        target=None if target == "(none)" else target,
        sensitive=tuple(sensitive) if target != "(none)" else (),
        positive_label=positive or None,
        columns=overrides,
    )
    with st.spinner("Comparing every row of both datasets..."):
        if split is not None:
            report: DriftReport = cached.split_report(
                reference_meta.id, split.model_dump_json(), options.model_dump_json()
            )
        else:
            report = cached.pair_report(reference_meta.id, current_meta.id, options.model_dump_json())
except ProfilingError as err:
    widgets.show_error(err)
    st.stop()
out_of_core = bool(getattr(reference_meta, "out_of_core", False) or getattr(current_meta, "out_of_core", False))
hidden = state.masked_columns(reference_meta) | (state.masked_columns(current_meta) if split is None else frozenset())
report = privacy.mask_drift(report, hidden)
if hidden:
    st.caption(f"Privacy mode: the values of {len(hidden)} column(s) are hidden here and in the downloads.")

cells = st.columns(5)
cells[0].metric("Verdict", "Drift" if report.dataset_drift else "No drift")
cells[1].metric("Drifted columns", f"{report.drifted_columns} of {report.tested_columns}")
cells[2].metric(
    "Drift share", f"{report.drift_share:.0%}", help=f"Dataset drift at {report.drift_share_threshold:.0%} or more"
)
cells[3].metric("Schema changes", f"{len(report.schema_changes)}")
cells[4].metric("Label", "-" if report.label is None else "Drift" if report.label.drift.drifted else "No drift")
st.markdown(f"**{widgets.escape(report.verdict)}**")
st.caption(
    f"{widgets.escape(report.current)} ({report.current_rows:,} rows) against {widgets.escape(report.reference)} "
    f"({report.reference_rows:,} rows)"
    + (f" · split {widgets.escape(report.split)}" if report.split else "")
    + f" · every row compared in {report.seconds:.2f} s"
    + (" · out of core: DuckDB scanned the stored Parquet files" if out_of_core else "")
)
for fact in report.identifiers:
    st.caption(
        f"Key column {widgets.escape(fact.column)} (left out of drift): {fact.overlap:,} of {fact.current_distinct:,} "
        f"current keys ({fact.overlap_fraction:.1%}) also occur in the reference."
    )

section = st.segmented_control(
    "Section", SECTIONS, default="Columns", key=f"drift-section-{pair}", label_visibility="collapsed"
)


def _columns_section() -> None:
    st.dataframe(cached.columns_table(report), hide_index=True, width="stretch", key=f"drift-table-{pair}")
    st.caption(cached.SEVERITY_CAPTION)
    if not report.columns:
        return
    names = [c.column for c in report.columns]
    name = st.selectbox("Column", names, key=f"drift-column-{pair}")
    column = report.column(name)
    left, right = st.columns([3, 2])
    left.plotly_chart(
        charts_drift.distribution_overlay(column, reference=report.reference, current=report.current),
        key=f"drift-overlay-{pair}",
    )
    right.plotly_chart(charts_drift.drift_scores(report), key=f"drift-scores-{pair}")
    st.caption(widgets.escape(column.effect) + (f" · {widgets.escape(column.note)}" if column.note else ""))


def _schema_section() -> None:
    if not report.schema_changes:
        st.success("No schema changes: same columns, kinds, categories and ranges.")
        return
    st.dataframe(cached.schema_table(report), hide_index=True, width="stretch", key=f"drift-schema-{pair}")


def _missing_section() -> None:
    st.plotly_chart(charts_drift.missing_rates(report), key=f"drift-missing-{pair}")


def _label_section() -> None:
    label = report.label
    if label is None:
        st.info("Set a target (label) in the options to see label drift and group outcome rates.")
        return
    st.markdown(f"**{widgets.escape(label.target)}**: {widgets.escape(label.drift.effect)}")
    st.plotly_chart(
        charts_drift.distribution_overlay(label.drift, reference=report.reference, current=report.current),
        key=f"drift-label-{pair}",
    )
    if label.groups:
        st.plotly_chart(
            charts_drift.group_rates(label, reference=report.reference, current=report.current),
            key=f"drift-groups-{pair}",
        )


def _report_section() -> None:
    settings = ReportSettings(
        masked_columns=tuple(sorted(hidden)),
        max_rows=int(
            st.number_input(
                "Rows sampled per dataset at most", 1_000, 1_000_000, 20_000, 5_000, key=f"drift-rep-rows-{pair}"
            )
        ),
    )
    parts = [reference_meta.fingerprint, current_meta.fingerprint, split.model_dump_json() if split else ""]
    key = cached.comparison_key(parts, settings)
    kept = cached.kept_comparison(key, settings)
    if kept is None:
        _report_job(key, settings)
        return
    for note in kept.notes:
        st.caption(widgets.escape(note))
    st.download_button(
        "Download the comparison report (HTML)",
        kept.html,
        file_name="drift-comparison-report.html",
        mime="text/html",
        key=f"drift-html-{pair}",
    )
    st.iframe(sandboxed_frame(kept.html), height=960)


def _report_job(key: str, settings: ReportSettings) -> None:
    job = jobs.get(key)
    if job is None or job.error is not None:
        if job is not None and job.error is not None:
            widgets.show_error(job.error)
        st.caption("The fg-data-profiling comparison report profiles both datasets: seconds to minutes.")
        if st.button("Build the comparison report", type="primary", key=f"drift-build-{pair}"):
            current_id = None if split is not None else current_meta.id
            cached.start_comparison(
                key, (reference_meta.id, split, current_id), (report.reference, report.current), settings
            )
            st.rerun()
        return
    jobs.progress(key)


{
    "Columns": _columns_section,
    "Schema changes": _schema_section,
    "Missing values": _missing_section,
    "Label and groups": _label_section,
    "Comparison report": _report_section,
}.get(section or "Columns", _columns_section)()

st.divider()
left, right = st.columns(2)
left.download_button(
    "Download the drift report (JSON)",
    report.model_dump_json(indent=2),
    file_name="drift-report.json",
    mime="application/json",
    key=f"drift-json-{pair}",
)
right.download_button(
    "Download the column table (CSV)",
    cached.columns_table(report).to_csv(index=False),
    file_name="drift-columns.csv",
    mime="text/csv",
    key=f"drift-csv-{pair}",
)
