"""Bias building blocks on small hand-computed frames, edge cases and invariants."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from profiling.bias import BiasOptions, audit_frame
from profiling.bias.attributes import attribute_labels, bin_labels, choose_attributes
from profiling.bias.groups import wilson_interval
from profiling.bias.proxies import correlation_ratio, cramers_v
from profiling.bias.representation import parse_expected
from profiling.bias.target import label_balance, resolve_outcome
from profiling.errors import ColumnNotFoundError, ProfilingError


def _toy() -> pd.DataFrame:
    # group a: 40 rows, 30 hired; group b: 20 rows, 6 hired; group c: 5 rows, 0 hired
    return pd.DataFrame(
        {
            "gender": ["a"] * 40 + ["b"] * 20 + ["c"] * 5,
            "hired": ["yes"] * 30 + ["no"] * 10 + ["yes"] * 6 + ["no"] * 14 + ["no"] * 5,
            "score": list(range(65)),
        }
    )


def test_group_rates_ratios_and_flags_by_hand() -> None:
    report = audit_frame(_toy(), BiasOptions(target="hired", positive="yes", min_group_size=10), name="toy")
    a, b, c = (report.group("gender", g) for g in "abc")
    assert (a.positive_rate, b.positive_rate, c.positive_rate) == (0.75, 0.3, 0.0)
    assert a.is_reference and b.rate_ratio == pytest.approx(0.4) and b.rate_difference == pytest.approx(-0.45)
    assert "below_four_fifths" in b.flags and c.small_group and not b.small_group
    assert b.test == "chi-square" and b.p_value == pytest.approx(stats.chi2_contingency([[6, 14], [30, 10]])[1])
    assert c.test == "fisher-exact" and c.p_value == pytest.approx(stats.fisher_exact([[0, 5], [30, 10]])[1])
    assert report.label_balance.imbalance_ratio == pytest.approx(36 / 29)  # 'yes' 36 rows, 'no' 29
    assert report.positive_class == "yes"


def test_favoured_and_chosen_reference_groups() -> None:
    frame = _toy()
    favoured = audit_frame(frame, BiasOptions(target="hired", positive="yes", reference="favoured"), name="t")
    assert favoured.attribute("gender").reference_group == "a"
    chosen = audit_frame(frame, BiasOptions(target="hired", positive="yes", reference_groups={"gender": "b"}), name="t")
    assert chosen.group("gender", "a").rate_ratio == pytest.approx(2.5)
    with pytest.raises(ProfilingError, match="'z' is not a group of 'gender'"):
        audit_frame(frame, BiasOptions(target="hired", reference_groups={"gender": "z"}), name="t")


def test_bad_targets_and_outcomes_are_clear_errors() -> None:
    frame = _toy()
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        audit_frame(frame, BiasOptions(target="nope"), name="t")
    with pytest.raises(ProfilingError, match="'maybe' is not a class"):
        audit_frame(frame, BiasOptions(target="hired", positive="maybe"), name="t")
    with pytest.raises(ProfilingError, match="fewer than two distinct values"):
        audit_frame(frame.assign(hired="no"), BiasOptions(target="hired"), name="t")
    with pytest.raises(ColumnNotFoundError, match="'race'"):
        audit_frame(frame, BiasOptions(target="hired", sensitive=("race",)), name="t")
    with pytest.raises(ProfilingError, match="no rows"):
        audit_frame(frame.iloc[:0], BiasOptions(target="hired"), name="t")


def test_numeric_target_skew_tails_and_threshold() -> None:
    frame = pd.DataFrame({"sex": ["F", "M"] * 50, "wage": [1.0] * 98 + [500.0, 900.0]})
    outcome = resolve_outcome(frame, "wage", ">1")  # 3 distinct values: a class label, compared as a number
    assert outcome.kind == "multiclass" and outcome.positive.sum() == 2
    assert label_balance(outcome).imbalance_ratio == 98
    report = audit_frame(frame.assign(wage=np.arange(100.0) ** 2), BiasOptions(target="wage"), name="t")
    assert report.target_kind == "numeric" and report.positive_class == f">{np.median(np.arange(100.0) ** 2):g}"
    assert report.label_balance.skew == pytest.approx(pd.Series(np.arange(100.0) ** 2).skew())
    assert report.overall_rate == 0.5


def test_age_bins_labels_and_edges() -> None:
    assert bin_labels([25, 35], whole=True) == ["<=25", "26-35", ">35"]
    assert bin_labels([2.5], whole=False) == ["<=2.5", ">2.5"]
    frame = pd.DataFrame({"age": [20, 25, 26, 35, 36, 70, None], "y": [0, 1] * 3 + [1]})
    [age] = choose_attributes(frame, sensitive=None, target="y", age_bins=(25, 35))
    assert age.bins == [25.0, 35.0]
    labels = attribute_labels(frame, age, max_groups=20)
    assert labels.tolist() == ["<=25", "<=25", "26-35", "26-35", ">35", ">35", "(missing)"]


def test_many_groups_keep_the_largest_and_other() -> None:
    frame = pd.DataFrame({"country": [f"c{i}" for i in range(30)] + ["c0"] * 10, "y": [0, 1] * 20})
    [attribute] = choose_attributes(frame, sensitive=("country",), target="y", age_bins=())
    labels = attribute_labels(frame, attribute, max_groups=5)
    assert list(labels.cat.categories)[0] == "c0" and "(other)" in labels.cat.categories
    assert len(labels.cat.categories) == 5


def test_association_measures_by_hand() -> None:
    x = pd.Series(["a", "a", "b", "b"])
    assert cramers_v(x, x) == pytest.approx(1.0)
    assert cramers_v(pd.Series(["a", "b", "a", "b"]), pd.Series(["u", "u", "v", "v"])) == pytest.approx(0.0)
    values = pd.Series([1.0, 2.0, 3.0, 4.0])
    groups = pd.Series(["g", "g", "h", "h"])
    # between: 2*(1.5-2.5)^2 + 2*(3.5-2.5)^2 = 4; total: 5
    assert correlation_ratio(values, groups) == pytest.approx(math.sqrt(4 / 5))


def test_expected_shares_parsing() -> None:
    assert parse_expected("sex=Male:0.49,Female:0.51\nrace=White:0.6") == {
        "sex": {"Male": 0.49, "Female": 0.51},
        "race": {"White": 0.6},
    }
    with pytest.raises(ProfilingError, match="COLUMN=GROUP:SHARE"):
        parse_expected("sex Male 0.5")
    with pytest.raises(ProfilingError, match="not a number"):
        parse_expected("sex=Male:half")


def test_markup_in_names_and_values_stays_text_in_charts() -> None:
    from profiling import charts_bias

    evil = "<img src=x onerror=alert(1)>"
    frame = pd.DataFrame({evil: ["<b>x</b>"] * 40 + ["y"] * 40, "sex": ["F", "M"] * 40, "label": [0, 1, 1, 0] * 20})
    report = audit_frame(frame, BiasOptions(target="label", sensitive=(evil, "sex")), name=evil)
    figure = charts_bias.group_rate_chart(report.attribute(evil), outcome=report.outcome)
    text = figure.to_json()
    assert "<img" not in text and "&lt;img" in text and "<b>" not in text
    assert "<img" not in charts_bias.intersection_heatmap(report.intersections[0]).to_json()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from("xyz"), st.booleans()), min_size=2, max_size=60),
)
def test_invariants_hold_for_any_small_frame(rows: list[tuple[str, str, bool]]) -> None:
    frame = pd.DataFrame(rows, columns=["sex", "race", "label"])
    if frame["label"].nunique() < 2:
        return
    report = audit_frame(frame, BiasOptions(target="label", sensitive=("sex", "race")), name="h")
    assert 0 <= report.label_balance.balance_score <= 1
    assert sum(g.count for g in report.attribute("sex").groups) == len(frame)
    for group in report.groups + [g for i in report.intersections for g in i.groups]:
        if group.positive_rate is not None:
            assert group.ci_low <= group.positive_rate <= group.ci_high
            assert 0 <= group.ci_low and group.ci_high <= 1


def test_wilson_interval_edges() -> None:
    low, high = wilson_interval(np.array([0.0, 10.0]), np.array([10, 10]))
    assert low[0] == 0 and 0 < high[0] < 0.35 and high[1] == pytest.approx(1) and low[1] > 0.65
