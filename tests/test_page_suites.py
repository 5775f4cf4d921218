"""Expectation suites page (AppTest): build and save, list and open, validate with failures first and history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiling import results
from profiling.expectations import SuiteStore, suggest_suite
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app


def test_build_untick_edit_save_then_validate(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/suites.py").run()
    no_exceptions(app)
    meta = Workspace(seeded).find("heart_cleveland")
    app.selectbox(key="suites-build-dataset").select(meta.id).run()
    no_exceptions(app)
    prefix = f"sx-{meta.id}-balanced"
    labels = {c.key: c.label for c in app.checkbox if c.key and c.key.startswith(prefix)}
    assert "expect_table_row_count_to_be_between" in labels.values()
    # Untick the row-count expectation, tighten the chol range so Cleveland itself still passes.
    row_key = next(k for k, v in labels.items() if v == "expect_table_row_count_to_be_between")
    app.checkbox(key=row_key).uncheck().run()
    ws = Workspace(seeded)
    specs = suggest_suite(results.dataset_profile(ws, meta), ws.frame(meta.id), strictness="balanced")
    index = next(
        i for i, x in enumerate(specs) if x.column == "chol" and x.type == "expect_column_values_to_be_between"
    )
    chol_key = f"{prefix}-{index}-params"
    app.text_input(key=chol_key).input('{"min_value": 100, "max_value": 600, "mostly": 1.0}').run()
    app.text_input(key=f"suites-name-{meta.id}").input("cleveland_checked").run()
    app.button(key=f"suites-save-{meta.id}").click().run()
    no_exceptions(app)
    assert any("Saved suite" in s.value for s in app.success)
    saved = SuiteStore(seeded).load("cleveland_checked")
    assert not any(s.type == "expect_table_row_count_to_be_between" for s in saved.expectations)
    assert any(s.kwargs.get("min_value") == 100 and s.column == "chol" for s in saved.expectations)

    app.session_state["suites-section"] = "Validate"
    app.run()
    swiss = Workspace(seeded).find("heart_switzerland")
    app.selectbox(key="suites-validate-dataset").select(swiss.id).run()
    app.selectbox(key="suites-validate-suite").select("cleveland_checked").run()
    app.button(key=f"suites-run-{swiss.id}-cleveland_checked").click().run()
    no_exceptions(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Result"] == "failed"
    table = next(d.value for d in app.dataframe if "Unexpected values" in d.value.columns)
    assert table["Result"].iloc[0] == "FAIL"  # failures first
    chol = table[(table["Column"] == "chol") & (table["Expectation"] == "expect_column_values_to_be_between")]
    assert chol["Unexpected"].iloc[0] == 123 and json.loads(chol["Unexpected values"].iloc[0]) == [0]
    history = next(d.value for d in app.dataframe if "run_id" in d.value.columns)
    assert len(history) == 1 and not history["success"].iloc[0]


def test_suites_section_lists_opens_renames_and_refuses_a_bad_upload(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, bad_inputs: Path
) -> None:
    store = SuiteStore(seeded)
    store.import_json((bad_inputs / "suites" / "suite_valid.json").read_bytes())
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/suites.py").run()
    app.session_state["suites-section"] = "Suites"
    app.run()
    no_exceptions(app)
    assert app.selectbox(key="suites-open").value == "orders_suite"
    specs = next(d.value for d in app.dataframe if "Why" in d.value.columns)
    assert list(specs["Expectation"]) == ["expect_column_values_to_not_be_null", "expect_column_values_to_be_between"]
    app.file_uploader(key="suites-upload").set_value(
        (
            "suite_unknown_type.json",
            (bad_inputs / "suites" / "suite_unknown_type.json").read_bytes(),
            "application/json",
        )
    ).run()
    app.button(key="suites-import").click().run()
    no_exceptions(app)
    assert any("unknown expectation type" in e.value and "hacked" in e.value for e in app.error)
    assert [i.name for i in store.suites()] == ["orders_suite"]
    app.text_input(key="suites-newname-orders_suite").input("orders_v2").run()
    app.button(key="suites-rename-orders_suite").click().run()
    no_exceptions(app)
    assert [i.name for i in store.suites()] == ["orders_v2"]
