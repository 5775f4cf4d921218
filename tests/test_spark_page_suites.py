"""The Suites page validates a saved suite in Spark (AppTest, the shared local session): the Adult train suite on a
Parquet of Adult test gives the pandas outcome per expectation; a bad path or table is one message, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiling import results
from profiling.expectations import SuiteDocument, SuiteStore, kept_run, suggest_suite, validate_frame
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app
from tests.test_spark_suites import MASTER, _compare

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark")
SUITE = "adult_train_balanced"


def test_suites_page_validates_adult_test_in_spark_like_pandas(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(seeded)
    train, test = ws.find("adult_train"), ws.find("adult_test")
    specs = suggest_suite(results.dataset_profile(ws, train), ws.frame(train.id), strictness="balanced")
    suite = SuiteDocument(name=SUITE, expectations=specs)
    SuiteStore(seeded).save(suite)
    frame = ws.frame(test.id)
    (tmp_path / "data").mkdir()
    frame.to_parquet(tmp_path / "data" / "adult_test.parquet", index=False)

    app = open_app(seeded, monkeypatch, data_dir=tmp_path / "data")
    app.switch_page("pages/suites.py").run()
    app.session_state["suites-section"] = "Validate"
    app.run()
    app.selectbox(key="suites-validate-suite").select(SUITE).run()
    app.text_input(key="suites-spark-master").input(MASTER).run()
    run = app.button(key=f"suites-spark-run-{SUITE}")
    assert run.disabled  # nothing named yet
    for where, said in (
        ("../adult_test.parquet", "outside the data directory"),
        ("missing.parquet", "missing.parquet: no such file"),
    ):
        app.text_input(key="suites-spark-where-0").input(where).run()
        app.button(key=f"suites-spark-run-{SUITE}").click().run()
        no_exceptions(app)
        assert any(said in _plain(e.value) for e in app.error), [e.value for e in app.error]
    app.radio(key="suites-spark-kind").set_value("A Spark table").run()
    app.text_input(key="suites-spark-where-1").input("adult_nope").run()
    app.button(key=f"suites-spark-run-{SUITE}").click().run()
    no_exceptions(app)
    assert any("there is no table 'adult_nope'" in _plain(e.value) for e in app.error)
    assert "suites-last-run" not in app.session_state

    app.radio(key="suites-spark-kind").set_value("A Parquet file or folder").run()
    app.text_input(key="suites-spark-where-0").input("adult_test.parquet").run()
    app.button(key=f"suites-spark-run-{SUITE}").click().run()
    no_exceptions(app)
    assert not app.error
    spark = kept_run(seeded, SUITE, app.session_state["suites-last-run"])
    assert (spark.ran_in, spark.sample_rows, spark.dataset) == ("spark", None, "adult_test")
    pandas = validate_frame(frame, suite, dataset="adult_test")
    _compare(spark, pandas, frame)
    # The judged Adult outcome: only the income value set fails (" >50K." in test vs " >50K" in train).
    assert [(r.expectation_type, r.column) for r in spark.results if not r.success] == [
        ("expect_column_values_to_be_in_set", "income")
    ]
    assert any(f"Spark jobs on {MASTER}" in _plain(i.value) and "every row" in i.value for i in app.info)
    [table] = [d.value for d in app.dataframe if {"Result", "Expectation", "Unexpected"} <= set(d.value.columns)]
    assert len(table) == len(pandas.results) and table["Result"].tolist()[:2] == ["FAIL", "pass"]
    assert table.iloc[0][["Expectation", "Column"]].tolist() == ["expect_column_values_to_be_in_set", "income"]
    labels = {b.proto.label for b in app.get("download_button")}
    assert {"Download results JSON", "Download results CSV"} <= labels
    assert [m.value for m in app.metric][:3] == ["failed", str(len(pandas.results)), "1"]


def _plain(text: str) -> str:
    """Message text without the markdown escapes of widgets.escape."""
    return text.replace("\\", "")
