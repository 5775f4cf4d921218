"""Bias and balance page (AppTest) on the seeded real examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app


def _bias_page(seeded: Path, monkeypatch: pytest.MonkeyPatch, names: list[str]):  # type: ignore[no-untyped-def]
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/bias.py").run()
    no_exceptions(app)
    workspace = Workspace(seeded)
    ids = [workspace.find(name).id for name in names]
    app.multiselect(key="bias-datasets").set_value(ids).run()
    no_exceptions(app)
    return app, "-".join(ids)


def _figures(app) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def test_adult_defaults_show_the_sex_gap_with_a_reference_line(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, key = _bias_page(seeded, monkeypatch, ["adult_train"])
    assert app.selectbox(key=f"bias-target-{key}").value == "income"  # suggested
    assert set(app.multiselect(key=f"bias-sensitive-{key}-income").value) >= {"sex", "race", "age"}
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Outcome rate"] == "0.241" and metrics["Imbalance ratio"] == "3.15 : 1"
    titles = [f["layout"]["title"]["text"] for f in _figures(app)]
    assert "sex: outcome rate per group" in titles and any("intersection" in t for t in titles)
    sex = next(f for f in _figures(app) if f["layout"]["title"]["text"] == "sex: outcome rate per group")
    assert sex["layout"]["shapes"], "the reference line and the four-fifths band"
    groups = next(d.value for d in app.dataframe if "rate_ratio" in d.value.columns and "attribute" in d.value.columns)
    female = groups[(groups["attribute"] == "sex") & (groups["group"] == "Female")].iloc[0]
    assert round(female["positive_rate"], 3) == 0.109 and "below_four_fifths" in female["flags"]
    findings = " ".join(e.value for e in app.error)
    assert "Female" in findings and "not a verdict" in findings


def test_choosing_attributes_and_outcome_changes_the_audit(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, key = _bias_page(seeded, monkeypatch, ["adult_train"])
    app.multiselect(key=f"bias-sensitive-{key}-income").set_value(["sex", "race"]).run()
    app.selectbox(key=f"bias-outcome-{key}-income").select("<=50K").run()
    no_exceptions(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Outcome rate"] == "0.759"
    titles = [f["layout"]["title"]["text"] for f in _figures(app)]
    assert "sex x race: outcome rate per intersection" in titles
    assert not any(t.startswith("age") for t in titles)


def test_four_heart_sources_side_by_side_and_pooled(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"heart_{s}" for s in ("cleveland", "hungarian", "switzerland", "va")]
    app, key = _bias_page(seeded, monkeypatch, names)
    assert app.selectbox(key=f"bias-target-{key}").value == "num"
    groups = next(d.value for d in app.dataframe if "rate_ratio" in d.value.columns and "attribute" in d.value.columns)
    women = groups[(groups["attribute"] == "sex") & (groups["group"] == "0")].iloc[0]
    men = groups[(groups["attribute"] == "sex") & (groups["group"] == "1")].iloc[0]
    assert (
        women["count"] == 194 and round(women["positive_rate"], 3) == 0.258 and round(men["positive_rate"], 3) == 0.632
    )
    titles = [f["layout"]["title"]["text"] for f in _figures(app)]
    assert "sex: outcome rate per group in each dataset" in titles
    side = next(
        f for f in _figures(app) if f["layout"]["title"]["text"] == "sex: outcome rate per group in each dataset"
    )
    assert [trace["name"] for trace in side["data"]] == names


def test_bad_expected_shares_show_an_error_not_a_traceback(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, key = _bias_page(seeded, monkeypatch, ["adult_train"])
    app.text_area(key=f"bias-expected-{key}").input("sex=Male:0.9,Female:0.9").run()
    no_exceptions(app)
    assert any("sum to at most 1" in e.value for e in app.error)
    app.text_area(key=f"bias-expected-{key}").input("sex=Male:0.49,Female:0.51").run()
    no_exceptions(app)
    titles = [f["layout"]["title"]["text"] for f in _figures(app)]
    assert "sex: representation against typed shares" in titles
