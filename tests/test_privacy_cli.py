"""`python -m profiling privacy`: the JSON keys the issue names, the synthetic file, exit codes (one run as a process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from profiling.cli import main
from tests.privacy_synthetic import synthetic_pii

ROOT = Path(__file__).resolve().parent.parent


def _prism(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "profiling", "privacy", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_synthetic_file_json_and_redacted_copy(tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    synthetic_pii().frame.to_csv(source, index=False)
    out, redacted = tmp_path / "privacy.json", tmp_path / "redacted.csv"
    result = _prism(str(source), "--json", str(out), "--redacted", str(redacted), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "customers.csv: 400 rows" in result.stdout and "privacy mode on" in result.stdout
    report = json.loads(out.read_text())
    columns = {c["column"]: c for c in report["columns"]}
    assert columns["iban"]["pii_type"] == "iban" and columns["iban"]["category"] == "direct_identifier"
    for column in columns.values():
        assert {"column", "pii_type", "category", "confidence", "match_fraction"} <= column.keys()
    risk = report["reidentification"]
    assert {"quasi_identifiers", "k", "unique_fraction"} <= risk.keys()
    assert "zip" in risk["quasi_identifiers"] and risk["k"] == 1
    text = redacted.read_text()
    built = synthetic_pii().frame
    assert built["iban"][0] not in text and built["customer_email"][1] not in text
    assert str(built["basket_value"][0]) in text  # columns without identifiers are kept


def test_adult_with_chosen_quasi_identifiers_to_stdout(datasets: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = (
        "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
        "capital-gain,capital-loss,hours-per-week,native-country,income"
    )
    code = main(
        ["privacy", str(datasets / "adult" / "adult.test"), "--names", names, "--quasi-identifiers", "age,sex,race",
         "--json", "-"]
    )  # fmt: skip
    result = capsys.readouterr()
    assert code == 0, result.err
    report = json.loads(result.out)
    assert report["reidentification"]["quasi_identifiers"] == ["age", "sex", "race"]
    assert report["reidentification"]["k"] == 1
    assert not [c for c in report["columns"] if c["category"] == "direct_identifier"]
    assert "privacy mode off" in result.err


def test_bad_input_exits_2_with_one_line(tmp_path: Path, datasets: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["privacy", str(tmp_path / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.csv" in err
    assert main(["privacy", str(datasets / "titanic" / "kaggle_train.csv"), "--quasi-identifiers", "Zip"]) == 2
    assert "'Zip'" in capsys.readouterr().err
    assert main(["privacy", str(datasets / "titanic" / "kaggle_train.csv"), "--k-threshold", "0"]) == 2
