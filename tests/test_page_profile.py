"""Profile and Overview pages (AppTest) on the seeded real examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiling import results
from profiling.workspace import Workspace
from profiling.ydata_report import ReportSettings
from tests.pages_helpers import no_exceptions, open_app


def _profile_page(seeded: Path, monkeypatch: pytest.MonkeyPatch, dataset: str):  # type: ignore[no-untyped-def]
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/profile.py").run()
    meta = Workspace(seeded).find(dataset)
    app.selectbox(key="profile-dataset").select(meta.id).run()
    no_exceptions(app)
    return app, meta


def test_profile_overview_metrics_and_alerts(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _profile_page(seeded, monkeypatch, "heart_switzerland")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rows"] == "123" and metrics["Columns"] == "14"
    [alerts] = [d.value for d in app.dataframe if "Message" in d.value.columns]
    chol = alerts[(alerts["Column"] == "chol") & (alerts["Type"] == "suspected_missing_marker")]
    assert len(chol) == 1  # 0 in all 123 rows stands for 'not measured'
    assert (seeded / "profiles" / f"{meta.fingerprint}.json").is_file()  # cached in the workspace


def test_alert_jump_opens_the_column_with_a_chart(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _profile_page(seeded, monkeypatch, "heart_switzerland")
    app.selectbox(key=f"alert-jump-{meta.id}").select("chol").run()
    app.button(key=f"jump-{meta.id}").click().run()
    no_exceptions(app)
    assert app.session_state[f"profile-section-{meta.id}"] == "Columns"
    assert app.selectbox(key=f"profile-column-{meta.id}").value == "chol"
    [chart] = app.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["title"]["text"].startswith("chol")


def test_every_section_renders(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _profile_page(seeded, monkeypatch, "adult_train")
    for section in ("Columns", "Missing values", "Correlations", "Alerts"):
        app.session_state[f"profile-section-{meta.id}"] = section
        app.run()
        no_exceptions(app)
    app.session_state[f"profile-section-{meta.id}"] = "Correlations"
    app.run()
    app.radio(key=f"corr-{meta.id}").set_value("Cramér's V (categorical)").run()
    no_exceptions(app)
    assert len(app.get("plotly_chart")) == 1


def test_full_report_section_shows_a_kept_report(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = Workspace(seeded)
    meta = workspace.find("heart_cleveland")
    results.dataset_report(workspace, meta, settings=ReportSettings())  # the real library, made beforehand
    app, _ = _profile_page(seeded, monkeypatch, "heart_cleveland")
    app.session_state[f"profile-section-{meta.id}"] = "Full report"
    app.run()
    no_exceptions(app)
    with pytest.raises(KeyError):
        app.button(key=f"build-{meta.id}")  # the kept report is shown, not rebuilt
    frames = app.get("iframe")
    assert len(frames) == 1 and 'sandbox="allow-scripts allow-popups"' in frames[0].proto.srcdoc


def test_full_report_offers_to_build_when_none_is_kept(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _profile_page(seeded, monkeypatch, "heart_va")
    app.session_state[f"profile-section-{meta.id}"] = "Full report"
    app.run()
    no_exceptions(app)
    assert app.button(key=f"build-{meta.id}").label == "Build the full report"


def test_overview_of_the_four_heart_sources(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/overview.py").run()
    workspace = Workspace(seeded)
    heart = [workspace.find(f"heart_{s}").id for s in ("cleveland", "hungarian", "switzerland", "va")]
    app.multiselect(key="overview-datasets").set_value(heart).run()
    no_exceptions(app)
    figures = next(d.value for d in app.dataframe if "quality_score" in d.value.columns).set_index("name")
    assert figures["rows"].to_dict() == {
        "heart_cleveland": 303,
        "heart_hungarian": 294,
        "heart_switzerland": 123,
        "heart_va": 200,
    }
    missing = next(d.value for d in app.dataframe if "column" in d.value.columns).set_index("column")
    assert missing.loc["ca", "heart_hungarian"] == pytest.approx(291 / 294)
    assert missing.loc["ca", "heart_cleveland"] == pytest.approx(4 / 303)
    assert len(app.get("plotly_chart")) == 1
