"""Drift severity: effect sizes on Cohen's scale, by hand and on real shifts (wine, bike sharing), in JSON, CLI and verdict."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from profiling.cli import main
from profiling.drift import detect_drift
from profiling.drift.severity import category_effect, proportion_effect, severity, verdict
from profiling.loading import load_path


@pytest.fixture(scope="module")
def wine(datasets: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = datasets / "wine_quality"
    return load_path(folder / "winequality-red.csv").frame, load_path(folder / "winequality-white.csv").frame


def test_cohen_cutoffs() -> None:
    words = [severity(x) for x in (0.0, 0.199, 0.2, 0.499, 0.5, 0.799, 0.8, 40.0)]
    assert words == ["negligible", "negligible", "small", "small", "moderate", "moderate", "large", "large"]
    assert severity(None) is None


def test_cohen_h_by_hand() -> None:
    assert proportion_effect(0.5, 0.5) == 0.0
    assert proportion_effect(0.0, 1.0) == pytest.approx(math.pi)
    assert proportion_effect(0.45, 0.55) == pytest.approx(
        2 * math.asin(math.sqrt(0.55)) - 2 * math.asin(math.sqrt(0.45))
    )
    # a new category with 10% of current values: h = 2 asin(sqrt(0.1)) = 0.644
    assert category_effect({"a": 50, "b": 50}, {"a": 45, "b": 45, "new": 10}) == pytest.approx(0.6435, abs=1e-4)


def test_a_pure_shift_of_half_a_std_is_moderate() -> None:
    rng = np.random.default_rng(0)
    ref = pd.DataFrame({"x": rng.normal(0, 1, 20_000)})
    cur = pd.DataFrame({"x": rng.normal(0.55, 1, 20_000)})
    x = detect_drift(ref, cur).column("x")
    assert x.effect_size == pytest.approx(0.55, abs=0.03) and x.severity == "moderate"


def test_wine_alcohol_drifts_with_a_negligible_effect(wine: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    report = detect_drift(*wine, reference_name="red", current_name="white")
    sugar, sulfur, alcohol = (report.column(n) for n in ("residual sugar", "total sulfur dioxide", "alcohol"))
    assert sugar.drifted and sugar.severity == "large" and sulfur.drifted and sulfur.severity == "large"
    # alcohol's distribution does differ (normalised Wasserstein 0.194 >= 0.1, as Evidently finds) ...
    assert alcohol.drifted and alcohol.statistic == pytest.approx(0.194, abs=0.002)
    # ... but the change is below Cohen's "small": an order of magnitude below sugar and SO2
    assert alcohol.severity == "negligible" and alcohol.effect_size is not None
    assert sugar.effect_size is not None and sulfur.effect_size is not None
    assert alcohol.effect_size < min(sugar.effect_size, sulfur.effect_size) / 10
    negligible = [c.column for c in report.columns if c.drifted and c.severity == "negligible"]
    assert negligible == ["alcohol"]
    assert report.verdict == "12 of 12 columns drifted; 1 with a negligible effect: alcohol"


def test_bike_daily_count_2012_is_a_large_change(datasets: Path) -> None:
    day = load_path(datasets / "bike_sharing" / "day.csv").frame
    report = detect_drift(day[day.yr == 0].drop(columns="yr"), day[day.yr == 1].drop(columns="yr"))
    cnt = report.column("cnt")  # daily rentals 3,406 -> 5,600, reference std 1,376
    assert cnt.drifted and cnt.severity == "large" and cnt.effect_size == pytest.approx(1.6, abs=0.05)
    assert report.column("temp").severity == "negligible"
    hour = load_path(datasets / "bike_sharing" / "hour.csv").frame
    hourly = detect_drift(hour[hour.yr == 0], hour[hour.yr == 1]).column("cnt")
    assert hourly.severity == "moderate"  # per hour, night hours overlap: 0.68 reference std


def test_a_dataset_against_itself_has_only_negligible_effects(wine: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    report = detect_drift(wine[0], wine[0])
    assert {c.severity for c in report.columns} == {"negligible"} and {c.effect_size for c in report.columns} == {0.0}
    assert report.verdict == "0 of 12 columns drifted"


def test_verdict_lists_at_most_five_names() -> None:
    drifted = [(f"c{i}", "negligible") for i in range(7)] + [("big", "large")]
    text = verdict(drifted, 10)  # type: ignore[arg-type]
    assert text == "8 of 10 columns drifted; 7 with a negligible effect: c0, c1, c2, c3, c4 and 2 more"


def test_json_and_cli_show_severity(datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    red, white = (str(datasets / "wine_quality" / f"winequality-{c}.csv") for c in ("red", "white"))
    out = tmp_path / "drift.json"
    assert main(["drift", red, white, "--json", str(out)]) == 0
    payload = json.loads(out.read_text())
    by_name = {c["column"]: c for c in payload["columns"]}
    assert by_name["alcohol"]["severity"] == "negligible" and by_name["residual sugar"]["severity"] == "large"
    assert payload["verdict"].endswith("1 with a negligible effect: alcohol")
    text = capsys.readouterr().out
    assert "1 with a negligible effect: alcohol" in text
    assert "drifted alcohol [numeric, wasserstein 0.1941, negligible effect]" in text


def test_random_halves_of_one_dataset_change_negligibly(datasets: Path) -> None:
    hour = load_path(datasets / "bike_sharing" / "hour.csv").frame
    half = np.random.default_rng(0).random(len(hour)) < 0.5
    report = detect_drift(hour[half], hour[~half])
    assert {c.severity for c in report.columns} == {"negligible"}
    assert max(c.effect_size or 0.0 for c in report.columns) < 0.1
