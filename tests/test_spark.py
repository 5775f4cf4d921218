"""The Spark engine on one real local session (local[1], shared by every test here): the profile equals the DuckDB
engine's; samples are stated and uniform; the report runs on a Spark sample; the CLI and the Sources section use it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main
from profiling.errors import ProfilingError, UnsafeInputError
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark")
HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")
MASTER = "local[1]"  # one process holds one Spark session: every test here uses the same master


def heart(datasets: Path, source: str) -> pd.DataFrame:
    path = datasets / "heart_disease" / f"processed.{source}.data"
    return load_path(path, options=LoadOptions(column_names=tuple(HEART))).frame


def test_spark_profile_equals_duckdb_profile(datasets: Path, tmp_path: Path) -> None:
    from profiling.spark import profile_spark

    # Seven columns (ca and thal have missing values): each column costs Spark several small jobs,
    # and the spark step of `make test` has a budget of about two minutes.
    frame = heart(datasets, "cleveland")[["age", "sex", "chol", "thalach", "oldpeak", "ca", "thal"]]
    path = tmp_path / "heart.parquet"
    frame.to_parquet(path)
    spark = profile_spark(parquet=path, master=MASTER)
    local = profile_frame(frame, name="heart")
    assert spark.dataset.rows == local.dataset.rows == 303
    assert spark.dataset.duplicate_rows == local.dataset.duplicate_rows
    for got, want in zip(spark.columns, local.columns, strict=True):
        assert (got.name, got.kind, got.missing_count, got.distinct_count) == (
            want.name,
            want.kind,
            want.missing_count,
            want.distinct_count,
        )
        assert got.mean == pytest.approx(want.mean, rel=1e-9)
        assert got.std == pytest.approx(want.std, rel=1e-9)
        # Spark's percentile through Ibis is exact here: equal to DuckDB's to float precision.
        assert got.model_dump()["quantiles"] == pytest.approx(want.model_dump()["quantiles"], rel=1e-9)
    pairs = {(p.column_a, p.column_b): p.value for p in local.correlations.pearson}
    assert len(spark.correlations.pearson) == len(pairs)
    for p in spark.correlations.pearson:
        assert p.value == pytest.approx(pairs[(p.column_a, p.column_b)], abs=1e-9)


def test_sample_is_stated_exact_and_drawn_from_the_data(datasets: Path, tmp_path: Path) -> None:
    from profiling.spark import describe, sample, spark_session, spark_source

    frame = heart(datasets, "va")
    frame.insert(0, "row", range(len(frame)))
    frame.to_parquet(tmp_path / "va.parquet")
    source = spark_source(master=MASTER, parquet="va.parquet", data_root=tmp_path)
    schema = describe(source)
    assert schema.rows == 200 and [c.name for c in schema.columns] == ["row", *HEART]
    first, again, other = (sample(source, rows=50, seed=s) for s in (0, 0, 1))
    assert len(first.frame) == 50 == first.frame["row"].nunique()
    assert first.frame["row"].tolist() == again.frame["row"].tolist()  # a stated seed gives the same sample
    assert set(first.frame["row"]) != set(other.frame["row"])
    merged = first.frame.merge(frame, on="row", suffixes=("", "_data"))
    assert merged["chol"].fillna(-1).astype(float).tolist() == merged["chol_data"].fillna(-1).astype(float).tolist()
    assert first.report.source == f"spark: {MASTER} {tmp_path / 'va.parquet'}"
    assert [w.message for w in first.report.warnings if w.type == "sample"] == [
        f"A uniform random sample of 50 of 200 rows, drawn by Spark ({MASTER}, seed 0)."
    ]
    assert len(sample(source, rows=500).frame) == 200  # asking for more than there is reads every row, and says so
    with pytest.raises(UnsafeInputError, match="outside the data directory"):
        spark_source(master=MASTER, parquet="../elsewhere.parquet", data_root=tmp_path)
    spark_session(MASTER).read.parquet(str(tmp_path / "va.parquet")).createOrReplaceTempView("va_visits")
    view = spark_source(master=MASTER, table="va_visits")
    assert describe(view).rows == 200 and view.origin == f"spark: {MASTER} table 'va_visits'"
    assert sample(view, rows=30, seed=0).frame["row"].tolist() == sample(source, rows=30, seed=0).frame["row"].tolist()
    with pytest.raises(ProfilingError, match="there is no table 'nope'.*'va_visits'"):
        describe(spark_source(master=MASTER, table="nope"))
    (tmp_path / "text.parquet").write_text("id,name\n1,a\n")
    with pytest.raises(ProfilingError, match="text.parquet"):
        describe(spark_source(master=MASTER, parquet=tmp_path / "text.parquet"))


def test_cli_profile_with_report_and_sample_load_through_spark(
    datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = heart(datasets, "switzerland")[["age", "sex", "chol", "thal", "num"]]  # few columns: fewer Spark jobs
    path = tmp_path / "swiss.parquet"
    frame.to_parquet(path)
    html = tmp_path / "swiss.html"
    argv = ["profile", str(path), "--engine", "spark", "--spark-master", MASTER, "--json", "-"]
    assert main([*argv, "--html", str(html), "--report-rows", "60"]) == 0
    profile = json.loads(capsys.readouterr().out)
    assert profile["dataset"]["rows"] == 123
    assert profile.keys() == profile_frame(frame, name="swiss").model_dump(mode="json").keys()
    chol = next(c for c in profile["columns"] if c["name"] == "chol")
    assert chol["max"] == 0 and chol["min"] == 0  # every cholesterol value in this source is 0 (not measured)
    page = html.read_text()
    assert "swiss - Spark sample of 60 of 123 rows" in page
    ws = tmp_path / "ws"
    load = ["load", str(path), "--engine", "spark", "--spark-master", MASTER, "--sample", "40"]
    assert main([*load, "--save", "--workspace", str(ws)]) == 0
    [meta] = Workspace(ws).datasets()
    assert (meta.rows, meta.origin) == (40, f"spark: {MASTER} {path}")
    assert "A uniform random sample of 40 of 123 rows" in capsys.readouterr().out
    for bad, said in [
        (["profile", str(path), "--engine", "spark", "--spark-master", "local[x]"], "not a Spark master URL"),
        (["source", str(path), "--engine", "spark", "--spark-master", MASTER, "--table", "nope"], "no table 'nope'"),
        (load[:-2], "--sample N"),
    ]:
        assert main(bad) == 2
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1 and "Traceback" not in err


def test_sources_section_spark(datasets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = heart(datasets, "hungarian")[["age", "sex", "chol", "num"]]
    (tmp_path / "data").mkdir()
    frame.to_parquet(tmp_path / "data" / "clinic.parquet")
    app = open_app(tmp_path / "ws", monkeypatch, data_dir=tmp_path / "data")
    app.segmented_control(key="source-kind").set_value("Spark").run()
    app.text_input(key="spark-master").input(MASTER).run()
    app.text_input(key="spark-where-0").input("../clinic.parquet").run()
    app.button(key="spark-open").click().run()
    assert any("outside the data directory" in e.value for e in app.error)
    app.text_input(key="spark-where-0").input("clinic.parquet").run()
    app.button(key="spark-open").click().run()
    no_exceptions(app)
    assert any("294 rows x 4 columns" in m.value for m in app.markdown)
    [schema] = [d.value for d in app.dataframe if "Nullable" in d.value.columns]
    assert schema["Column"].tolist() == ["age", "sex", "chol", "num"]
    key = f"spark-spark: {MASTER} {tmp_path / 'data' / 'clinic.parquet'}"
    app.button(key=f"{key}-preview").click().run()
    assert any(list(d.value.columns) == ["age", "sex", "chol", "num"] and len(d.value) == 20 for d in app.dataframe)
    app.button(key=f"{key}-profile").click().run()
    no_exceptions(app)
    assert any("Computed by Spark" in i.value for i in app.info)
    [table] = [d.value for d in app.dataframe if {"Kind", "Distinct", "Mean"} <= set(d.value.columns)]
    assert table.set_index("Column")["Missing"].to_dict() == frame.isna().sum().to_dict()
    app.number_input(key=f"{key}-n").set_value(100).run()
    app.button(key=f"{key}-load").click().run()
    no_exceptions(app)
    [meta] = [m for m in Workspace(tmp_path / "ws").datasets() if m.origin.startswith("spark:")]
    assert meta.rows == 100 and meta.origin == f"spark: {MASTER} {tmp_path / 'data' / 'clinic.parquet'}"
    assert any("A uniform random sample of 100 of 294 rows" in s.value for s in app.success)
    app.button(key=f"{key}-report").click().run()
    no_exceptions(app)
    report = app.session_state["spark-source"]["report"]
    assert (report.rows_used, report.rows_total) == (100, 294)
    assert "clinic - Spark sample of 100 of 294 rows" in report.html
    labels = [b.proto.label for b in app.get("download_button")]
    assert {"Download the profile (JSON)", "Download the full report (HTML)"} <= set(labels)
