"""The Spark engine on a real local session: the profile equals the DuckDB engine's on the same data."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame

pytestmark = pytest.mark.spark
HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


def test_spark_profile_equals_duckdb_profile(datasets: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from profiling.spark import profile_spark

    frame = load_path(
        datasets / "heart_disease" / "processed.cleveland.data", options=LoadOptions(column_names=tuple(HEART))
    ).frame
    path = tmp_path / "heart.parquet"
    frame.to_parquet(path)
    spark = profile_spark(parquet=path, master="local[1]")
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


def test_cli_profiles_through_spark(datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pyspark")
    import json

    from profiling.cli import main

    frame = load_path(
        datasets / "heart_disease" / "processed.switzerland.data", options=LoadOptions(column_names=tuple(HEART))
    ).frame
    path = tmp_path / "swiss.parquet"
    frame.to_parquet(path)
    assert main(["source", str(path), "--engine", "spark", "--spark-master", "local[1]", "--json", "-"]) == 0
    profile = json.loads(capsys.readouterr().out)
    assert profile["dataset"]["rows"] == 123
    chol = next(c for c in profile["columns"] if c["name"] == "chol")
    assert chol["max"] == 0 and chol["min"] == 0  # every cholesterol value in this source is 0 (not measured)
