"""Drift library: default tests, hand-computed statistics, invariants, and real shifts in real data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from profiling.cli import main
from profiling.drift import ColumnOptions, DriftOptions, choose_test, detect_drift
from profiling.drift.split import period_values, split_by_period, split_by_value
from profiling.errors import ColumnNotFoundError, ProfilingError
from profiling.loading import LoadOptions, load_path

HEART = tuple("age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(","))
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bike(datasets: Path) -> pd.DataFrame:
    return load_path(datasets / "bike_sharing" / "hour.csv").frame


@pytest.fixture(scope="module")
def wine(datasets: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = datasets / "wine_quality"
    return load_path(folder / "winequality-red.csv").frame, load_path(folder / "winequality-white.csv").frame


def _heart(datasets: Path, source: str) -> pd.DataFrame:
    path = datasets / "heart_disease" / f"processed.{source}.data"
    return load_path(path, options=LoadOptions(column_names=HEART)).frame


def test_choose_test_follows_kind_and_size() -> None:
    assert choose_test("numeric", 1000, n_values=40) == "ks"
    assert choose_test("numeric", 1001, n_values=40) == "wasserstein"
    assert choose_test("numeric", 500, n_values=4) == "chisquare"
    assert choose_test("numeric", 5000, n_values=4) == "jensenshannon"
    assert choose_test("categorical", 500, n_values=2) == "z"
    assert choose_test("boolean", 500, n_values=2) == "z"
    assert choose_test("categorical", 50_000, n_values=12) == "jensenshannon"
    assert choose_test("identifier", 50_000, n_values=50_000) is None
    assert choose_test("text", 10, n_values=10) is None


def test_statistics_match_scipy_on_hand_made_samples() -> None:
    rng = np.random.default_rng(3)
    ref = pd.DataFrame({"x": rng.normal(0, 1, 400), "c": rng.choice(["a", "b", "c"], 400, p=[0.5, 0.3, 0.2])})
    cur = pd.DataFrame({"x": rng.normal(0.5, 1, 300), "c": rng.choice(["a", "b", "c"], 300, p=[0.3, 0.3, 0.4])})
    report = detect_drift(ref, cur)
    x, c = report.column("x"), report.column("c")
    assert x.test == "ks" and x.statistic == pytest.approx(stats.ks_2samp(ref.x, cur.x).statistic)
    assert x.p_value == pytest.approx(stats.ks_2samp(ref.x, cur.x).pvalue)
    table = pd.crosstab(np.r_[np.zeros(400), np.ones(300)], np.r_[ref.c, cur.c]).to_numpy()
    expected = stats.chi2_contingency(table, correction=False)
    assert c.test == "chisquare" and c.p_value == pytest.approx(expected.pvalue)
    assert (
        x.drifted and c.drifted and x.mean_shift_std == pytest.approx((cur.x.mean() - ref.x.mean()) / ref.x.std(ddof=0))
    )


def test_binned_wasserstein_matches_the_exact_distance(wine: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    red, white = wine
    report = detect_drift(red, white)
    for name in ("alcohol", "residual sugar", "pH"):
        exact = stats.wasserstein_distance(red[name], white[name]) / red[name].std(ddof=0)
        assert report.column(name).statistic == pytest.approx(exact, rel=0.01)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    numbers=st.lists(st.floats(-1e6, 1e6, allow_nan=False) | st.none(), min_size=1, max_size=60),
    labels=st.lists(st.sampled_from(["a", "b", "<b>x</b>", ""]) | st.none(), min_size=1, max_size=60),
)
def test_a_dataset_never_drifts_from_itself(numbers: list[float | None], labels: list[str | None]) -> None:
    n = min(len(numbers), len(labels))
    frame = pa.table({"x": pa.array(numbers[:n], pa.float64()), "c": pa.array(labels[:n], pa.string())})
    report = detect_drift(frame, frame)
    assert not report.dataset_drift and report.drifted_columns == 0 and report.schema_changes == []
    assert all(c.score == 0 for c in report.columns)


def test_random_splits_flag_at_most_five_percent(datasets: Path, bike: pd.DataFrame) -> None:
    """Random halves of one dataset share one distribution: few columns may be flagged, on average."""
    for frame, seeds in ((_heart(datasets, "cleveland"), 20), (bike, 4)):
        shares = []
        for seed in range(seeds):
            half = np.random.default_rng(seed).random(len(frame)) < 0.5
            shares.append(detect_drift(frame[half], frame[~half]).drift_share)
        assert np.mean(shares) <= 0.05, shares


def test_bike_sharing_2012_count_drifts_from_2011(bike: pd.DataFrame) -> None:
    reference, current, label = split_by_value(bike, "yr", reference=0, current=1)
    report = detect_drift(reference, current, split=label)
    cnt = report.column("cnt")
    assert cnt.drifted and cnt.test == "wasserstein" and cnt.reference_mean == pytest.approx(143.8, abs=0.1)
    assert cnt.current_mean == pytest.approx(234.7, abs=0.1)
    assert not report.column("temp").drifted  # the weather barely changes: 0.489 -> 0.505
    assert "yr" not in [c.column for c in report.columns]
    [key] = report.identifiers  # `instant` is a running number: a key, not a measurement
    assert key.column == "instant" and key.overlap == 0


def test_bike_split_by_month(bike: pd.DataFrame) -> None:
    assert period_values(bike, "dteday")[:2] == ["2011-01", "2011-02"]
    reference, current, _ = split_by_period(bike, "dteday", reference="2011-01", current="2011-07")
    report = detect_drift(reference, current)
    assert report.column("temp").drifted and report.column("dteday").test is None  # dates are never tested
    with pytest.raises(ProfilingError, match="2030-01"):
        split_by_period(bike, "dteday", reference="2011-01", current="2030-01")


def test_wine_red_vs_white(wine: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    red, white = wine
    report = detect_drift(red, white, reference_name="red", current_name="white")
    sugar, sulfur, alcohol = (report.column(n) for n in ("residual sugar", "total sulfur dioxide", "alcohol"))
    assert sugar.drifted and sulfur.drifted and report.dataset_drift
    assert abs(alcohol.mean_shift_std or 1) < 0.1  # the negative control: means 10.42 vs 10.51
    assert alcohol.statistic is not None and sugar.statistic is not None
    assert alcohol.statistic < sugar.statistic / 10 and alcohol.statistic < sulfur.statistic / 10


def test_a_rise_in_missing_values_is_drift(datasets: Path) -> None:
    cleveland, hungarian = _heart(datasets, "cleveland"), _heart(datasets, "hungarian")
    report = detect_drift(cleveland, hungarian)
    ca = report.column("ca")  # 4 of 303 missing at Cleveland, 291 of 294 in Hungary
    assert ca.missing_drifted and ca.drifted and ca.current_missing_fraction > 0.98
    changes = {(c.type, c.column) for c in report.schema_changes}
    assert ("missing_rate_change", "ca") in changes


def test_schema_changes_name_columns_categories_and_ranges() -> None:
    ref = pd.DataFrame({"a": [1.0, 2.0, 3.0] * 10, "gone": 1, "c": ["x", "y", "z"] * 10})
    cur = pd.DataFrame({"a": [0.0, 2.0, 9.0] * 10, "new": 2, "c": ["x", "y", "w"] * 10})
    report = detect_drift(ref, cur)
    by_type = {c.type: c for c in report.schema_changes}
    assert by_type["column_missing"].column == "gone" and by_type["column_new"].column == "new"
    assert by_type["new_categories"].values == {"w": 10} and by_type["vanished_categories"].values == {"z": 10}
    assert by_type["out_of_range"].values == {"below": 10, "above": 10}
    categories = {c.value: c for c in report.column("c").categories}
    assert categories["w"].new and categories["z"].vanished


def test_label_drift_and_group_rates(datasets: Path) -> None:
    options = DriftOptions(target="num", positive_label=None, sensitive=("sex",))
    report = detect_drift(_heart(datasets, "cleveland"), _heart(datasets, "va"), options=options)
    assert report.label is not None and report.label.drift.drifted
    assert "num" not in [c.column for c in report.columns]
    men = next(g for g in report.label.groups if g.group == "1")  # 1.0 at Cleveland and 1 at VA are one group
    assert men.reference_rows == 206 and men.current_rows == 194


def test_overrides_and_errors() -> None:
    ref = pd.DataFrame({"x": np.arange(2000.0), "c": ["a", "b"] * 1000})
    cur = pd.DataFrame({"x": np.arange(2000.0) + 50, "c": ["a", "b"] * 1000})
    report = detect_drift(ref, cur, options=DriftOptions(columns={"x": ColumnOptions(test="psi", threshold=0.5)}))
    assert report.column("x").test == "psi" and report.column("x").threshold == 0.5
    with pytest.raises(ProfilingError, match="cannot use the ks test"):
        detect_drift(ref, cur, options=DriftOptions(columns={"c": ColumnOptions(test="ks")}))
    with pytest.raises(ProfilingError, match="unknown drift test"):
        detect_drift(ref, cur, options=DriftOptions(columns={"x": ColumnOptions(test="magic")}))
    with pytest.raises(ColumnNotFoundError):
        detect_drift(ref, cur, options=DriftOptions(target="label"))


def test_json_round_trip_and_required_fields(wine: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    report = detect_drift(*wine)
    payload = json.loads(report.model_dump_json())
    assert type(report).model_validate(payload) == report
    assert {"column", "kind", "test", "statistic", "p_value", "threshold", "drifted"} <= set(payload["columns"][0])
    assert payload["columns"][0]["p_value"] is None  # a distance has no p-value


def test_cli_exit_codes_and_json(datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    red, white = (str(datasets / "wine_quality" / f"winequality-{c}.csv") for c in ("red", "white"))
    out = tmp_path / "drift.json"
    assert main(["drift", red, white, "--json", str(out), "--fail-on-drift"]) == 1
    payload = json.loads(out.read_text())
    assert payload["reference"] == "winequality-red" and payload["dataset_drift"] is True
    assert {"drift_share", "schema_changes", "columns"} <= set(payload)
    assert main(["drift", red, white]) == 0  # drift without --fail-on-drift is not a failure
    assert main(["drift", red, red, "--fail-on-drift"]) == 0
    assert "no dataset drift" in capsys.readouterr().out
    assert main(["drift", red, str(tmp_path / "missing.csv")]) == 2
    assert main(["drift", red, white, "--test", "alcohol"]) == 2
    err = capsys.readouterr().err
    assert "missing.csv" in err and "COLUMN=TEST" in err and "Traceback" not in err


def test_cli_process_runs(datasets: Path) -> None:
    red = str(datasets / "wine_quality" / "winequality-red.csv")
    done = subprocess.run(
        [sys.executable, "-m", "profiling", "drift", red, red, "--json", "-"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["drift_share"] == 0.0
