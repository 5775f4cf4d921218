"""Bias audit on real data: every judged figure checked against pandas computed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from profiling.bias import BiasOptions, audit_frame, audit_frames, detect_sensitive, suggest_targets
from profiling.loading import LoadOptions, load_path

ADULT = (
    "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
    "capital-gain,capital-loss,hours-per-week,native-country,income"
).split(",")
HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")
SOURCES = ("cleveland", "hungarian", "switzerland", "va")


@pytest.fixture(scope="module")
def adult(datasets: Path) -> pd.DataFrame:
    return load_path(datasets / "adult" / "adult.data", options=LoadOptions(column_names=tuple(ADULT))).frame


@pytest.fixture(scope="module")
def adult_report(adult: pd.DataFrame):  # type: ignore[no-untyped-def]
    return audit_frame(adult, BiasOptions(target="income"), name="adult_train")


@pytest.fixture(scope="module")
def heart(datasets: Path) -> list[tuple[str, pd.DataFrame]]:
    options = LoadOptions(column_names=tuple(HEART))
    folder = datasets / "heart_disease"
    return [(s, load_path(folder / f"processed.{s}.data", options=options).frame) for s in SOURCES]


def test_adult_label_balance_matches_pandas(adult: pd.DataFrame, adult_report) -> None:  # type: ignore[no-untyped-def]
    counts = adult["income"].value_counts()
    assert adult_report.positive_class == ">50K"  # the minority class is the default outcome
    assert round(adult_report.overall_rate, 3) == round((adult["income"] == ">50K").mean(), 3) == 0.241
    balance = adult_report.label_balance
    assert round(balance.imbalance_ratio, 2) == round(counts.max() / counts.min(), 2) == 3.15
    assert round(balance.minority_share, 3) == round(counts.min() / len(adult), 3)
    assert {c.value: c.count for c in balance.classes} == counts.to_dict()
    assert 0 < balance.balance_score < 1


def test_adult_sex_and_race_rates_match_pandas(adult: pd.DataFrame, adult_report) -> None:  # type: ignore[no-untyped-def]
    rates = (adult["income"] == ">50K").groupby(adult["sex"]).mean()
    male, female = adult_report.group("sex", "Male"), adult_report.group("sex", "Female")
    assert round(male.positive_rate, 3) == round(rates["Male"], 3) == 0.306
    assert round(female.positive_rate, 3) == round(rates["Female"], 3) == 0.109
    assert male.is_reference and adult_report.attribute("sex").reference_rule == "the largest group"
    assert round(female.rate_ratio, 3) == round(rates["Female"] / rates["Male"], 3)
    assert 0.355 <= female.rate_ratio <= 0.36  # 0.109 / 0.306 = 0.357 with the rounded figures
    assert "below_four_fifths" in female.flags and "significant" in female.flags and female.test == "chi-square"
    assert female.count == (adult["sex"] == "Female").sum() and round(female.share, 3) == 0.331
    race = (adult["income"] == ">50K").groupby(adult["race"]).mean()
    for group, expected in {"Black": 0.124, "Other": 0.092, "White": 0.256}.items():
        assert round(adult_report.group("race", group).positive_rate, 3) == round(race[group], 3) == expected
    assert adult_report.attribute("race").reference_group == "White"
    assert "below_four_fifths" in adult_report.group("race", "Black").flags


def test_adult_age_bins_match_the_documented_rates(adult: pd.DataFrame, adult_report) -> None:  # type: ignore[no-untyped-def]
    bins = pd.cut(
        adult["age"], [0, 25, 35, 45, 55, 65, 200], labels=["<=25", "26-35", "36-45", "46-55", "56-65", ">65"]
    )
    rates = (adult["income"] == ">50K").groupby(bins, observed=True).mean()
    for group, expected in {
        "<=25": 0.018,
        "26-35": 0.187,
        "36-45": 0.346,
        "46-55": 0.398,
        "56-65": 0.315,
        ">65": 0.201,
    }.items():
        assert round(adult_report.group("age", group).positive_rate, 3) == round(rates[group], 3) == expected


def test_adult_wilson_interval_by_hand(adult_report) -> None:  # type: ignore[no-untyped-def]
    female = adult_report.group("sex", "Female")
    n, p, z = female.labelled, female.positives / female.labelled, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / (1 + z * z / n)
    assert female.ci_low == pytest.approx(centre - half) and female.ci_high == pytest.approx(centre + half)
    assert female.ci_low < female.positive_rate < female.ci_high


def test_adult_detection_intersections_and_proxies(adult: pd.DataFrame) -> None:
    found = {a.column: a.category for a in detect_sensitive(adult, exclude=("income",))}
    assert found == {
        "age": "age",
        "marital-status": "marital status",
        "race": "race",
        "sex": "sex",
        "native-country": "nationality",
    }
    assert suggest_targets(adult, exclude=tuple(found))[0].column == "income"
    report = audit_frame(adult, BiasOptions(target="income", sensitive=("sex", "race")), name="adult")
    [cross] = report.intersections
    assert cross.attribute == "sex x race" and cross.members == ["sex", "race"]
    by_hand = adult.assign(y=adult["income"] == ">50K").groupby(["sex", "race"])["y"].agg(["mean", "size"])
    for group in cross.groups:
        sex, race = group.members
        assert group.count == by_hand.loc[(sex, race), "size"]
        assert round(group.positive_rate, 3) == round(by_hand.loc[(sex, race), "mean"], 3)
        assert group.small_group == (by_hand.loc[(sex, race), "size"] < 30)
    assert not any(g.small_group for g in cross.groups)  # the smallest, Female / Other, has 109 rows
    proxies = {(p.attribute, p.column): p for p in report.proxies}
    assert proxies[("sex", "relationship")].is_proxy and proxies[("sex", "relationship")].measure == "cramers_v"
    assert not proxies[("sex", "fnlwgt")].is_proxy
    assert any("relationship is strongly associated with sex" in f.message for f in report.findings)


def test_small_intersections_are_flagged_with_a_lower_minimum(adult: pd.DataFrame) -> None:
    report = audit_frame(
        adult, BiasOptions(target="income", sensitive=("sex", "race"), min_group_size=150), name="adult"
    )
    small = {g.group for g in report.intersections[0].groups if g.small_group}
    sizes = adult.groupby(["sex", "race"]).size()
    assert small == {f"{s} / {r}" for (s, r), n in sizes.items() if n < 150}
    assert small == {"Female / Other", "Female / Amer-Indian-Eskimo"}  # 109 and 119 rows
    assert any(f.kind == "small_groups" and "Female / Other (109)" in f.message for f in report.findings)


def test_heart_four_sources_pooled_women_and_men(heart: list[tuple[str, pd.DataFrame]]) -> None:
    multi = audit_frames(heart, BiasOptions(target="num", sensitive=("sex", "age")))
    pooled = pd.concat([frame for _, frame in heart], ignore_index=True)
    disease = (pooled["num"] > 0).groupby(pooled["sex"]).mean()
    assert multi.pooled is not None and multi.pooled.positive_class == ">0"
    women, men = multi.pooled.group("sex", "0"), multi.pooled.group("sex", "1")
    assert (women.count, multi.pooled.rows) == (194, 920)
    assert round(women.positive_rate, 3) == round(disease[0], 3) == 0.258
    assert round(men.positive_rate, 3) == round(disease[1], 3) == 0.632
    assert [r.dataset for r in multi.reports] == list(SOURCES)
    row = next(r for r in multi.comparison if (r.attribute, r.group) == ("sex", "0"))
    for cell, (_, frame) in zip(row.datasets, heart, strict=True):
        assert cell.count == (frame["sex"] == 0).sum()


@pytest.mark.parametrize(
    ("file", "target", "sex"), [("kaggle_train.csv", "Survived", "Sex"), ("seaborn_titanic.csv", "survived", "sex")]
)
def test_titanic_survival_by_sex(datasets: Path, file: str, target: str, sex: str) -> None:
    frame = load_path(datasets / "titanic" / file).frame
    report = audit_frame(frame, BiasOptions(target=target), name=file)
    rates = frame[target].groupby(frame[sex]).mean()
    assert round(report.group(sex, "female").positive_rate, 3) == round(rates["female"], 3) == 0.742
    assert round(report.group(sex, "male").positive_rate, 3) == round(rates["male"], 3) == 0.189
    assert any(f.severity == "high" and f.attribute == sex for f in report.findings)  # the reference (male) trails


def test_representation_against_typed_shares_and_another_dataset(adult: pd.DataFrame, datasets: Path) -> None:
    test = load_path(
        datasets / "adult" / "adult.test", options=LoadOptions(column_names=tuple(ADULT), skip_rows=1)
    ).frame
    options = BiasOptions(target="income", sensitive=("sex",), expected_shares={"sex": {"Male": 0.49, "Female": 0.51}})
    report = audit_frame(adult, options, name="train", reference=("test", test))
    typed, other = report.representation
    female = next(r for r in typed.rows if r.group == "Female")
    assert female.flag == "under" and female.ratio == pytest.approx((adult["sex"] == "Female").mean() / 0.51)
    assert other.reference == "test"
    female = next(r for r in other.rows if r.group == "Female")
    assert female.expected_share == pytest.approx((test["sex"] == "Female").mean())
    assert female.flag == "ok"


def test_report_is_json_without_nan(adult_report) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(adult_report.model_dump(mode="json"), allow_nan=False)
    assert type(adult_report).model_validate_json(text) == adult_report
