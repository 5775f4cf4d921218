"""Drift as Spark aggregations (one shared local session): the same report as the in-memory Arrow engine, for
Parquet paths and for Spark tables named in this process or, through PRISM_SPARK_WAREHOUSE, in a CLI process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main
from profiling.drift import DriftReport, detect_drift
from profiling.errors import ProfilingError
from profiling.expectations import SuiteDocument, SuiteStore, ValidationReport, suggest_suite, validate_frame
from profiling.loading import load_path
from profiling.profile import profile_frame
from tests.conftest import ROOT
from tests.test_drift_engines import assert_same_report
from tests.test_spark_suites import _compare

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark")
MASTER = "local[1]"  # one process holds one Spark session: the master of tests/test_spark.py
# The tables by name: few columns (each costs Spark several small jobs), one of each drift severity on wine.
TABLE_COLUMNS = ["residual sugar", "volatile acidity", "alcohol", "quality"]


def test_spark_drift_equals_the_arrow_engine_and_runs_from_the_cli(
    datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from profiling.drift.sources import compare_spark
    from profiling.spark import spark_source

    folder = datasets / "wine_quality"
    frames: dict[str, pd.DataFrame] = {}
    for colour in ("red", "white"):
        frames[colour] = load_path(folder / f"winequality-{colour}.csv").frame
        frames[colour].to_parquet(tmp_path / f"{colour}.parquet", index=False)
    want = detect_drift(frames["red"], frames["white"], reference_name="red", current_name="white")
    sources = [spark_source(master=MASTER, parquet=tmp_path / f"{c}.parquet") for c in ("red", "white")]
    got = compare_spark(sources[0], sources[1])
    assert_same_report(got, want)
    assert got.column("alcohol").severity == "negligible" and got.column("residual sugar").severity == "large"
    paths = [str(tmp_path / f"{c}.parquet") for c in ("red", "white")]
    assert main(["drift", *paths, "--engine", "spark", "--spark-master", MASTER, "--json", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["verdict"] == want.verdict
    assert "Computed by Spark" in captured.err


def test_spark_tables_by_name_in_this_process_and_in_a_cli_subprocess(
    datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tables saved by a Spark job into a warehouse folder: named here (this session's catalog) for drift, profile
    and validation, and named by a fresh CLI process through PRISM_SPARK_WAREHOUSE."""
    from profiling.drift.sources import compare_spark
    from profiling.spark import describe, register_warehouse, spark_session, spark_source

    folder, warehouse = datasets / "wine_quality", tmp_path / "warehouse"
    frames = {c: load_path(folder / f"winequality-{c}.csv").frame[TABLE_COLUMNS] for c in ("red", "white")}
    spark = spark_session(MASTER)
    for colour, frame in frames.items():
        frame.to_parquet(tmp_path / f"{colour}.parquet", index=False)
        written = spark.read.parquet(str(tmp_path / f"{colour}.parquet"))
        written.write.option("path", str(warehouse / f"wine_{colour}")).saveAsTable(f"wine_{colour}")
    (warehouse / "notes").mkdir()  # beside the tables: things that are not tables, and one Parquet file that is
    (warehouse / "notes" / "readme.txt").write_text("not a table")
    (warehouse / "broken.parquet").write_text("id,name\n1,a\n")
    frames["red"].head(50).to_parquet(warehouse / "red_head.parquet", index=False)
    # A fresh process (started now, it runs beside the checks below): its session starts with an empty catalog
    # and names the warehouse's folders as tables.
    argv = ["drift", "wine_red", "wine_white", "--engine", "spark", "--spark-master", MASTER,
            "--reference-table", "wine_red", "--current-table", "wine_white", "--json", "-"]  # fmt: skip
    env = {**os.environ, "PRISM_SPARK_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT)}
    cli = subprocess.Popen(
        [sys.executable, "-m", "profiling", *argv], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        want = detect_drift(frames["red"], frames["white"], reference_name="wine_red", current_name="wine_white")
        tables = [spark_source(master=MASTER, table=f"wine_{c}") for c in ("red", "white")]
        assert_same_report(compare_spark(tables[0], tables[1]), want)
        assert register_warehouse(spark, warehouse) == ["red_head"]  # wine_red and wine_white are known already
        assert describe(spark_source(master=MASTER, table="red_head")).rows == 50
        with pytest.raises(ProfilingError, match="there is no table 'wine_rose'.*'wine_red'") as caught:
            describe(spark_source(master=MASTER, table="wine_rose"))
        assert "PRISM_SPARK_WAREHOUSE" in caught.value.hint

        profile_args = ["profile", "wine_red", "--engine", "spark", "--spark-master", MASTER, "--table", "wine_red"]
        assert main([*profile_args, "--json", "-"]) == 0
        profile = json.loads(capsys.readouterr().out)
        local = profile_frame(frames["red"], name="wine_red")
        assert (profile["dataset"]["name"], profile["dataset"]["rows"]) == ("wine_red", 1599)
        for got, expected in zip(profile["columns"], local.columns, strict=True):
            assert (got["name"], got["kind"], got["distinct_count"]) == (
                expected.name,
                expected.kind,
                expected.distinct_count,
            )
            assert got["mean"] == pytest.approx(expected.mean, rel=1e-9)

        specs = suggest_suite(profile_frame(frames["red"], name="red"), frames["red"], strictness="balanced")
        suite = SuiteDocument(name="wine_red_balanced", expectations=specs)
        SuiteStore(tmp_path / "project").save(suite)
        validate = ["validate", "wine_white", "--suite", suite.name, "--project-dir", str(tmp_path / "project")]
        assert main([*validate, "--engine", "spark", "--spark-master", MASTER, "--json", "-"]) == 1  # white fails
        report = ValidationReport.model_validate(json.loads(capsys.readouterr().out))
        assert (report.dataset, report.ran_in, report.sample_rows) == ("wine_white", "spark", None)
        _compare(report, validate_frame(frames["white"], suite, dataset="wine_white"), frames["white"])

        out, err = cli.communicate(timeout=300)
    finally:
        cli.kill()
    assert cli.returncode == 0, err[-2000:]
    assert_same_report(DriftReport.model_validate(json.loads(out)), want)
    assert "Computed by Spark" in err
