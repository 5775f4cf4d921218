"""`python -m profiling schema` and `harmonize`: the JSON report, the mapping spec, harmonised files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from profiling.cli import main
from profiling.schema import SchemaSource, compare_schemas

ISSUE_TYPES = {
    "missing_column", "type_mismatch", "unit_mismatch", "format_mismatch", "missing_marker_mismatch",
    "vocabulary_mismatch", "missing_rate_difference", "range_difference",
}  # fmt: skip


def test_schema_json_and_mapping_then_harmonize(
    datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aer = datasets / "cps1985_two_schemas" / "AER_CPS1985.csv"
    mosaic = datasets / "cps1985_two_schemas" / "mosaicData_CPS85.csv"
    r, m = str(tmp_path / "r.json"), str(tmp_path / "m.json")
    assert main(["schema", str(aer), str(mosaic), "--json", r, "--mapping-out", m, "--union"]) == 0
    assert "2 sources (AER_CPS1985, mosaicData_CPS85)" in capsys.readouterr().out
    report = json.loads(Path(r).read_text())
    assert report["sources"] == ["AER_CPS1985", "mosaicData_CPS85"]
    gender = next(g for g in report["groups"] if g["columns"]["AER_CPS1985"] == "gender")
    assert gender["columns"] == {"AER_CPS1985": "gender", "mosaicData_CPS85": "sex"} and 0 < gender["confidence"] <= 1
    assert {i["type"] for i in report["issues"]} <= ISSUE_TYPES
    vocab = [i for i in report["issues"] if i["type"] == "vocabulary_mismatch" and i["group"] == gender["id"]]
    assert vocab[0]["value_mapping"] == {"mosaicData_CPS85": {"M": "male", "F": "female"}}
    assert all({"type", "sources", "columns", "detail"} <= set(i) for i in report["issues"])

    assert main(["harmonize", str(aer), str(mosaic), "--mapping", m, "--out", str(tmp_path / "out")]) == 0
    harmonised = pd.read_csv(tmp_path / "out" / "mosaicData_CPS85.csv")
    assert set(harmonised["gender"]) == {"male", "female"} and "educ" not in harmonised.columns
    union = pd.read_csv(tmp_path / "out" / "AER_CPS1985_union.csv")
    assert len(union) == 1068 and union["source"].value_counts().to_dict() == {
        "AER_CPS1985": 534,
        "mosaicData_CPS85": 534,
    }


def test_bad_inputs_exit_2_with_one_line(datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aer = str(datasets / "cps1985_two_schemas" / "AER_CPS1985.csv")
    (tmp_path / "bad.json").write_text('{"reference": "x", "sources": ["x"], "columns": [], "extra": 1}')
    cases = [
        (("schema", aer), "at least two DATA"),
        (("schema", aer, str(tmp_path / "missing.csv")), "missing.csv"),
        (("harmonize", aer, "--mapping", str(tmp_path / "bad.json"), "--out", str(tmp_path / "o")), "extra"),
        (("harmonize", aer, "--mapping", str(tmp_path / "nothing.json"), "--out", str(tmp_path / "o")), "nothing.json"),
    ]
    for args, words in cases:
        assert main(list(args)) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("prism: error:") and err.count("\n") == 1 and words in err, err


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data_frames(
        [
            column("n", dtype=float, elements=st.floats(-1e6, 1e6) | st.just(float("nan"))),
            column("c", elements=st.sampled_from(["a", "b", "?", "x y"])),
            column("i", dtype=int, elements=st.integers(-9, 10**6)),
        ],
        index=range_indexes(min_size=1, max_size=40),
    )
)
def test_a_table_compared_with_itself_has_no_issues(frame: pd.DataFrame) -> None:
    report = compare_schemas([SchemaSource("a", frame), SchemaSource("b", frame.copy())])
    assert report.issues == []
    assert [g.columns for g in report.groups] == [{"a": c, "b": c} for c in frame.columns]
