"""Schema dispersion page (AppTest): pick datasets, see the matrix and issues, edit the mapping, apply it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from profiling.loading import load_path
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app
from ui.schema import selection_key


@pytest.fixture(scope="module")
def cps_template(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    """The CPS-1985 pair (role source, picked by default) and Titanic; the seeding marker keeps the examples out."""
    root = tmp_path_factory.mktemp("schema-page")
    workspace = Workspace(root)
    (root / ".examples-seeded").write_text("test workspace\n")
    for file, name in [("AER_CPS1985.csv", "cps1985_aer"), ("mosaicData_CPS85.csv", "cps1985_mosaic")]:
        loaded = load_path(datasets / "cps1985_two_schemas" / file)
        workspace.add(loaded, origin=f"test: {file}", role="source", name=name)
    titanic = load_path(datasets / "titanic" / "kaggle_train.csv")
    workspace.add(titanic, origin="test: kaggle_train.csv", role="unassigned", name="titanic_kaggle")
    return root


@pytest.fixture
def cps(cps_template: Path, copy_workspace: Callable[[Path], Path]) -> Path:
    return copy_workspace(cps_template)


def _page(root: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    app = open_app(root, monkeypatch)
    app.switch_page("pages/schema.py").run()
    no_exceptions(app)
    metas = [m for m in Workspace(root).datasets() if m.role == "source"]
    return app, selection_key(metas)


def test_matrix_and_issues_of_the_cps_pair(cps: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, key = _page(cps, monkeypatch)
    assert app.title[0].value == "Schema dispersion"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Column groups"] == "12" and metrics["Unmatched columns"] == "1"  # occupation
    matrix = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert matrix["data"][0]["type"] == "heatmap"
    assert matrix["data"][0]["x"] == ["cps1985_aer", "cps1985_mosaic"]
    [groups] = [d.value for d in app.dataframe if "Confidence" in d.value.columns]
    gender = groups[groups["Variable"] == "gender"].iloc[0]
    assert gender["cps1985_mosaic"] == "sex"
    [issues] = [d.value for d in app.dataframe if "Detail" in d.value.columns]
    vocab = issues[(issues["Type"] == "vocabulary_mismatch") & (issues["Variable"] == "gender")]
    assert vocab["Detail"].str.contains("'M' -> 'male'").all() and len(vocab) == 1
    assert set(issues["Severity"]) <= {"high", "medium", "low"}


def test_picking_datasets(cps: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = _page(cps, monkeypatch)
    workspace = Workspace(cps)
    aer, titanic = workspace.find("cps1985_aer"), workspace.find("titanic_kaggle")
    app.multiselect(key="schema-datasets").set_value([aer.id]).run()
    assert "Pick two or more datasets" in app.info[0].value and not app.get("plotly_chart")
    app.multiselect(key="schema-datasets").set_value([aer.id, titanic.id]).run()
    no_exceptions(app)
    matrix = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert matrix["data"][0]["x"] == ["cps1985_aer", "titanic_kaggle"]
    [groups] = [d.value for d in app.dataframe if "Confidence" in d.value.columns]
    age = groups[groups["Variable"] == "age"].iloc[0]
    assert age["titanic_kaggle"] == "Age"  # same variable across unrelated datasets


def test_distributions_of_a_group(cps: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, key = _page(cps, monkeypatch)
    names = app.selectbox(key=f"schema-group-{key}").options
    union = next(i for i, label in enumerate(names) if label.endswith(": union"))
    app.selectbox(key=f"schema-group-{key}").set_value(union).run()
    no_exceptions(app)
    chart = json.loads(app.get("plotly_chart")[1].proto.spec)
    assert [trace["name"] for trace in chart["data"]] == ["cps1985_aer: union", "cps1985_mosaic: union"]
    assert any("vocabulary_mismatch" in w.value for w in app.warning)


def test_edit_and_apply_the_mapping(cps: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, key = _page(cps, monkeypatch)
    accepted = app.multiselect(key=f"schema-accepted-{key}")
    labels = {i: label for i, label in enumerate(accepted.options)}
    occupation = next(i for i, label in labels.items() if label.startswith("occupation"))
    union = next(i for i, label in labels.items() if label.startswith("union"))
    accepted.unselect(occupation).run()  # reject a group
    app.selectbox(key=f"schema-edit-{key}").set_value(union).run()
    app.checkbox(key=f"schema-use-{key}-{union}-cps1985_mosaic").uncheck().run()  # reject a value mapping
    gender = next(i for i, label in labels.items() if label.startswith("gender"))
    app.selectbox(key=f"schema-edit-{key}").set_value(gender).run()
    app.text_input(key=f"schema-target-{key}-{gender}").input("sex").run()  # rename the target
    app.checkbox(key=f"schema-union-{key}").check().run()
    app.button(key=f"schema-apply-{key}").click().run()
    no_exceptions(app)
    assert any("cps1985_mosaic_harmonised" in s.value.replace("\\", "") for s in app.success)  # markdown-escaped
    workspace = Workspace(cps)
    mosaic = workspace.frame(workspace.find("cps1985_mosaic_harmonised").id)
    assert "occupation" not in mosaic.columns and "gender" not in mosaic.columns
    assert set(mosaic["sex"]) == {"male", "female"}  # accepted recode M/F -> male/female, renamed target
    assert set(mosaic["union"]) == {"Union", "Not"}  # the rejected value mapping left the values alone
    assert list(mosaic.columns[:3]) == ["rownames", "wage", "education"]  # educ renamed
    union_frame = workspace.frame(workspace.find("cps1985_aer_union_harmonised").id)
    assert len(union_frame) == 1068 and set(union_frame["source"]) == {"cps1985_aer", "cps1985_mosaic"}
