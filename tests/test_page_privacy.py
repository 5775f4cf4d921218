"""Privacy page (AppTest): findings with masked examples, risk over chosen quasi-identifiers, settings, redacted copy."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from profiling import privacy
from profiling.examples import seed_examples
from profiling.loading import load_path
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    root = tmp_path_factory.mktemp("seeded-privacy")
    workspace = Workspace(root)
    seed_examples(workspace)
    workspace.add(load_path(datasets / "titanic" / "kaggle_train.csv"), origin="test", name="titanic")
    return root


@pytest.fixture
def seeded(template: Path, copy_workspace: Callable[[Path], Path]) -> Path:
    return copy_workspace(template)


def _privacy_page(seeded: Path, monkeypatch: pytest.MonkeyPatch, dataset: str):  # type: ignore[no-untyped-def]
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/privacy.py").run()
    meta = Workspace(seeded).find(dataset)
    app.selectbox(key="privacy-dataset").select(meta.id).run()
    no_exceptions(app)
    return app, meta


def test_titanic_names_found_masked_and_privacy_mode_on(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _privacy_page(seeded, monkeypatch, "titanic")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Direct identifiers"] == "1" and metrics["Quasi-identifiers"] == "2"
    findings = next(d.value for d in app.dataframe if "pii_type" in d.value.columns).set_index("column")
    assert findings.loc["Name", "pii_type"] == "person_name"
    names = set(Workspace(seeded).frame(meta.id)["Name"])
    shown = " ".join(findings["examples (masked)"])
    assert "•••" in shown and not any(name in shown for name in names)  # no real name on screen
    assert "Privacy mode is on" in app.info[0].value and "Name" in app.info[0].value
    assert app.toggle(key=f"privacy-mode-{meta.id}").value is True
    [chart, _] = app.get("plotly_chart")
    assert json.loads(chart.proto.spec)["layout"]["title"]["text"].startswith("titanic")


def test_adult_risk_over_chosen_quasi_identifiers(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _privacy_page(seeded, monkeypatch, "adult_train")
    assert {m.label: m.value for m in app.metric}["Direct identifiers"] == "0"
    assert "Privacy mode is off" in app.info[0].value
    app.multiselect(key=f"privacy-qi-{meta.id}").set_value(["sex"]).run()
    no_exceptions(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["k (smallest group)"] == "10,771"  # Adult train: 10,771 women, 21,790 men
    assert metrics["Unique records"] == "0.0%"
    combos = next(d.value for d in app.dataframe if "unique_fraction" in d.value.columns)
    assert combos["columns"].tolist() == ["sex"]


def test_save_settings_and_a_redacted_copy(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, meta = _privacy_page(seeded, monkeypatch, "titanic")
    app.toggle(key=f"privacy-mode-{meta.id}").set_value(True)
    app.multiselect(key=f"privacy-masked-{meta.id}").set_value(["Name", "Ticket"])
    app.button(key=f"privacy-save-{meta.id}").click().run()
    no_exceptions(app)
    workspace = Workspace(seeded)
    assert privacy.masked_columns(workspace, meta) == {"Name", "Ticket"}
    assert "as saved on this page" in app.info[0].value
    assert app.selectbox(key=f"privacy-action-{meta.id}-Name").value == "mask"
    app.selectbox(key=f"privacy-action-{meta.id}-Age").set_value("drop")
    app.button(key=f"privacy-copy-{meta.id}").click().run()
    no_exceptions(app)
    copy = workspace.find("titanic (redacted)")
    frame = workspace.frame(copy.id)
    assert "Age" not in frame.columns and frame["Name"].str.contains("•••").all()
    assert "Saved as dataset" in app.success[0].value
