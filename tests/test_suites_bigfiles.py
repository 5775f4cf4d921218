"""Files over the memory budget are validated on a stated uniform sample, and the result says so."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from profiling.cli import main
from profiling.expectations import SuiteDocument, SuiteStore
from profiling.expectations.sources import validate_file
from profiling.loading import load_path

ROWS = 300_000
SUITE = {
    "name": "big",
    "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "id"}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0}},
        # 10% of the rows have the code "zz", outside the set: the sample should show about 10%.
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "code", "value_set": ["a", "b", "c"]}},
    ],
}


@pytest.fixture(scope="module")
def big_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(7)
    codes = np.where(np.arange(ROWS) % 10 == 0, "zz", rng.choice(["a", "b", "c"], ROWS))
    frame = pd.DataFrame({"id": np.arange(ROWS), "amount": rng.gamma(2.0, 50.0, ROWS), "code": codes})
    path = tmp_path_factory.mktemp("big") / "events.parquet"
    frame.to_parquet(path)
    frame.head(60_000).to_csv(path.with_suffix(".csv"), index=False)
    return path


def test_over_budget_parquet_is_validated_on_the_stated_sample(
    big_parquet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert validate_file(big_parquet, SuiteDocument.model_validate(SUITE)) is None  # within the default budget
    monkeypatch.setenv("PRISM_MEMORY_BUDGET_MB", "1")
    report = validate_file(big_parquet, SuiteDocument.model_validate(SUITE))
    assert report is not None and report.ran_in == "pandas" and report.sample_rows == 50_000
    assert "uniform random sample of 50,000 rows" in report.note and "over the memory budget of 1 MB" in report.note
    ids, amounts, codes = report.results
    assert ids.success and amounts.success and not codes.success
    assert codes.unexpected_count is not None and 4_500 < codes.unexpected_count < 5_500  # 10% of the sample
    assert codes.unexpected_values == ["zz"]
    again = validate_file(big_parquet, SuiteDocument.model_validate(SUITE))  # the sample is seeded
    assert again is not None and again.results[2].unexpected_count == codes.unexpected_count


def test_over_budget_csv_is_sampled_too(big_parquet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRISM_MEMORY_BUDGET_MB", "1")
    report = validate_file(big_parquet.with_suffix(".csv"), SuiteDocument.model_validate(SUITE))
    assert report is not None and report.sample_rows == 50_000 and report.dataset == "events"


def test_cli_says_a_sample_was_used(
    big_parquet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    SuiteStore(tmp_path / "project").save(SuiteDocument.model_validate(SUITE))
    args = ["validate", str(big_parquet), "--suite", "big", "--project-dir", str(tmp_path / "project")]
    assert main([*args, "--json", "-"]) == 1
    whole = json.loads(capsys.readouterr().out)
    assert whole["sample_rows"] is None and whole["results"][2]["unexpected_count"] == ROWS // 10
    monkeypatch.setenv("PRISM_MEMORY_BUDGET_MB", "1")
    assert main([*args, "--json", "-"]) == 1
    captured = capsys.readouterr()
    sampled = json.loads(captured.out)
    assert sampled["sample_rows"] == 50_000 and sampled["ran_in"] == "pandas"
    assert "uniform random sample of 50,000 rows" in captured.err  # the summary's "where" line
    assert main([*args, "--sample-rows", "10000", "--json", "-"]) == 1
    assert json.loads(capsys.readouterr().out)["sample_rows"] == 10_000


def test_out_of_core_workspace_dataset_is_validated_on_its_stated_sample(big_parquet: Path, tmp_path: Path) -> None:
    from profiling.expectations.sources import validate_dataset
    from profiling.workspace import Workspace

    ws = Workspace(tmp_path / "ws")
    meta = ws.add_file(big_parquet, origin="test", sample_rows=20_000)
    assert meta.out_of_core and meta.rows == ROWS
    report = validate_dataset(ws.frame(meta.id), SuiteDocument.model_validate(SUITE), meta=meta)
    assert report.sample_rows == 20_000 and "stored uniform sample of 20,000 rows" in report.note
    assert f"{ROWS:,} rows" in report.note
    small = ws.add(load_path(big_parquet.with_suffix(".csv")), origin="test")  # in memory: every row
    whole = validate_dataset(ws.frame(small.id), SuiteDocument.model_validate(SUITE), meta=small)
    assert whole.sample_rows is None and whole.note == "" and whole.results[2].unexpected_count == 6_000


def test_page_says_an_out_of_core_dataset_was_validated_on_its_sample(
    big_parquet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from profiling.workspace import Workspace
    from tests.pages_helpers import no_exceptions, open_app

    root = tmp_path / "ws"
    meta = Workspace(root).add_file(big_parquet, origin="test", sample_rows=20_000)
    SuiteStore(root).save(SuiteDocument.model_validate(SUITE))
    app = open_app(root, monkeypatch)
    app.switch_page("pages/suites.py").run()
    app.session_state["suites-section"] = "Validate"
    app.run()
    app.selectbox(key="suites-validate-dataset").select(meta.id).run()
    app.selectbox(key="suites-validate-suite").select("big").run()
    app.button(key=f"suites-run-{meta.id}-big").click().run()
    no_exceptions(app)
    assert {m.label: m.value for m in app.metric}["Result"] == "failed"
    assert any("stored uniform sample of 20,000 rows" in i.value for i in app.info)
