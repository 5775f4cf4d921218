"""Suites validated through Great Expectations' Spark datasource on a real local session, equal to pandas."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main
from profiling.expectations import SuiteDocument, SuiteStore, ValidationReport, suggest_suite, validate_frame
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame

pytestmark = pytest.mark.spark
HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")
MASTER = "local[1]"  # the session tests/test_spark.py starts: one per process


def _heart(datasets: Path, source: str) -> pd.DataFrame:
    path = datasets / "heart_disease" / f"processed.{source}.data"
    return load_path(path, options=LoadOptions(column_names=tuple(HEART))).frame


@pytest.fixture(scope="module")
def cleveland_suite(datasets: Path) -> SuiteDocument:
    frame = _heart(datasets, "cleveland")
    specs = suggest_suite(profile_frame(frame, name="cleveland"), frame, strictness="balanced")
    return SuiteDocument(name="cleveland_balanced", expectations=specs)


def _compare(spark: ValidationReport, pandas: ValidationReport, frame: pd.DataFrame) -> None:
    for ours, theirs in zip(spark.results, pandas.results, strict=True):
        where = (ours.expectation_type, ours.column)
        assert ours.success == theirs.success and ours.exception is None, (where, ours.exception)
        if ours.expectation_type == "expect_column_values_to_be_in_type_list":
            assert ours.observed_value in ("LongType", "DoubleType", "StringType"), where  # Spark's names
            continue
        if ours.expectation_type == "expect_column_quantile_values_to_be_between":
            _near_same_rank(ours.observed_value, frame[str(ours.column)])
            continue
        assert ours.unexpected_count == theirs.unexpected_count, where
        # Spark sums in another order: means and standard deviations agree to 1e-9 (relative), not bit for bit.
        for got, want in (
            (ours.unexpected_percent, theirs.unexpected_percent),
            (ours.observed_value, theirs.observed_value),
        ):
            assert json.dumps(got) == json.dumps(want) or got == pytest.approx(want, rel=1e-9), (where, got, want)


def _near_same_rank(observed: dict[str, list[float]], values: pd.Series) -> None:
    """Spark's approxQuantile picks an order statistic next to pandas' one (Switzerland's oldpeak at 5%:
    -1.0 vs -0.9): each value must be the data's value at the quantile's rank or one rank either side."""
    data = sorted(values.dropna())
    for q, got in zip(observed["quantiles"], observed["values"], strict=True):
        rank = round(q * (len(data) - 1))
        assert got in data[max(rank - 1, 0) : rank + 2], (values.name, q, got)


def test_cleveland_suite_on_switzerland_through_spark_equals_pandas(
    datasets: Path, tmp_path: Path, cleveland_suite: SuiteDocument
) -> None:
    pytest.importorskip("pyspark")
    from profiling.expectations.sources import validate_spark

    swiss = _heart(datasets, "switzerland")
    path = tmp_path / "switzerland.parquet"
    swiss.to_parquet(path)
    pandas = validate_frame(swiss, cleveland_suite, dataset="switzerland")
    spark = validate_spark(cleveland_suite, parquet=path, master=MASTER)
    assert spark.ran_in == "spark" and spark.sample_rows is None and "Spark jobs" in spark.note
    assert spark.dataset == "switzerland" and not spark.success
    assert ("expect_column_values_to_be_between", "chol") in {
        (r.expectation_type, r.column) for r in spark.results if not r.success
    }
    _compare(spark, pandas, swiss)


def test_cli_validates_parquet_through_spark(
    datasets: Path, tmp_path: Path, cleveland_suite: SuiteDocument, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyspark")
    path = tmp_path / "cleveland.parquet"
    _heart(datasets, "cleveland").to_parquet(path)
    SuiteStore(tmp_path / "project").save(cleveland_suite)
    args = ["validate", str(path), "--suite", cleveland_suite.name, "--project-dir", str(tmp_path / "project")]
    assert main([*args, "--engine", "spark", "--spark-master", MASTER, "--json", "-"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ran_in"] == "spark" and payload["sample_rows"] is None and payload["success"]
    assert main([*args, "--engine", "spark", "--spark-master", MASTER]) == 0
    assert "Spark jobs" in capsys.readouterr().out
    assert (
        main(["validate", str(tmp_path / "none.parquet"), *args[2:], "--engine", "spark", "--spark-master", MASTER])
        == 2
    )
    assert "does not exist" in capsys.readouterr().err
    assert main(["validate", "no_such_table", *args[2:], "--engine", "spark", "--spark-master", MASTER]) == 2
    assert "Spark cannot read no_such_table" in capsys.readouterr().err
