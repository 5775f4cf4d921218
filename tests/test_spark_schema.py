"""Schema comparison through Spark (the shared local[1] session): a Parquet path and a Spark table give the same
report as in memory, their statistics computed by Spark over every row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiling.cli import main
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame
from profiling.schema import SchemaSource, compare_schemas
from tests.schema_truth import HEART

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark")
MASTER = "local[1]"  # one process holds one Spark session: every Spark test uses the same master
# Five columns keep the Spark step short (each column costs Spark several small jobs); they hold the heart
# sources' dispersion: zeros standing for missing cholesterol, ca and thal mostly missing in Switzerland.
COLUMNS = ["age", "sex", "chol", "ca", "thal"]


def test_spark_schema_report_equals_the_in_memory_report(datasets: Path, tmp_path: Path) -> None:
    from profiling.spark import spark_session

    frames = {
        name: load_path(
            datasets / "heart_disease" / f"processed.{source}.data", options=LoadOptions(column_names=HEART)
        ).frame[COLUMNS]
        for name, source in (("cleveland", "cleveland"), ("heart_switzerland", "switzerland"))
    }
    for name, frame in frames.items():
        frame.to_parquet(tmp_path / f"{name}.parquet", index=False)
    spark_session(MASTER).read.parquet(str(tmp_path / "heart_switzerland.parquet")).createOrReplaceTempView(
        "heart_switzerland"
    )
    out = tmp_path / "schema.json"
    args = [str(tmp_path / "cleveland.parquet"), "heart_switzerland", "--engine", "spark", "--spark-master", MASTER]
    assert main(["schema", *args, "--json", str(out)]) == 0
    got = json.loads(out.read_text())
    want = compare_schemas([SchemaSource(n, f, profile_frame(f, name=n)) for n, f in frames.items()])
    assert got["sources"] == ["cleveland", "heart_switzerland"]
    assert got["issues"] == [i.model_dump(mode="json") for i in want.issues]
    assert got["groups"] == [g.model_dump(mode="json") for g in want.groups]
    for summary, expected in zip(got["summaries"], want.summaries, strict=True):
        wanted = expected.model_dump(mode="json")
        assert {k: (v, wanted[k]) for k, v in summary.items() if v != wanted[k]} == {}
    assert {(i["type"], i["columns"].get("heart_switzerland")) for i in got["issues"]} >= {
        ("missing_marker_mismatch", "chol"),
        ("missing_rate_difference", "ca"),
    }
    assert f"computed by Spark ({MASTER}) over all 303 rows" in got["note"]
    assert f"All 123 rows (the sample size 50,000 is not smaller), read by Spark ({MASTER})" in got["note"]


def test_unknown_spark_table_exits_2_before_profiling(
    datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "va.parquet"
    load_path(datasets / "heart_disease" / "processed.va.data", options=LoadOptions(column_names=HEART)).frame[
        COLUMNS
    ].to_parquet(path, index=False)
    assert main(["schema", str(path), "no_such_table", "--engine", "spark", "--spark-master", MASTER]) == 2
    err = capsys.readouterr().err
    assert err.startswith("prism: error: Spark: there is no table 'no_such_table'.") and err.count("\n") == 1, err
