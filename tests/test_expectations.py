"""Expectation suites on real data: suggestion, GX project store, validation, history, and the judged outcomes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from profiling import results
from profiling.examples import seed_examples
from profiling.expectations import (
    SuiteDocument,
    SuiteError,
    SuiteStore,
    keep_run,
    kept_run,
    parse_suite,
    run_history,
    suggest_suite,
    validate_frame,
)
from profiling.expectations.models import ExpectationSpec
from profiling.profile import profile_frame
from profiling.workspace import Workspace


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("seeded-suites")
    seed_examples(Workspace(root))
    return Workspace(root)


def _suite(ws: Workspace, name: str, strictness: str = "balanced") -> SuiteDocument:
    meta = ws.find(name)
    specs = suggest_suite(results.dataset_profile(ws, meta), ws.frame(meta.id), strictness=strictness)  # type: ignore[arg-type]
    return SuiteDocument(name=f"{name}_{strictness}", expectations=specs)


def _failed(report) -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {(r.expectation_type, r.column) for r in report.results if not r.success}


def test_adult_train_suite_passes_train_and_fails_test_only_on_the_label(seeded: Workspace) -> None:
    suite = _suite(seeded, "adult_train")
    kinds = {s.type for s in suite.expectations}
    assert {"expect_column_values_to_be_in_set", "expect_column_values_to_not_be_null"} <= kinds
    assert all(s.reason for s in suite.expectations)  # each suggestion says why
    train = validate_frame(seeded.frame(seeded.find("adult_train").id), suite, dataset="adult_train")
    assert train.success, _failed(train)
    test = validate_frame(seeded.frame(seeded.find("adult_test").id), suite, dataset="adult_test")
    assert not test.success
    assert _failed(test) == {("expect_column_values_to_be_in_set", "income")}
    [label] = [r for r in test.results if not r.success]
    assert label.unexpected_count == 16_281 and label.unexpected_percent == pytest.approx(100.0)
    assert set(label.unexpected_values) == {">50K.", "<=50K."}
    assert test.failures_first()[0] == label


def test_workclass_not_null_mostly_comes_from_observed_completeness(seeded: Workspace) -> None:
    suite = _suite(seeded, "adult_train")
    [spec] = [
        s for s in suite.expectations if s.type == "expect_column_values_to_not_be_null" and s.column == "workclass"
    ]
    complete = 1 - 1836 / 32561  # SOURCES.md: 1,836 '?' in workclass
    assert complete - 0.03 < spec.kwargs["mostly"] < complete
    assert "1,836 missing" in spec.reason


def test_cleveland_suite_on_switzerland_flags_cholesterol_zeros_and_missingness(seeded: Workspace) -> None:
    suite = _suite(seeded, "heart_cleveland")
    swiss = validate_frame(seeded.frame(seeded.find("heart_switzerland").id), suite, dataset="heart_switzerland")
    failed = _failed(swiss)
    chol = next(
        r for r in swiss.results if r.expectation_type == "expect_column_values_to_be_between" and r.column == "chol"
    )
    assert not chol.success and chol.unexpected_count == 123 and chol.unexpected_values == [0]
    missing = {c for t, c in failed if t == "expect_column_values_to_not_be_null"}
    # Switzerland's '?' counts (SOURCES.md): ca 118, fbs 75, thal 52, slope 17, oldpeak 6, trestbps 2, ...
    assert {"ca", "fbs", "thal", "slope", "oldpeak", "trestbps"} <= missing
    assert not missing & {"age", "sex", "cp", "chol", "num"}  # complete in both sources
    cleveland = validate_frame(seeded.frame(seeded.find("heart_cleveland").id), suite, dataset="heart_cleveland")
    assert cleveland.success, _failed(cleveland)


def test_strictness_sets_margins_and_mostly(seeded: Workspace) -> None:
    by = {s: _suite(seeded, "heart_cleveland", s) for s in ("strict", "balanced", "lenient")}

    def age_range(suite: SuiteDocument) -> tuple[float, float]:
        [spec] = [s for s in suite.expectations if s.type == "expect_column_values_to_be_between" and s.column == "age"]
        return spec.kwargs["min_value"], spec.kwargs["max_value"]

    assert age_range(by["strict"]) == (29.0, 77.0)  # the observed range (SOURCES: ages 29-77 in Cleveland)
    assert age_range(by["strict"])[0] > age_range(by["balanced"])[0] > age_range(by["lenient"])[0]
    assert any(s.type == "expect_table_columns_to_match_ordered_list" for s in by["strict"].expectations)
    assert not any(s.type == "expect_table_columns_to_match_ordered_list" for s in by["balanced"].expectations)


def test_saved_suite_round_trips_and_gx_files_are_plain_json(seeded: Workspace, tmp_path: Path) -> None:
    store = SuiteStore(tmp_path)
    suite = _suite(seeded, "heart_cleveland")
    path = store.save(suite)
    assert path == tmp_path / "gx" / "expectations" / "heart_cleveland_balanced.json"
    assert (tmp_path / "gx" / "great_expectations.yml").is_file()
    loaded = store.load(suite.name)
    assert [(s.type, s.reason) for s in loaded.expectations] == [(s.type, s.reason) for s in suite.expectations]
    for kept, built in zip(loaded.expectations, suite.expectations, strict=True):
        assert kept.kwargs.items() <= built.kwargs.items()  # GX leaves out parameters at their default only
        assert {k: v for k, v in built.kwargs.items() if k not in kept.kwargs}.keys() <= {"mostly", "exact_match"}
    with pytest.raises(SuiteError, match="already exists"):
        store.save(suite)
    store.rename(suite.name, "renamed")
    assert [i.name for i in store.suites()] == ["renamed"]
    assert json.loads(store.export_json("renamed"))["name"] == "renamed"
    store.delete("renamed")
    assert store.suites() == []


def test_broken_suite_file_is_listed_with_its_problem(tmp_path: Path) -> None:
    store = SuiteStore(tmp_path)
    (store.folder / "broken.json").write_text("{")
    store.save(
        SuiteDocument(name="ok", expectations=[ExpectationSpec(type="expect_column_to_exist", kwargs={"column": "a"})])
    )
    listed = {i.name: i for i in store.suites()}
    assert listed["ok"].problem is None and listed["ok"].expectations == 1
    assert "not valid JSON" in (listed["broken"].problem or "")


def test_disabled_expectations_are_not_saved(tmp_path: Path) -> None:
    store = SuiteStore(tmp_path)
    specs = [
        ExpectationSpec(type="expect_column_to_exist", kwargs={"column": "a"}),
        ExpectationSpec(type="expect_column_to_exist", kwargs={"column": "b"}, enabled=False),
    ]
    store.save(SuiteDocument(name="s", expectations=specs))
    assert [s.kwargs["column"] for s in store.load("s").expectations] == ["a"]


# -- pitfalls from TESTING.md / the GX 1.24 behaviour measured here ---------------------------


def test_quantile_results_are_kept_as_json_history(tmp_path: Path) -> None:
    # GX's own stored runs (ValidationDefinition.run) crash on the numpy booleans of quantile results.
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0, 5.0]})
    spec = ExpectationSpec(
        type="expect_column_quantile_values_to_be_between",
        kwargs={"column": "x", "quantile_ranges": {"quantiles": [0.5], "value_ranges": [[2.5, 3.5]]}},
    )
    report = validate_frame(frame, SuiteDocument(name="q", expectations=[spec]), dataset="five")
    assert report.success and report.results[0].observed_value == {"quantiles": [0.5], "values": [3.0]}
    entry = keep_run(tmp_path, report)
    assert run_history(tmp_path, "q") == [entry]
    assert kept_run(tmp_path, "q", entry.run_id) == report


def test_date_bounds_from_suggestions_compare_with_timestamps(tmp_path: Path) -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2020-01-01", "2020-06-01", "2020-12-31"])})
    specs = suggest_suite(profile_frame(frame, name="days"), frame, strictness="balanced")
    [between] = [s for s in specs if s.type == "expect_column_values_to_be_between"]
    assert "T" in between.kwargs["min_value"]  # a full timestamp, never a date-only string
    store = SuiteStore(tmp_path)
    store.save(SuiteDocument(name="days", expectations=specs))
    report = validate_frame(frame, store.load("days"), dataset="days")
    assert report.success, [(r.expectation_type, r.exception) for r in report.results if not r.success]
    later = pd.DataFrame({"day": pd.to_datetime(["2030-01-01", "2020-06-01", "2020-12-31"])})
    outcome = next(
        r
        for r in validate_frame(later, store.load("days"), dataset="later").results
        if r is not None and r.expectation_type == between.type
    )
    assert not outcome.success and outcome.exception is None and outcome.unexpected_count == 1


def test_gx_exceptions_are_reported_not_hidden() -> None:
    frame = pd.DataFrame({"day": pd.to_datetime(["2020-01-01", "2020-06-01"])})
    spec = ExpectationSpec(
        type="expect_column_min_to_be_between",
        kwargs={"column": "day", "min_value": "2019-01-01", "max_value": "2021-01-01"},
    )
    [outcome] = validate_frame(frame, SuiteDocument(name="d", expectations=[spec]), dataset="d").results
    assert not outcome.success and "Cannot compare Timestamp" in (outcome.exception or "")


def test_boolean_value_sets_are_plain_json_and_pandas_type_names_match() -> None:
    frame = pd.DataFrame(
        {
            "flag": np.array([True, False, True]),
            "nullable": pd.array([1, None, 3], dtype="Int64"),
            "maybe": pd.array([True, None, False], dtype="boolean"),
            "text": ["a", "b", None],
        }
    )
    specs = suggest_suite(profile_frame(frame, name="t"), frame)
    [flags] = [s for s in specs if s.type == "expect_column_values_to_be_in_set" and s.column == "flag"]
    assert flags.kwargs["value_set"] == [False, True] and all(type(v) is bool for v in flags.kwargs["value_set"])
    json.dumps([s.kwargs for s in specs], allow_nan=False)
    report = validate_frame(frame, SuiteDocument(name="t", expectations=specs), dataset="t")
    types = [r for r in report.results if r.expectation_type == "expect_column_values_to_be_in_type_list"]
    assert len(types) == 4 and all(r.success for r in types), [(r.column, r.observed_value) for r in types]
    assert report.success


def test_patterned_text_gets_a_regex_and_length_range() -> None:
    frame = pd.DataFrame(
        {"zip": ["00501", "10001", "94105", "02139"] * 5, "mail": [f"u{i}@example.org" for i in range(20)]}
    )
    specs = suggest_suite(profile_frame(frame, name="codes"), frame)
    regexes = {s.column: s.kwargs["regex"] for s in specs if s.type == "expect_column_values_to_match_regex"}
    assert regexes["zip"] == r"^\d{5}$" and "@" in regexes["mail"]
    bad = frame.assign(zip=["501"] + list(frame["zip"][1:]))
    report = validate_frame(bad, SuiteDocument(name="c", expectations=specs), dataset="bad")
    assert ("expect_column_values_to_match_regex", "zip") in _failed(report)


def test_catastrophic_regex_is_stopped_with_a_message(bad_inputs: Path) -> None:
    suite = parse_suite((bad_inputs / "suites" / "suite_redos_regex.json").read_bytes())
    frame = pd.read_csv(bad_inputs / "csv" / "redos_values.csv")
    [outcome] = validate_frame(frame, suite, dataset="redos").results
    assert not outcome.success and "did not finish" in (outcome.exception or "")


def test_copy_of_seeded_is_not_changed(seeded: Workspace, tmp_path: Path) -> None:
    # Runs are kept under the workspace, one folder per suite.
    root = tmp_path / "ws"
    shutil.copytree(seeded.root, root)
    ws = Workspace(root)
    suite = _suite(ws, "heart_va")
    report = validate_frame(ws.frame(ws.find("heart_va").id), suite, dataset="heart_va")
    keep_run(root, report)
    assert len(list((root / "suite_runs" / suite.name).glob("*.json"))) == 1
