"""`python -m profiling load`: readable summary, JSON reports, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT_KEYS = {"name", "rows", "columns", "column_names", "options", "warnings"}


def _prism(*args: str, cwd: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "profiling", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_load_real_files_writes_json_reports(datasets: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports.json"
    result = _prism(
        "load",
        str(datasets / "adult" / "adult.test"),
        str(datasets / "wine_quality" / "winequality-red.csv"),
        "--json",
        str(out),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "adult.test: 16,281 rows x 15 columns" in result.stdout
    assert "winequality-red.csv: 1,599 rows x 12 columns" in result.stdout
    adult, wine = json.loads(out.read_text())
    assert REPORT_KEYS <= adult.keys()
    assert (adult["rows"], adult["columns"], len(adult["column_names"])) == (16281, 15, 15)
    assert adult["options"]["skip_rows"] == 1  # the junk first line was skipped ...
    assert any("skip_rows=1" in w["message"] for w in adult["warnings"])  # ... and said so
    assert all({"type", "message"} <= w.keys() for w in adult["warnings"])
    assert wine["options"]["delimiter"] == ";"


def test_json_to_stdout_is_pure_json(datasets: Path, tmp_path: Path) -> None:
    result = _prism("load", str(datasets / "heart_disease" / "processed.va.data"), "--json", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert (report["rows"], report["columns"]) == (200, 14)
    assert "processed.va.data: 200 rows" in result.stderr


def test_load_options_are_passed(datasets: Path, tmp_path: Path) -> None:
    names = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num"
    result = _prism(
        "load", str(datasets / "heart_disease" / "processed.cleveland.data"),
        "--no-header", "--names", names, "--delimiter", ",", "--missing-markers", "?", "--json", "-",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert report["column_names"] == names.split(",")
    assert report["options"]["header"] is False


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.csv", "empty"),
        (b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94.", "model.pkl", "pickle"),
        (b"a,b,c\n1,2,3\n4,5,6,7,8\n", "ragged.csv", "line 3"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, content: bytes, name: str, words: str) -> None:
    (tmp_path / name).write_bytes(content)
    result = _prism("load", name, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("prism: error:") and name in lines[0] and words in lines[0].lower()
    assert "Traceback" not in result.stderr


def test_missing_file_and_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = _prism("load", "nope.csv", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.csv" in missing.stderr and "Traceback" not in missing.stderr
    usage = _prism("load", "--skip-rows", "many", "x.csv", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.count("\n") == 1
    negative = _prism("load", "--skip-rows", "-3", "x.csv", cwd=tmp_path)
    assert negative.returncode == 2 and "skip-rows" in negative.stderr and "Traceback" not in negative.stderr


def test_one_bad_file_among_good_ones(datasets: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    out = tmp_path / "r.json"
    result = _prism("load", str(datasets / "penguins" / "penguins.csv"), "empty.csv", "--json", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert [r["name"] for r in json.loads(out.read_text())] == ["penguins.csv"]
    assert "empty.csv" in result.stderr


def test_save_stores_in_workspace(datasets: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    args = ("load", str(datasets / "penguins" / "penguins.csv"), "--save", "--role", "reference")
    result = _prism(*args, cwd=tmp_path, env_extra={"PRISM_WORKSPACE": str(workspace)})
    assert result.returncode == 0, result.stderr
    assert "saved to the workspace as 'penguins.csv'" in result.stdout
    [meta_file] = list((workspace / "datasets").glob("*/meta.json"))
    meta = json.loads(meta_file.read_text())
    assert (meta["rows"], meta["columns"], meta["role"]) == (344, 8, "reference")


def test_profile_json_and_html(datasets: Path, tmp_path: Path) -> None:
    names = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num"
    result = _prism(
        "profile", str(datasets / "heart_disease" / "processed.switzerland.data"), "--names", names,
        "--json", "p.json", "--html", "p.html",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "processed.switzerland.data: 123 rows x 14 columns" in result.stdout
    profile = json.loads((tmp_path / "p.json").read_text())
    assert (profile["dataset"]["name"], profile["dataset"]["rows"], profile["dataset"]["columns"]) == (
        "processed.switzerland.data",
        123,
        14,
    )
    age = next(c for c in profile["columns"] if c["name"] == "age")
    assert {"name", "kind", "missing_count", "distinct_count", "mean", "std", "min", "max"} <= age.keys()
    assert age["kind"] == "numeric" and (age["min"], age["max"]) == (32, 74)
    assert age["mean"] == pytest.approx(55.31707317073171)
    assert {"type": "suspected_missing_marker", "column": "chol"}.items() <= next(
        a for a in profile["alerts"] if a["column"] == "chol" and a["type"] == "suspected_missing_marker"
    ).items()
    assert "<html" in (tmp_path / "p.html").read_text().lower()


def test_profile_several_files_gives_a_list_and_bad_input_exits_2(datasets: Path, tmp_path: Path) -> None:
    red, white = (datasets / "wine_quality" / f"winequality-{c}.csv" for c in ("red", "white"))
    result = _prism("profile", str(red), str(white), "--json", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p["dataset"]["rows"] for p in json.loads(result.stdout)] == [1599, 4898]
    both = _prism("profile", str(red), str(white), "--html", "x.html", cwd=tmp_path)
    assert both.returncode == 2 and "one DATA" in both.stderr
    (tmp_path / "empty.csv").write_bytes(b"")
    bad = _prism("profile", "empty.csv", cwd=tmp_path)
    assert bad.returncode == 2 and "empty.csv" in bad.stderr and "Traceback" not in bad.stderr
