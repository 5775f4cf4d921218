"""The full fg-data-profiling report: real library, escaped input, caps stated, cached by settings."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from profiling.errors import ProfilingError
from profiling.ydata_report import (
    ReportSettings,
    build_report,
    prepare_frame,
    sandboxed_frame,
    store_report,
    stored_report,
)

XSS = "<img src=x onerror=alert(1)>"


class _Injected(HTMLParser):
    """Collects elements and script text that only data could have put there."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        if any(name == "onerror" for name, _ in attrs):
            self.found.append(f"<{tag} onerror>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"script with alert(: {data[:200]}")


def test_report_of_real_data_escapes_markup(datasets: Path) -> None:
    frame = pd.read_csv(datasets / "penguins" / "penguins.csv").head(120)
    frame[XSS] = ["<script>alert('v')</script>"] * len(frame)
    phases: list[str] = []
    result = build_report(
        frame, title="<script>alert('t')</script>", progress=lambda phase, fraction: phases.append(phase)
    )
    assert "<html" in result.html.lower() and "species" in result.html
    injected = _Injected()
    injected.feed(result.html)
    assert injected.found == [], injected.found  # markup from the data is text, never an element
    assert "&lt;img src=x onerror=alert(1)" in result.html  # ... and it is shown as text
    assert (result.rows_used, result.columns_used, result.notes) == (120, 9, [])
    assert phases[0].startswith("Preparing") and phases[-1] == "Done"


def test_caps_are_applied_and_stated() -> None:
    frame = pd.DataFrame({f"c{i}": range(300) for i in range(12)})
    prepared, notes = prepare_frame(frame, ReportSettings(max_rows=100, max_columns=5))
    assert prepared.shape == (100, 5)
    assert notes == [
        "Only the first 5 of 12 columns are in the report.",
        "The report uses a random sample of 100 of 300 rows.",
    ]


def test_long_text_is_truncated_and_names_escaped() -> None:
    frame = pd.DataFrame([["x" * 5000, 1, 2]], columns=["t", "a<b", "a&lt;b"])
    prepared, _ = prepare_frame(frame, ReportSettings(max_cell_chars=100))
    assert len(prepared.iloc[0, 0]) == 100
    assert list(prepared.columns) == ["t", "a&lt;b", "a&amp;lt;b"]


def test_empty_frame_is_a_clear_error() -> None:
    with pytest.raises(ProfilingError, match="at least one row"):
        build_report(pd.DataFrame({"a": []}), title="empty")


def test_store_and_reuse_by_settings(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": ["x", "y", "x", "y"]})
    settings = ReportSettings()
    assert stored_report(tmp_path, "f" * 16, settings) is None
    result = build_report(frame, title="small", settings=settings)
    store_report(tmp_path, "f" * 16, settings, result)
    assert stored_report(tmp_path, "f" * 16, settings) == result
    assert stored_report(tmp_path, "f" * 16, settings.model_copy(update={"minimal": False})) is None


def test_sandboxed_frame_has_no_same_origin() -> None:
    markup = sandboxed_frame('<p onclick="x()">"quoted"</p>')
    assert 'sandbox="allow-scripts allow-popups"' in markup and "allow-same-origin" not in markup
    assert 'srcdoc="&lt;p onclick=&quot;x()&quot;&gt;&quot;quoted&quot;&lt;/p&gt;"' in markup
