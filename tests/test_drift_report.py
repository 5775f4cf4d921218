"""The fg-data-profiling comparison report of two datasets: the real library, sampled, escaped, sandboxable."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiling.errors import ProfilingError
from profiling.loading import LoadOptions, load_path
from profiling.ydata_compare import build_comparison_report
from profiling.ydata_report import ReportSettings

HEART = tuple("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(","))
XSS = "<img src=x onerror=alert(1)>"


def _heart(datasets: Path, source: str) -> pd.DataFrame:
    frame = load_path(
        datasets / "heart_disease" / f"processed.{source}.data", options=LoadOptions(column_names=HEART)
    ).frame
    return frame[["age", "chol", "num"]].assign(note=[XSS, "ok"] * (len(frame) // 2) + ["ok"] * (len(frame) % 2))


def test_comparison_report_of_two_heart_sources(datasets: Path) -> None:
    steps: list[str] = []
    result = build_comparison_report(
        _heart(datasets, "cleveland"),
        _heart(datasets, "va").rename(columns={"note": "note"}),
        reference_title="cleveland <b>",
        current_title="va",
        settings=ReportSettings(max_rows=150),
        progress=lambda phase, fraction: steps.append(phase),
    )
    assert "<html" in result.html.lower() and "cleveland" in result.html and "va" in result.html
    assert XSS not in result.html  # data values are escaped before the library writes them
    assert result.rows_used == 300 and result.rows_total == 503
    assert any("sample of 150" in note for note in result.notes)
    assert steps[0].startswith("Preparing") and steps[-1] == "Done"


def test_comparison_report_needs_shared_columns() -> None:
    with pytest.raises(ProfilingError, match="shared column"):
        build_comparison_report(
            pd.DataFrame({"a": [1]}), pd.DataFrame({"b": [1]}), reference_title="a", current_title="b"
        )
