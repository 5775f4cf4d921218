"""`python -m profiling bias`: the JSON fields the issue names, on real files; bad input exits 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main

ROOT = Path(__file__).resolve().parent.parent
ADULT_NAMES = (
    "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
    "capital-gain,capital-loss,hours-per-week,native-country,income"
)


def _prism(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "profiling", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_adult_json_has_the_issue_fields(datasets: Path, tmp_path: Path) -> None:
    out = tmp_path / "bias.json"
    data = str(datasets / "adult" / "adult.data")
    done = _prism(
        "bias", data, "--names", ADULT_NAMES, "--target", "income", "--sensitive", "sex", "race", "--json", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "adult: 32,561 rows; outcome income = >50K in 0.241" in done.stdout
    report = json.loads(out.read_text())
    assert report["target"] == "income" and report["positive_class"] == ">50K"
    balance = report["label_balance"]
    assert {c["value"]: c["count"] for c in balance["classes"]} == {"<=50K": 24720, ">50K": 7841}
    assert round(balance["imbalance_ratio"], 2) == 3.15 and round(balance["minority_share"], 3) == 0.241
    assert report["sensitive_attributes"][0] == {**report["sensitive_attributes"][0], "column": "sex", "detected": True}
    female = next(g for g in report["groups"] if (g["attribute"], g["group"]) == ("sex", "Female"))
    keys = {
        "attribute",
        "group",
        "count",
        "share",
        "positive_rate",
        "ci_low",
        "ci_high",
        "rate_ratio",
        "rate_difference",
        "small_group",
        "flags",
    }
    assert keys <= set(female)
    assert round(female["positive_rate"], 3) == 0.109
    assert 0.355 <= female["rate_ratio"] <= 0.36  # 0.1095 / 0.3057; the rounded rates give 0.357
    assert "below_four_fifths" in female["flags"]
    assert report["intersections"][0]["attribute"] == "sex x race"
    assert any(p["column"] == "relationship" and p["attribute"] == "sex" and p["is_proxy"] for p in report["proxies"])


def test_detected_attributes_and_stdout_json(datasets: Path) -> None:
    done = _prism("bias", str(datasets / "titanic" / "kaggle_train.csv"), "--target", "Survived", "--json", "-")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(a["column"], a["detected"]) for a in report["sensitive_attributes"]] == [("Sex", True), ("Age", True)]
    frame = pd.read_csv(datasets / "titanic" / "kaggle_train.csv")
    rates = frame.groupby("Sex")["Survived"].mean()
    female = next(g for g in report["groups"] if g["group"] == "female")
    assert round(female["positive_rate"], 3) == round(rates["female"], 3) == 0.742


def test_four_heart_sources_side_by_side(datasets: Path) -> None:
    files = [
        str(datasets / "heart_disease" / f"processed.{s}.data") for s in ("cleveland", "hungarian", "switzerland", "va")
    ]
    names = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num"
    done = _prism("bias", *files, "--names", names, "--target", "num", "--positive", ">0", "--json", "-")
    assert done.returncode == 0, done.stderr
    multi = json.loads(done.stdout)
    assert multi["datasets"] == ["processed.cleveland", "processed.hungarian", "processed.switzerland", "processed.va"]
    women = next(g for g in multi["pooled"]["groups"] if (g["attribute"], g["group"]) == ("sex", "0"))
    assert women["count"] == 194 and round(women["positive_rate"], 3) == 0.258


def test_bad_input_exits_2_with_one_line(datasets: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(datasets / "titanic" / "kaggle_train.csv")
    for args in (
        ("--target", "Nope"),
        ("--target", "Survived", "--positive", "maybe"),
        ("--target", "Survived", "--sensitive", "Gender"),
        ("--target", "Survived", "--expected", "Sex=female:2"),
        ("--target", "Survived", "--age-bins", "a,b"),
        ("--target", "Survived", "--min-group", "0"),
    ):
        assert main(["bias", data, *args]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("prism: error:") and len(err.strip().splitlines()) == 1, err
    with pytest.raises(SystemExit) as stopped:
        main(["bias", data])
    assert stopped.value.code == 2 and "--target" in capsys.readouterr().err
