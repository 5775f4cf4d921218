"""The full fg-data-profiling report (the maintained ydata-profiling), made safe and bounded: the only importer."""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from profiling import _offline as _offline  # analytics off before data_profiling is imported
from profiling.errors import ProfilingError
from profiling.privacy.views import mask_frame
from profiling.storage import atomic_write

Progress = Callable[[str, float], None]


class ReportSettings(BaseModel):
    """Caps that keep the report affordable on big data; each one applied is stated in `ReportResult.notes`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_rows: int = 50_000
    max_columns: int = 50
    max_cell_chars: int = 500
    minimal: bool = True
    seed: int = 0
    masked_columns: tuple[str, ...] = ()  # privacy mode: these columns' values are masked in the report

    def key(self) -> str:
        """A short hash of the settings, part of the cache file name."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]


class ReportResult(BaseModel):
    """The report's HTML plus what was capped to make it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    html: str
    rows_used: int
    rows_total: int
    columns_used: int
    columns_total: int
    notes: list[str]
    seconds: float


def build_report(
    frame: pd.DataFrame,
    *,
    title: str,
    settings: ReportSettings | None = None,
    progress: Progress | None = None,
) -> ReportResult:
    """Profile `frame` with fg-data-profiling after sampling, capping and escaping it; returns the HTML."""
    settings = settings or ReportSettings()
    report_progress = progress or (lambda phase, fraction: None)
    start = time.perf_counter()
    report_progress("Preparing the data (sampling, capping, escaping)", 0.05)
    prepared, notes = prepare_frame(frame, settings)
    if prepared.empty or prepared.shape[1] == 0:
        raise ProfilingError(
            f"{title}: the full report needs at least one row and one column.", "Load a dataset with data in it."
        )
    from data_profiling import ProfileReport  # heavy import (about 2 s), only when a report is asked for

    # The library's HTML minifier turns entities in <title> back into characters, so markup
    # characters are dropped from the title rather than escaped.
    safe_title = re.sub(r"[<>&\"'`]", "", title) or "Profile report"
    report = ProfileReport(prepared, title=safe_title, minimal=settings.minimal, progress_bar=False)
    report_progress("Computing the report's statistics", 0.15)
    report.get_description()
    report_progress("Rendering the HTML report", 0.7)
    page = report.to_html()
    report_progress("Done", 1.0)
    return ReportResult(
        html=page,
        rows_used=len(prepared),
        rows_total=len(frame),
        columns_used=prepared.shape[1],
        columns_total=frame.shape[1],
        notes=notes,
        seconds=round(time.perf_counter() - start, 3),
    )


def prepare_frame(frame: pd.DataFrame, settings: ReportSettings) -> tuple[pd.DataFrame, list[str]]:
    """Sample rows, cap columns, truncate long text and HTML-escape names and text values.

    The report library writes names and values into its HTML unescaped; escaping them first makes
    any markup in the data display as text instead of running.
    """
    notes: list[str] = []
    prepared = mask_frame(frame, settings.masked_columns)
    if prepared is not frame:
        notes.append(f"Privacy mode: the values of {len(settings.masked_columns)} column(s) are masked.")
    if frame.shape[1] > settings.max_columns:
        prepared = prepared.iloc[:, : settings.max_columns]
        notes.append(f"Only the first {settings.max_columns} of {frame.shape[1]:,} columns are in the report.")
    if len(frame) > settings.max_rows:
        prepared = prepared.sample(n=settings.max_rows, random_state=settings.seed).sort_index()
        notes.append(f"The report uses a random sample of {settings.max_rows:,} of {len(frame):,} rows.")
    prepared = prepared.copy()
    prepared.columns = [html.escape(str(c)) for c in prepared.columns]  # escaping keeps names distinct
    for column in prepared.columns:
        dtype = prepared[column].dtype
        if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype | pd.CategoricalDtype):
            prepared[column] = prepared[column].map(
                lambda v: html.escape(str(v)[: settings.max_cell_chars]), na_action="ignore"
            )
    return prepared, notes


def stored_report(workspace_root: Path, fingerprint: str, settings: ReportSettings) -> ReportResult | None:
    """The report kept for this dataset content and these settings, if there is one."""
    try:
        return ReportResult.model_validate_json(_report_path(workspace_root, fingerprint, settings).read_bytes())
    except (OSError, ValueError):
        return None


def store_report(workspace_root: Path, fingerprint: str, settings: ReportSettings, result: ReportResult) -> None:
    """Keep a report for next time (atomically)."""
    path = _report_path(workspace_root, fingerprint, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, result.model_dump_json().encode())


def sandboxed_frame(report_html: str, *, height: int = 900) -> str:
    """HTML for an iframe that runs the report's scripts in its own opaque origin (no same-origin access)."""
    return (
        '<iframe sandbox="allow-scripts allow-popups" referrerpolicy="no-referrer" '
        f'style="width:100%;height:{height}px;border:0" title="Full profile report" '
        f'srcdoc="{html.escape(report_html, quote=True)}"></iframe>'
    )


def _report_path(workspace_root: Path, fingerprint: str, settings: ReportSettings) -> Path:
    return Path(workspace_root) / "reports" / f"{fingerprint}-{settings.key()}.json"
