"""Privacy mode reaches every view: masked preview, downloads, profile values, alerts and the full report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiling import privacy
from profiling.loading import load_path
from profiling.privacy import mask_frame, mask_profile
from profiling.profile import profile_frame
from profiling.workspace import Workspace
from profiling.ydata_report import ReportSettings, build_report
from tests.pages_helpers import no_exceptions, open_app

NAME = "Braund, Mr. Owen Harris"


@pytest.fixture(scope="module")
def titanic(datasets: Path) -> pd.DataFrame:
    return load_path(datasets / "titanic" / "kaggle_train.csv").frame


def test_masked_profile_hides_every_value(titanic: pd.DataFrame) -> None:
    profile = profile_frame(titanic, name="titanic")
    masked = mask_profile(profile, {"Name", "Ticket"})
    text = masked.model_dump_json()
    assert NAME not in text and "A/5 21171" not in text
    assert masked.column("Sex") == profile.column("Sex")  # other columns untouched
    assert all(v.value.replace("•", "").strip(" ,.()/\"'-") == "" for v in masked.column("Name").top_values)


def test_masked_frame_and_report(titanic: pd.DataFrame) -> None:
    frame = mask_frame(titanic, {"Name"})
    assert NAME not in set(frame["Name"]) and frame["Name"].isna().sum() == titanic["Name"].isna().sum()
    assert mask_frame(titanic, set()) is titanic
    report = build_report(titanic.head(60), title="t", settings=ReportSettings(masked_columns=("Name",)))
    assert "Braund" not in report.html and any("Privacy mode" in n for n in report.notes)


def test_pages_mask_names_once_privacy_mode_is_on(datasets: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    workspace = Workspace(root)
    (root / ".examples-seeded").write_text("no examples\n")
    meta = workspace.add(load_path(datasets / "titanic" / "kaggle_train.csv"), origin="test")
    assert "Name" in privacy.masked_columns(workspace, meta)  # person names switch privacy mode on
    app = open_app(root, monkeypatch)
    no_exceptions(app)
    preview = next(d.value for d in app.dataframe if "Sex" in d.value.columns)
    assert NAME not in set(preview["Name"]) and preview["Sex"].iloc[0] == "male"
    assert any("Privacy mode" in c.value for c in app.caption)
    app.switch_page("pages/profile.py").run()
    app.session_state[f"profile-section-{meta.id}"] = "Columns"
    app.session_state[f"profile-column-{meta.id}"] = "Name"
    app.run()
    no_exceptions(app)
    [chart] = app.get("plotly_chart")
    assert "Braund" not in chart.proto.spec and "Owen" not in chart.proto.spec


def test_masked_drift_hides_categories_and_schema_details() -> None:
    from profiling.drift import detect_drift
    from profiling.privacy import mask_drift

    reference = pd.DataFrame({"email": ["ann@example.com", "bob@example.com"] * 50, "n": [i % 7 for i in range(100)]})
    current = pd.DataFrame({"email": ["ann@example.com", "eve@example.org"] * 50, "n": [i % 7 for i in range(100)]})
    report = detect_drift(reference, current)
    assert "eve@example.org" in report.model_dump_json()  # a new category, shown without privacy mode
    masked = mask_drift(report, {"email"})
    text = masked.model_dump_json()
    assert not any(address in text for address in ("ann@", "bob@", "eve@"))  # no address left anywhere
    assert masked.column("n") == report.column("n")


# Schema dispersion, bias and suites: the analyses run on real values, the views hide them -----------------------


def _schema_sources(frames: dict[str, pd.DataFrame]) -> list:  # type: ignore[type-arg]
    from profiling.schema import SchemaSource

    return [
        SchemaSource(name=name, frame=frame, profile=profile_frame(frame, name=name), load_warnings=[])
        for name, frame in frames.items()
    ]


def _sexes(coded: bool) -> pd.DataFrame:
    sex = ["M", "F"] * 100 if coded else ["male", "female"] * 100
    return pd.DataFrame({"id": range(200), "sex": sex, "fare": [7.25 + i + coded for i in range(200)]})


def test_masked_schema_hides_names_but_keeps_numbers(datasets: Path) -> None:
    from profiling.privacy import mask_schema
    from profiling.schema import compare_schemas

    frames = {
        "kaggle": load_path(datasets / "titanic" / "kaggle_train.csv").frame,
        "seaborn_raw": load_path(datasets / "titanic" / "seaborn_raw_titanic.csv").frame,
    }
    report = compare_schemas(_schema_sources(frames))
    assert "Braund" in report.model_dump_json()
    masked = mask_schema(report, {"kaggle": {"Name", "Sex"}, "seaborn_raw": {"name", "sex"}})
    text = masked.model_dump_json()
    assert "Braund" not in text and "female" not in text
    assert masked.summary("kaggle", "Age") == report.summary("kaggle", "Age")  # numbers stay
    sexes = masked.summary("kaggle", "Sex").values
    assert sorted(sexes) == ["•••", "••• #2"] and sum(sexes.values()) == pytest.approx(1)  # groups kept apart
    assert mask_schema(report, {}) is report


def test_masked_schema_value_mapping_is_shown_masked_and_applied_real() -> None:
    from profiling.privacy import mask_mapping, mask_schema, masked_mapping_columns
    from profiling.schema import compare_schemas
    from profiling.schema.mapping import apply_mapping, propose_mapping

    frames = {"a": _sexes(coded=False), "b": _sexes(coded=True)}
    report = compare_schemas(_schema_sources(frames))
    hidden = {"b": {"sex"}}
    [issue] = [i for i in mask_schema(report, hidden).issues if i.type == "vocabulary_mismatch"]
    assert issue.value_mapping is not None and "'M'" not in issue.detail and "male" not in issue.detail
    assert set(issue.value_mapping["b"]) == {"•••", "••• #2"}  # two masked values, still two pairs
    spec = propose_mapping(report)
    [index] = masked_mapping_columns(report, hidden)
    shown = mask_mapping(spec, report, hidden)
    assert "male" not in shown.model_dump_json() and len(shown.columns[index].recode["b"]) == 2
    assert shown.columns[index].target == spec.columns[index].target  # only the values change
    assert set(apply_mapping(spec, frames)["b"]["sex"]) == {"male", "female"}  # the real spec still recodes


def test_masked_bias_hides_groups_and_classes(titanic: pd.DataFrame) -> None:
    from profiling.bias import BiasOptions, audit_frame, audit_frames
    from profiling.privacy import mask_bias

    options = BiasOptions(target="Survived", sensitive=("Sex", "Embarked"))
    report = audit_frame(titanic, options, name="titanic")
    assert mask_bias(report, {"Name"}) is report  # a masked column the audit does not use changes nothing
    masked = mask_bias(report, {"Sex", "Survived"})
    text = masked.model_dump_json()
    assert "female" not in text and '"male"' not in text and "male)" not in text
    assert masked.outcome == f"Survived = {masked.positive_class}" and "•••" in masked.outcome
    sex, real = masked.attribute("Sex"), report.attribute("Sex")
    assert sorted(g.group for g in sex.groups) == ["•••", "••• #2"]
    assert [g.positive_rate for g in sex.groups] == [g.positive_rate for g in real.groups]  # rates unchanged
    assert sex.reference_group in {g.group for g in sex.groups}
    assert {g.group for g in masked.attribute("Embarked").groups} == {"S", "C", "Q", "(missing)"}  # not masked
    assert [(f.severity, f.kind) for f in masked.findings] == [(f.severity, f.kind) for f in report.findings]
    inter = masked.intersections[0]
    assert all(g.group == " / ".join(g.members or []) for g in inter.groups)
    multi = audit_frames([("a", titanic.head(400)), ("b", titanic.tail(491))], options)
    shown = mask_bias(multi, {"Sex"})
    assert "female" not in shown.model_dump_json()
    labels = {r.dataset: {g.group for g in r.attribute("Sex").groups} for r in shown.reports}
    assert labels["a"] == labels["b"] == {r.group for r in shown.comparison if r.attribute == "Sex"}


def test_masked_expectations_and_validation(titanic: pd.DataFrame) -> None:
    from profiling.expectations import SuiteDocument, suggest_suite, validate_frame
    from profiling.privacy import mask_expectation, mask_validation, masked_parameters

    specs = suggest_suite(profile_frame(titanic, name="titanic"), titanic, strictness="balanced")
    [sex] = [s for s in specs if s.column == "Sex" and s.type == "expect_column_values_to_be_in_set"]
    shown = mask_expectation(sex, {"Name", "Sex"})
    assert shown.kwargs["value_set"] == ["•••", "•••"] and "male" not in shown.reason
    assert sex.kwargs["value_set"] == ["female", "male"]  # the suite keeps the real values
    assert mask_expectation(sex, {"Name"}) is sex
    fare = next(s for s in specs if s.column == "Fare" and s.type == "expect_column_values_to_be_between")
    assert mask_expectation(fare, {"Fare"}) is fare  # numeric bounds stay, as in masked profiles
    email = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
    kept = masked_parameters({"column": "e", "regex": email, "mostly": 0.9})
    assert kept["regex"] == email  # a shape, not a value
    assert masked_parameters({"column": "n", "regex": "^(Braund|Cumings)"})["regex"] == "^(•••|•••)"
    other = titanic.copy()
    other.loc[:4, "Sex"] = "unknown"
    result = validate_frame(other, SuiteDocument(name="s", expectations=[sex]), dataset="t")
    assert "unknown" in result.model_dump_json()
    masked = mask_validation(result, {"Sex"})
    text = masked.model_dump_json()
    assert "unknown" not in text and "female" not in text
    assert masked.results[0].unexpected_count == result.results[0].unexpected_count == 5


def _masked_workspace(tmp_path: Path, files: dict[str, pd.DataFrame], masked: dict[str, list[str]]) -> Path:
    root = tmp_path / "ws"
    workspace = Workspace(root)
    (root / ".examples-seeded").write_text("no examples\n")
    for name, frame in files.items():
        path = tmp_path / f"{name}.csv"
        frame.to_csv(path, index=False)
        meta = workspace.add(load_path(path), origin="test", name=name)
        privacy.save_privacy_settings(
            workspace, meta, privacy_mode=bool(masked.get(name)), masked_columns=masked.get(name, [])
        )
    return root


def _page_text(app) -> str:  # type: ignore[no-untyped-def]
    frames = " ".join(d.value.to_csv() for d in app.dataframe)
    widgets = " ".join(str(w.value) for w in [*app.text_area, *app.text_input, *app.caption, *app.warning])
    return frames + widgets + " ".join(c.proto.spec for c in app.get("plotly_chart"))


def test_schema_page_masks_values_and_applies_the_real_mapping(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.schema import selection_key

    root = _masked_workspace(
        tmp_path, {"a": _sexes(coded=False), "b": _sexes(coded=True)}, {"a": ["sex"], "b": ["sex"]}
    )
    workspace = Workspace(root)
    metas = [workspace.find("a"), workspace.find("b")]
    key = selection_key(metas)
    app = open_app(root, monkeypatch)
    app.switch_page("pages/schema.py").run()
    app.multiselect(key="schema-datasets").set_value([m.id for m in metas]).run()
    no_exceptions(app)
    assert any("Privacy mode: the values of 2 column(s)" in c.value for c in app.caption)
    options = app.selectbox(key=f"schema-group-{key}").options
    app.selectbox(key=f"schema-group-{key}").set_value(next(i for i, o in enumerate(options) if "sex" in o)).run()
    labels = app.multiselect(key=f"schema-accepted-{key}").options
    sex = next(i for i, label in enumerate(labels) if label.startswith("sex"))
    app.selectbox(key=f"schema-edit-{key}").set_value(sex).run()
    no_exceptions(app)
    text = _page_text(app)
    assert "female" not in text and "'M'" not in text and "•••" in text
    assert any("editing its values is disabled" in c.value for c in app.caption)
    app.button(key=f"schema-apply-{key}").click().run()
    no_exceptions(app)
    harmonised = workspace.frame(Workspace(root).find("b_harmonised").id)
    assert set(harmonised["sex"]) == {"male", "female"}  # the real mapping was applied


def test_bias_page_masks_a_masked_attribute(titanic: pd.DataFrame, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = _masked_workspace(tmp_path, {"titanic": titanic}, {"titanic": ["Name", "Sex"]})
    meta = Workspace(root).find("titanic")
    app = open_app(root, monkeypatch)
    app.switch_page("pages/bias.py").run()
    key = meta.id
    app.multiselect(key="bias-datasets").set_value([key]).run()
    app.selectbox(key=f"bias-target-{key}").set_value("Survived").run()
    app.multiselect(key=f"bias-sensitive-{key}-Survived").set_value(["Sex", "Pclass"]).run()
    no_exceptions(app)
    assert any("Privacy mode: the values of 1 column(s)" in c.value for c in app.caption)
    text = _page_text(app) + " ".join(e.value for e in [*app.error, *app.info])
    assert "female" not in text and "•••" in text
    assert "Pclass" in text  # other attributes are shown as they are


def test_suites_page_masks_parameters_and_results(titanic: pd.DataFrame, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = _masked_workspace(tmp_path, {"titanic": titanic}, {"titanic": ["Name", "Sex"]})
    app = open_app(root, monkeypatch)
    app.switch_page("pages/suites.py").run()
    no_exceptions(app)
    assert any("the saved suite keeps the real values" in c.value for c in app.caption)
    params = [t.value for t in app.text_input if "value_set" in str(t.value)]
    assert any("•••" in p for p in params) and not any("female" in p for p in params)
    app.button(key=next(b.key for b in app.button if b.key and b.key.startswith("suites-save-"))).click().run()
    no_exceptions(app)
    from profiling.expectations import SuiteStore

    [info] = SuiteStore(root).suites()
    suite = SuiteStore(root).load(info.name)
    assert any(s.kwargs.get("value_set") == ["female", "male"] for s in suite.expectations)  # real values saved
