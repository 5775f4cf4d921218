"""Drift as Spark aggregations (one shared local session): the same report as the in-memory Arrow engine."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main
from profiling.drift import detect_drift
from profiling.loading import load_path
from tests.test_drift_engines import assert_same_report

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark")
MASTER = "local[1]"  # one process holds one Spark session: the master of tests/test_spark.py


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
