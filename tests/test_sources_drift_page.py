"""The Sources section's "Compare two tables" (AppTest): red against white wine in one SQLite file, compared inside the
database through the page, checked against the library; a bad query is one error, no exception."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from profiling import databases
from profiling.drift import DriftOptions
from profiling.drift.sources import compare_database_tables
from profiling.loading import LoadOptions, load_path
from tests.pages_helpers import no_exceptions, open_app
from ui.drift import schema_table
from ui.widgets import escape

WINE_VERDICT = "12 of 12 columns drifted; 1 with a negligible effect: alcohol"  # the library's verdict today


@pytest.fixture(scope="module")
def wine_db(datasets: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = datasets / "wine_quality"
    path = tmp_path_factory.mktemp("wine") / "wine.sqlite"
    with sqlite3.connect(path) as con:
        for colour in ("red", "white"):
            loaded = load_path(folder / f"winequality-{colour}.csv", options=LoadOptions(delimiter=";"))
            loaded.frame.to_sql(colour, con, index=False)
    return path


def _connect(app: AppTest, db: Path) -> str:
    app.text_input(key="db-url").input(f"sqlite:///{db}").run()
    app.button(key="db-connect").click().run()
    no_exceptions(app)
    return f"db-drift-sqlite:///{db}"


def test_compare_red_and_white_wine_in_the_database(
    wine_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(tmp_path / "ws", monkeypatch)
    key = _connect(app, wine_db)
    app.selectbox(key=f"{key}-reference").set_value("red")
    app.selectbox(key=f"{key}-current").set_value("white").run()
    app.text_input(key=f"{key}-target").input("quality").run()
    app.button(key=f"{key}-compare").click().run()
    no_exceptions(app)

    ref, _ = databases.parse_url(f"sqlite:///{wine_db}")
    conn = databases.connect(ref)
    try:
        sides = [(conn, databases.select(conn, table=name)) for name in ("red", "white")]
        expected = compare_database_tables(
            sides[0], sides[1], options=DriftOptions(target="quality"), names=("red", "white")
        )
    finally:
        conn.close()
    assert expected.verdict.startswith("11 of 11 columns drifted")  # quality is the label, outside the share
    assert any(m.value == f"**{escape(expected.verdict)}**" for m in app.markdown)
    assert any("scratch DuckDB" in i.value for i in app.info)
    [table] = [d.value for d in app.dataframe if "Severity" in d.value.columns]
    assert list(table["Column"]) == [c.column for c in expected.columns]
    sugar = table.set_index("Column").loc["residual sugar"]
    assert sugar["Drifted"] and sugar["Severity"] in ("moderate", "large")
    assert "alcohol" in set(table["Column"]) and "quality" not in set(table["Column"])
    schema = [d.value for d in app.dataframe if list(d.value.columns) == ["Type", "Column", "Detail"]]
    assert [f.to_dict("records") for f in schema] == (
        [schema_table(expected).to_dict("records")] if expected.schema_changes else []
    )
    assert schema or any("No schema changes" in s.value for s in app.success)
    assert any("quality" in m.value and "Label" in m.value for m in app.markdown)

    labels = [b.proto.label for b in app.get("download_button")]
    assert "Download the drift report (JSON)" in labels and "Download the column table (CSV)" in labels
    # The kept report survives a rerun (a download click reruns the page) and a changed choice hides it.
    app.run()
    assert any(m.value == f"**{escape(expected.verdict)}**" for m in app.markdown)
    app.text_input(key=f"{key}-target").input("").run()
    assert not any(m.value == f"**{escape(expected.verdict)}**" for m in app.markdown)
    app.button(key=f"{key}-compare").click().run()
    no_exceptions(app)
    assert any(m.value == f"**{escape(WINE_VERDICT)}**" for m in app.markdown)


def test_a_bad_query_shows_the_error(wine_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(tmp_path / "ws", monkeypatch)
    key = _connect(app, wine_db)
    app.toggle(key=f"{key}-current-use-query").set_value(True).run()
    app.text_area(key=f"{key}-current-query").input("SELECT * FROM no_such_wine").run()
    app.button(key=f"{key}-compare").click().run()
    no_exceptions(app)
    shown = " ".join(e.value for e in app.error)
    assert "no such table" in shown and escape("no_such_wine") in shown
    assert not any("Severity" in d.value.columns for d in app.dataframe)
