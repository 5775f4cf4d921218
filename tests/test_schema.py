"""Schema dispersion units: names, vocabularies, issues on small hand-made tables, the mapping spec and its errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from profiling.errors import ColumnNotFoundError, ProfilingError
from profiling.loading import LoadWarning
from profiling.schema import SchemaReport, SchemaSource, compare_schemas
from profiling.schema.mapping import MappingError, apply_mapping, propose_mapping, read_mapping
from profiling.schema.names import compare_names, normalise
from profiling.schema.vocabulary import propose_value_mapping

RNG = np.random.default_rng(7)


def _compare(**frames: pd.DataFrame) -> SchemaReport:
    return compare_schemas([SchemaSource(name=name, frame=frame) for name, frame in frames.items()])


def _issue_types(report: SchemaReport, column: str) -> set[str]:
    group = next(g for g in report.groups if column in g.present().values())
    return {i.type for i in report.issues_of(group.id)}


@pytest.mark.parametrize(
    ("a", "b", "method"),
    [
        ("age", "age", "exact"),
        (" pickup_datetime", "PickupDateTime", "normalised"),
        ("Éducation", "education", "normalised"),
        ("tpep_pickup_datetime", "lpep_pickup_datetime", "prefix"),
        ("sex", "gender", "synonym"),
        ("dob", "birth_date", "synonym"),
        ("exper", "experience", "synonym"),
        ("RateCodeID", "rate_code", "abbreviation"),
        ("vendor_name", "VendorID", "none"),
        ("colour", "color", "fuzzy"),
        ("wage", "occupation", "none"),
    ],
)
def test_name_relations(a: str, b: str, method: str) -> None:
    assert compare_names(a, b).method == method
    assert normalise("  Trip_Pickup-DateTime ") == "trip pickup date time"


def test_value_mappings_by_spelling_meaning_and_frequency() -> None:
    gender = propose_value_mapping({"M": 0.54, "F": 0.46}, {"male": 0.54, "female": 0.46})
    assert gender.mapping == {"M": "male", "F": "female"} and gender.one_to_one and gender.score == 1.0
    label = propose_value_mapping({"<=50K.": 0.76, ">50K.": 0.24}, {"<=50K": 0.76, ">50K": 0.24})
    assert label.mapping == {"<=50K.": "<=50K", ">50K.": ">50K"}
    union = propose_value_mapping({"Union": 0.18, "Not": 0.82}, {"yes": 0.18, "no": 0.82}, column="union")
    assert union.mapping == {"Union": "yes", "Not": "no"}
    ports = propose_value_mapping(
        {"Southampton": 0.72, "Cherbourg": 0.19, "Queenstown": 0.09}, {"S": 0.72, "C": 0.19, "Q": 0.09}
    )
    assert ports.mapping == {"Southampton": "S", "Cherbourg": "C", "Queenstown": "Q"}
    split = propose_value_mapping({"W": 0.87, "NW": 0.13}, {"cauc": 0.82, "hispanic": 0.05, "other": 0.13})
    assert not split.one_to_one


def test_a_renamed_column_with_the_same_values_is_matched_and_a_same_named_unrelated_one_questioned() -> None:
    n = 400
    heights = RNG.normal(170, 10, n).round(1)
    left = pd.DataFrame({"height": heights, "code": RNG.integers(1000, 9999, n)})
    right = pd.DataFrame({"stature_measure": RNG.permutation(heights), "code": RNG.normal(0.5, 0.1, n)})
    report = _compare(left=left, right=right)
    height = next(g for g in report.groups if g.columns["left"] == "height")
    assert height.columns["right"] == "stature_measure"
    assert any(e.kind == "content" and e.method == "distribution" and e.score == 1.0 for e in height.evidence)
    code = next(g for g in report.groups if g.columns["left"] == "code")
    assert code.columns["right"] == "code" and code.questioned and code.confidence < 0.7


def test_unit_format_and_type_mismatches() -> None:
    n = 300
    cm = RNG.normal(170, 8, n).round(1)
    grams = RNG.normal(3200, 400, n).round(0)
    left = pd.DataFrame(
        {"height": cm, "weight": grams, "visits": RNG.integers(0, 40, n), "city": ["a", "b", "c"] * 100}
    )
    right = pd.DataFrame(
        {
            "height": (cm / 2.54).round(2),
            "weight": grams / 1000,
            "visits": RNG.integers(0, 40, n).astype(float),
            "city": RNG.integers(0, 3, n).astype(str),
        }
    )
    report = _compare(left=left, right=right)
    factors = {i.columns["left"]: i.factor for i in report.issues if i.type == "unit_mismatch"}
    assert factors == {"height": 2.54, "weight": 1000}
    assert "format_mismatch" in _issue_types(report, "visits")  # 12 vs 12.0
    thousands = pd.DataFrame({"income": [f"{v:,}" for v in RNG.integers(1000, 90000, n)]})
    numbers = pd.DataFrame({"income": RNG.integers(1000, 90000, n)})
    issues = _compare(a=thousands, b=numbers).issues
    assert [(i.type, "thousands" in i.detail) for i in issues] == [("format_mismatch", True)]
    dates = _compare(
        a=pd.DataFrame({"day": ["2024-01-31", "2024-02-01"] * 20}),
        b=pd.DataFrame({"day": ["31/01/2024", "01/02/2024"] * 20}),
    )
    assert {i.type for i in dates.issues} == {"format_mismatch", "vocabulary_mismatch"}


def test_missing_markers_sentinels_and_missing_rates() -> None:
    n = 200
    chol = RNG.normal(240, 40, n).round(0)
    coded = chol.copy()
    coded[:50] = -9
    left = pd.DataFrame({"chol": chol})
    right = pd.DataFrame({"chol": coded})
    report = _compare(left=left, right=right)
    [marker] = [i for i in report.issues if i.type == "missing_marker_mismatch"]
    assert marker.missing_values == {"right": ["-9"]} and marker.severity == "high"
    spec = propose_mapping(report)
    assert spec.columns[0].missing_values == {"right": ["-9"]}
    assert apply_mapping(spec, {"left": left, "right": right})["right"]["chol"].isna().sum() == 50
    gappy = left.copy()
    gappy.loc[:79, "chol"] = np.nan
    warning = LoadWarning(
        type="missing_markers",
        message="Column 'chol': 80 value(s) treated as missing: '?' (80).",
        column="chol",
        count=80,
    )
    report = compare_schemas([SchemaSource("a", left), SchemaSource("b", gappy, load_warnings=[warning])])
    rates = [i for i in report.issues if i.type == "missing_rate_difference"]
    assert len(rates) == 1 and rates[0].severity == "medium"  # 0% vs 40%
    assert report.summary("b", "chol").markers == {"?": 80}


def test_missing_columns_and_every_column_placed() -> None:
    report = _compare(a=pd.DataFrame({"x": range(30), "only_a": range(30)}), b=pd.DataFrame({"x": range(30)}))
    [missing] = [i for i in report.issues if i.type == "missing_column"]
    assert missing.sources == ["b"] and missing.columns == {"a": "only_a"}
    assert report.unmatched == {"a": ["only_a"], "b": []}


def test_bad_inputs_are_user_errors() -> None:
    frame = pd.DataFrame({"x": [1, 2]})
    with pytest.raises(ProfilingError, match="at least two"):
        compare_schemas([SchemaSource("a", frame)])
    with pytest.raises(ProfilingError, match="same name"):
        compare_schemas([SchemaSource("a", frame), SchemaSource("a", frame)])


def test_mapping_spec_applies_renames_recodes_and_union() -> None:
    a = pd.DataFrame({"gender": ["male", "female"] * 15, "education": range(30)})
    b = pd.DataFrame({"sex": ["M", "F"] * 15, "educ": range(30)})
    report = _compare(a=a, b=b)
    spec = propose_mapping(report, union=True)
    again = read_mapping(spec.model_dump_json())
    assert again == spec  # JSON round trip
    out = apply_mapping(again, {"a": a, "b": b})
    assert list(out["b"].columns) == ["gender", "education"]
    assert out["b"]["gender"].tolist() == a["gender"].tolist()
    union = out["a_union"]
    assert len(union) == 60 and union["source"].tolist() == ["a"] * 30 + ["b"] * 30
    with pytest.raises(ColumnNotFoundError, match="'sex' of b"):
        apply_mapping(spec, {"a": a, "b": b.rename(columns={"sex": "gender_code"})})
    with pytest.raises(MappingError, match="not given"):
        apply_mapping(spec, {"a": a})


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "is not JSON"),
        (
            json.dumps({"reference": "a", "sources": ["a"], "columns": [{"target": "", "columns": {}}]}),
            "columns.0.target",
        ),
        (json.dumps({"reference": "a", "sources": ["a"], "columns": [], "evil": 1}), "evil"),
        (
            json.dumps(
                {
                    "reference": "a",
                    "sources": ["a"],
                    "columns": [{"target": "x", "columns": {"a": "p"}}, {"target": "x", "columns": {"a": "q"}}],
                }
            ),
            "share a target",
        ),
    ],
)
def test_bad_mapping_specs(text: str, words: str) -> None:
    with pytest.raises(MappingError, match=words):
        read_mapping(text, origin="spec.json")


def test_report_json_round_trip_and_no_nan() -> None:
    frame = pd.DataFrame({"x": [1.5, np.nan, 3.0] * 10, "y": ["a", None, "b"] * 10})
    report = _compare(a=frame, b=frame.copy())
    assert report.issues == []
    text = report.model_dump_json()
    assert "NaN" not in text and SchemaReport.model_validate_json(text) == report


def test_charts_escape_names_and_show_every_source() -> None:
    from profiling.charts_schema import group_distributions, matrix_status, schema_matrix

    a = pd.DataFrame({"<b>x</b>": ["<i>v</i>", "w"] * 15, "n": RNG.normal(0, 1, 30)})
    b = pd.DataFrame({"<b>x</b>": ["<i>v</i>", "w"] * 15})
    report = _compare(a=a, b=b)
    figure = schema_matrix(report).to_plotly_json()
    heat = figure["data"][0]
    assert list(heat["x"]) == ["a", "b"] and all("<b>" not in label for label in heat["y"])
    assert matrix_status(report) == [[1, 1], [1, 0]]  # n is absent from b (its missing_column is not a cell issue)
    bars = group_distributions(report, 0).to_plotly_json()
    assert [t["name"] for t in bars["data"]] == ["a: &lt;b&gt;x&lt;/b&gt;", "b: &lt;b&gt;x&lt;/b&gt;"]
    assert "&lt;i&gt;v&lt;/i&gt;" in list(bars["data"][0]["x"])
    numbers = group_distributions(report, 1).to_plotly_json()
    assert numbers["data"][0]["type"] == "bar" and len(numbers["data"]) == 1
