"""The Datasets page (AppTest): examples on first start, upload, errors, rename, role, delete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app

EXAMPLE_NAMES = {
    "adult_train",
    "adult_test",
    "heart_cleveland",
    "heart_hungarian",
    "heart_switzerland",
    "heart_va",
    "cps1985_aer",
    "cps1985_mosaic",
}


def _overview(app):  # type: ignore[no-untyped-def]
    """The datasets overview table (AppTest exposes no keys on dataframes: find it by its columns)."""
    [table] = [df.value for df in app.dataframe if {"Name", "Origin", "Warnings"} <= set(df.value.columns)]
    return table


def _table_names(app) -> set[str]:  # type: ignore[no-untyped-def]
    return set(_overview(app)["Name"])


def _frame_with(app, columns: set[str]):  # type: ignore[no-untyped-def]
    [table] = [df.value for df in app.dataframe if columns <= set(df.value.columns)]
    return table


def test_first_start_seeds_real_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(tmp_path / "new-workspace", monkeypatch)
    no_exceptions(app)
    table = _overview(app).set_index("Name")
    assert set(table.index) == EXAMPLE_NAMES
    assert table.loc["adult_train", "Rows"] == 32561
    assert table.loc["adult_test", "Rows"] == 16281
    assert table.loc["heart_switzerland", "Columns"] == 14
    assert table.loc["adult_test", "Warnings"] >= 1  # the skipped junk line is reported
    assert "8 datasets in the workspace" in [s.value for s in app.subheader]


def test_upload_two_files_lists_both(seeded: Path, datasets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    red = (datasets / "wine_quality" / "winequality-red.csv").read_bytes()
    penguins = (datasets / "penguins" / "penguins.csv").read_bytes()
    app.file_uploader(key="uploader-0").set_value(
        [("winequality-red.csv", red, "text/csv"), ("penguins.csv", penguins, "text/csv")]
    )
    app.run()
    app.button(key="load-button").click().run()
    no_exceptions(app)
    table = _overview(app).set_index("Name")
    assert table.loc["winequality-red.csv", "Rows"] == 1599
    assert table.loc["penguins.csv", ["Rows", "Columns"]].tolist() == [344, 8]
    assert sum("loaded as" in s.value for s in app.success) == 2


def test_bad_upload_shows_error_not_traceback(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    app.file_uploader(key="uploader-0").set_value(("broken.csv", b"a,b,c\n1,2,3\n4,5,6,7,8\n", "text/csv"))
    app.run()
    app.button(key="load-button").click().run()
    no_exceptions(app)
    errors = " ".join(e.value for e in app.error).replace("\\", "")  # drop markdown escapes
    assert "broken.csv" in errors and "line 3" in errors
    assert "How to fix" in errors
    assert _table_names(app) == EXAMPLE_NAMES  # nothing saved was lost


def test_headerless_upload_with_typed_names(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    app.file_uploader(key="uploader-0").set_value(("pairs.csv", b"1,2\n3,4\n5,6\n", "text/csv"))
    app.run()
    app.selectbox(key="load-header").select("No header row")
    app.text_input(key="load-names").input("left, right")
    app.run()
    app.button(key="load-button").click().run()
    no_exceptions(app)
    chosen = [m for m in Workspace(seeded).datasets() if m.name == "pairs.csv"]
    assert chosen and chosen[0].column_names == ["left", "right"] and chosen[0].rows == 3


def test_rename_role_and_delete(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    heart_va = Workspace(seeded).find("heart_va")
    app.selectbox(key="dataset-choice").select(heart_va.id).run()
    app.text_input(key=f"name-{heart_va.id}").input("VA Long Beach")
    app.selectbox(key=f"role-{heart_va.id}").select("current")
    app.button(key=f"save-{heart_va.id}").click().run()
    no_exceptions(app)
    assert "VA Long Beach" in _table_names(app)
    assert Workspace(seeded).get(heart_va.id).role == "current"

    app.checkbox(key=f"confirm-{heart_va.id}").check().run()
    app.button(key=f"delete-{heart_va.id}").click().run()
    no_exceptions(app)
    assert "VA Long Beach" not in _table_names(app)
    assert len(Workspace(seeded).datasets()) == 7


def test_preview_and_load_report(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(seeded, monkeypatch)
    adult_test = Workspace(seeded).find("adult_test")
    app.selectbox(key="dataset-choice").select(adult_test.id).run()
    no_exceptions(app)
    preview = _frame_with(app, {"income", "age"})
    assert len(preview) == 100 and list(preview.columns)[-1] == "income"
    assert set(preview["income"]) <= {"<=50K.", ">50K."}
    warnings = _frame_with(app, {"Type", "Message"})
    assert warnings["Message"].str.contains("skip_rows=1").any()


def test_server_folder_loads_inside_only(seeded: Path, datasets: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "data"
    (data_dir / "wine").mkdir(parents=True)
    shutil.copy(datasets / "wine_quality" / "winequality-white.csv", data_dir / "wine" / "white.csv")
    app = open_app(seeded, monkeypatch, data_dir=data_dir)
    assert app.multiselect(key="server-files").options == ["wine/white.csv"]
    app.multiselect(key="server-files").select("wine/white.csv").run()
    app.button(key="load-button").click().run()
    no_exceptions(app)
    table = _overview(app).set_index("Name")
    assert table.loc["white.csv", "Rows"] == 4898
