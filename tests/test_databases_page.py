"""The Sources section of the Datasets page (AppTest): connect to an SQLite file, list, preview, profile, load; the
Spark side's refusals that need no Spark session (the Spark journey itself is in tests/test_spark.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from profiling.loading import LoadOptions, load_path
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app

HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


@pytest.fixture
def heart_db(datasets: Path, tmp_path: Path) -> Path:
    frame = load_path(
        datasets / "heart_disease" / "processed.hungarian.data", options=LoadOptions(column_names=tuple(HEART))
    ).frame
    path = tmp_path / "clinic.sqlite"
    with sqlite3.connect(path) as con:
        frame.to_sql("<b>heart</b>", con, index=False)
    return path


def test_connect_list_preview_profile_and_load_a_sample(
    heart_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(tmp_path / "ws", monkeypatch)
    app.text_input(key="db-url").input(f"sqlite:///{heart_db}").run()
    app.button(key="db-connect").click().run()
    no_exceptions(app)
    [listing] = [d.value for d in app.dataframe if "Table" in d.value.columns]
    assert listing.to_dict("records") == [{"Table": "<b>heart</b>", "Rows": 294, "Columns": 14, "Note": ""}]
    key = f"db-sqlite:///{heart_db}"
    app.button(key=f"{key}-preview").click().run()
    assert any(list(d.value.columns) == HEART and len(d.value) == 20 for d in app.dataframe)
    app.button(key=f"{key}-profile").click().run()
    no_exceptions(app)
    assert any("294 rows x 14 columns" in m.value for m in app.markdown)
    assert any("scratch DuckDB" in i.value for i in app.info)
    app.radio(key=f"{key}-mode").set_value("A random sample").run()
    app.number_input(key=f"{key}-n").set_value(100).run()
    app.button(key=f"{key}-load").click().run()
    no_exceptions(app)
    [meta] = [m for m in Workspace(tmp_path / "ws").datasets() if m.origin.startswith("database:")]
    assert meta.rows == 100 and meta.origin.startswith(f"database: sqlite:///{heart_db}")
    assert any(w.type == "sample" and "100 of 294" in w.message for w in meta.load_report.warnings)


def test_refused_url_shows_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(tmp_path / "ws", monkeypatch)
    app.text_input(key="db-url").input("postgresql://admin:Hunter2@169.254.169.254/db").run()
    app.button(key="db-connect").click().run()
    no_exceptions(app)
    shown = " ".join(e.value for e in app.error) + " ".join(str(w.value) for w in app.warning)
    assert "not allowed" in shown and "Hunter2" not in shown


def test_spark_side_refuses_bad_input_before_starting_spark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad master, a path outside the data folder and a machine without Java are each one clear error; no Spark
    session is started (these run in the default, non-spark test step)."""
    from profiling.spark import session

    data = tmp_path / "data"
    data.mkdir()
    (data / "heart.parquet").write_bytes(b"PAR1")  # never read: every case stops before Spark reads anything
    app = open_app(tmp_path / "ws", monkeypatch, data_dir=data)
    app.segmented_control(key="source-kind").set_value("Spark").run()
    shown = []
    for master, path in [
        ("spark:/host", "heart.parquet"),
        ("local[1]", "../heart.parquet"),
        ("local[1]", "heart.parquet"),
    ]:
        if master == "local[1]" and path == "heart.parquet":  # no Java on PATH, no JAVA_HOME, no session yet
            monkeypatch.setattr(session, "_session", {})
            monkeypatch.setenv("PATH", str(tmp_path))
            monkeypatch.delenv("JAVA_HOME", raising=False)
        app.text_input(key="spark-master").input(master).run()
        app.text_input(key="spark-where-0").input(path).run()
        app.button(key="spark-open").click().run()
        no_exceptions(app)
        shown.append(" ".join(e.value for e in app.error))
    assert "is not a Spark master URL" in shown[0] and "host" in shown[0]
    assert "outside the data directory" in shown[1]
    assert "Spark needs Java 17" in shown[2] and "openjdk" in shown[2]
    assert "spark-source" not in app.session_state
