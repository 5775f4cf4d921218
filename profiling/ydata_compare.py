"""The fg-data-profiling comparison report of two datasets, sampled, capped and escaped like the single report."""

from __future__ import annotations

import re
import time

import pandas as pd

from profiling import _offline as _offline  # analytics off before data_profiling is imported
from profiling.errors import ProfilingError
from profiling.ydata_report import Progress, ReportResult, ReportSettings, prepare_frame


def build_comparison_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    reference_title: str,
    current_title: str,
    settings: ReportSettings | None = None,
    progress: Progress | None = None,
) -> ReportResult:
    """Profile both frames (each sampled to `settings.max_rows`, names and text HTML-escaped) and compare them."""
    settings = settings or ReportSettings()
    step = progress or (lambda phase, fraction: None)
    start = time.perf_counter()
    step("Preparing both datasets (sampling, capping, escaping)", 0.05)
    ref, ref_notes = prepare_frame(reference, settings)
    cur, cur_notes = prepare_frame(current, settings)
    if ref.empty or cur.empty or not set(ref.columns) & set(cur.columns):
        raise ProfilingError(
            f"{reference_title} and {current_title}: the comparison report needs rows and at least one shared column.",
            "Compare datasets that share columns.",
        )
    from data_profiling import ProfileReport  # heavy import, only when a report is asked for

    titles = [re.sub(r"[<>&\"'`]", "", t) or "dataset" for t in (reference_title, current_title)]
    reports = [
        ProfileReport(frame, title=title, minimal=settings.minimal, progress_bar=False)
        for frame, title in zip((ref, cur), titles, strict=True)
    ]
    for i, report in enumerate(reports):
        step(f"Computing the statistics of {titles[i]}", 0.15 + 0.35 * i)
        report.get_description()
    step("Rendering the comparison", 0.85)
    page = reports[0].compare(reports[1]).to_html()
    step("Done", 1.0)
    notes = [f"Reference: {n}" for n in ref_notes] + [f"Current: {n}" for n in cur_notes]
    return ReportResult(
        html=page,
        rows_used=len(ref) + len(cur),
        rows_total=len(reference) + len(current),
        columns_used=max(ref.shape[1], cur.shape[1]),
        columns_total=max(reference.shape[1], current.shape[1]),
        notes=notes,
        seconds=round(time.perf_counter() - start, 3),
    )
