"""Chart builders: traces, titles and axes from real profiles (not pixels)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from profiling import charts
from profiling.loading import LoadOptions, load_path
from profiling.profile import DatasetProfile, profile_frame

HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


@pytest.fixture(scope="module")
def cleveland(datasets: Path) -> DatasetProfile:
    loaded = load_path(
        datasets / "heart_disease" / "processed.cleveland.data", options=LoadOptions(column_names=tuple(HEART))
    )
    return profile_frame(loaded.frame, name="cleveland", load_warnings=loaded.report.warnings)


def _values(array: object) -> list[float]:
    """Plotly >= 6 may store arrays as {"dtype", "bdata"} (base64); decode them."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)  # type: ignore[call-overload]


def test_numeric_column_gets_histogram_and_box(cleveland: DatasetProfile) -> None:
    figure = json.loads(charts.column_chart(cleveland.column("age")).to_json())
    kinds = [trace["type"] for trace in figure["data"]]
    assert kinds == ["bar", "box"]
    assert sum(_values(figure["data"][0]["y"])) == 303  # every non-missing age is in a bin
    assert figure["layout"]["title"]["text"] == "age: distribution of 303 values"


def test_categorical_column_gets_frequency_bars_with_missing(cleveland: DatasetProfile) -> None:
    thal = cleveland.column("thal")
    figure = json.loads(charts.frequency_chart(thal).to_json())
    [bars] = figure["data"]
    labels = list(bars["y"])
    assert labels[-1] == "(missing)" and _values(bars["x"])[-1] == 2  # thal has 2 '?' in Cleveland
    assert sum(_values(bars["x"])) == 303


def test_missing_chart_sorted_worst_first(cleveland: DatasetProfile) -> None:
    figure = json.loads(charts.missing_chart(cleveland).to_json())
    names = list(figure["data"][0]["x"])
    assert names[:2] == ["ca", "thal"]
    assert figure["layout"]["yaxis"]["tickformat"] == ".0%"


def test_heatmap_is_symmetric(cleveland: DatasetProfile) -> None:
    figure = json.loads(charts.correlation_heatmap(cleveland.correlations.pearson, title="Pearson").to_json())
    z = figure["data"][0]["z"]
    assert all(z[i][i] == 1.0 for i in range(len(z)))
    assert all(z[i][j] == z[j][i] for i in range(len(z)) for j in range(len(z)))


def test_dates_are_counted_over_time() -> None:
    frame = pd.DataFrame({"when": pd.date_range("2021-01-01", periods=400, freq="D")})
    profile = profile_frame(frame, name="dates")
    figure = json.loads(charts.column_chart(profile.column("when")).to_json())
    assert figure["layout"]["xaxis"]["type"] == "date"
    assert sum(_values(figure["data"][0]["y"])) == 400


def test_markup_in_names_and_values_is_escaped() -> None:
    frame = pd.DataFrame({"<img src=x onerror=alert(1)>": ["<b>bold</b>", "x", "x"]})
    profile = profile_frame(frame, name="<script>alert(1)</script>")
    column = profile.columns[0]
    text = charts.frequency_chart(column).to_json() + charts.missing_chart(profile).to_json()
    assert "<img" not in text and "<script" not in text and "<b>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
