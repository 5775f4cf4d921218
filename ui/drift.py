"""Streamlit helpers of the Drift page: cached drift reports keyed on dataset ids, tables and the comparison report."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from profiling.drift import DriftOptions, DriftReport
from profiling.drift.split import period_values, split_values
from profiling.drift.stored import SplitSpec, dataset_drift, read_table, report_table, split_drift
from profiling.ydata_compare import build_comparison_report
from profiling.ydata_report import ReportResult, ReportSettings, store_report, stored_report
from ui import jobs, state

SEVERITIES = ["negligible", "small", "moderate", "large"]  # an ordered category in the table and the CSV
SEVERITY_CAPTION = (
    "Severity says how large a change is, whatever the test decided (big samples detect tiny changes): "
    "the effect size on Cohen's scale, negligible below 0.2, small below 0.5, moderate below 0.8, else large. "
    "Numbers: the larger of |mean shift| and the Wasserstein distance, in reference standard deviations; "
    "categories: Cohen's h of the share that changed most; missing values: Cohen's h of the missing fraction. "
    "Sort by the effect size to rank the columns by how much they changed."
)


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_report(reference_id: str, current_id: str, options_json: str) -> DriftReport:
    """Drift between two stored datasets (ids are content hashes, so caching by id is safe)."""
    ws = state.workspace()
    options = DriftOptions.model_validate_json(options_json)
    return dataset_drift(ws, ws.get(reference_id), ws.get(current_id), options=options)


@st.cache_resource(max_entries=32, show_spinner=False)
def split_report(dataset_id: str, split_json: str, options_json: str) -> DriftReport:
    """Drift between two parts of one stored dataset."""
    ws = state.workspace()
    split = SplitSpec.model_validate_json(split_json)
    return split_drift(ws, ws.get(dataset_id), split, options=DriftOptions.model_validate_json(options_json))


@st.cache_resource(max_entries=16, show_spinner=False)
def values_of(dataset_id: str, column: str, by: str, freq: str) -> list[str]:
    """The values (or time periods) a split can use."""
    table = read_table(state.workspace(), state.workspace().get(dataset_id), columns=[column])
    if by == "period":
        return period_values(table, column, freq=freq)
    return split_values(table, column)


def columns_table(report: DriftReport) -> pd.DataFrame:
    """One row per column, worst first: what the page shows and the CSV download holds."""
    return pd.DataFrame(
        {
            "Column": [c.column for c in report.columns],
            "Kind": [c.kind for c in report.columns],
            "Test": [c.test or "-" for c in report.columns],
            "Statistic": [c.statistic for c in report.columns],
            "p-value": [c.p_value for c in report.columns],
            "Threshold": [c.threshold for c in report.columns],
            "Drifted": [c.drifted for c in report.columns],
            "Severity": pd.Categorical([c.severity for c in report.columns], categories=SEVERITIES, ordered=True),
            "Effect size": [c.effect_size for c in report.columns],
            "Score": [c.score for c in report.columns],
            "Effect": [c.effect for c in report.columns],
        }
    )


def schema_table(report: DriftReport) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Type": [c.type for c in report.schema_changes],
            "Column": [c.column for c in report.schema_changes],
            "Detail": [c.detail for c in report.schema_changes],
        }
    )


def comparison_key(parts: list[str], settings: ReportSettings) -> str:
    """The comparison report's cache key: both datasets (or the split) and the report settings."""
    return "compare-" + hashlib.sha256("\n".join([*parts, settings.key()]).encode()).hexdigest()[:24]


def kept_comparison(key: str, settings: ReportSettings) -> ReportResult | None:
    return stored_report(state.workspace().root, key, settings)


def start_comparison(
    key: str, frames: tuple[str, SplitSpec | None, str | None], titles: tuple[str, str], settings: ReportSettings
) -> None:
    """Build the comparison report in the background (progress polled by the page), then keep it."""
    reference_id, split, current_id = frames

    def work(job: jobs.Job) -> ReportResult:
        ws = state.workspace()
        if split is not None:
            ref_table, cur_table, _ = split.apply(report_table(ws, ws.get(reference_id)))
            reference, current = ref_table.to_pandas(), cur_table.to_pandas()
        else:
            reference, current = ws.frame(reference_id), ws.frame(current_id or reference_id)
        result = build_comparison_report(
            reference,
            current,
            reference_title=titles[0],
            current_title=titles[1],
            settings=settings,
            progress=job.report,
        )
        store_report(ws.root, key, settings, result)
        return result

    jobs.start(key, f"comparison of {titles[0]} and {titles[1]}", work)
