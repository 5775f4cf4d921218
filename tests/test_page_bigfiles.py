"""Datasets and Profile pages (AppTest) with a file over the memory budget: stored out of core, and the pages say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiling.bigfiles import BUDGET_ENV, SAMPLE_ENV
from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app

NOTE = "uniform sample of 500 rows"


def _text(elements) -> str:  # type: ignore[no-untyped-def]
    return " ".join(e.value for e in elements).replace("\\", "")  # drop markdown escapes


@pytest.fixture
def big_upload(seeded: Path, datasets: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """bike_sharing hour.csv (1.1 MB) uploaded on the Datasets page with a 1 MB budget and 500-row samples."""
    monkeypatch.setenv(BUDGET_ENV, "1")
    monkeypatch.setenv(SAMPLE_ENV, "500")
    app = open_app(seeded, monkeypatch)
    data = (datasets / "bike_sharing" / "hour.csv").read_bytes()
    app.file_uploader(key="uploader-0").set_value(("hour.csv", data, "text/csv"))
    app.run()
    app.button(key="load-button").click().run()
    no_exceptions(app)
    return app, Workspace(seeded)


def test_datasets_page_stores_a_big_upload_out_of_core_and_says_so(big_upload) -> None:  # type: ignore[no-untyped-def]
    app, workspace = big_upload
    meta = workspace.find("hour.csv")
    assert meta.out_of_core and meta.rows == 17379 and meta.sample_rows == 500
    assert "hour.csv** loaded as hour.csv: 17,379 rows" in _text(app.success)
    assert NOTE in _text(app.info) and "every row in DuckDB" in _text(app.info)
    [table] = [df.value for df in app.dataframe if {"Name", "Out of core"} <= set(df.value.columns)]
    flags = dict(zip(table["Name"], table["Out of core"], strict=True))
    assert flags["hour.csv"] and not flags["adult_train"]
    app.selectbox(key="dataset-choice").select(meta.id).run()
    no_exceptions(app)
    assert "uniform sample of 500 of 17,379 rows" in _text(app.caption)
    [preview] = [df.value for df in app.dataframe if "cnt" in df.value.columns]
    assert len(preview) == 100  # the first rows of the 500-row sample, not the file


def test_profile_page_profiles_every_row_and_shows_the_note(big_upload) -> None:  # type: ignore[no-untyped-def]
    app, workspace = big_upload
    meta = workspace.find("hour.csv")
    app.switch_page("pages/profile.py").run()
    app.selectbox(key="profile-dataset").select(meta.id).run()
    no_exceptions(app)
    assert NOTE in _text(app.info)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rows"] == "17,379" and metrics["Columns"] == "17"  # every row, not the sample
    app.selectbox(key="profile-dataset").select(workspace.find("heart_va").id).run()
    no_exceptions(app)
    assert "uniform sample" not in _text(app.info)  # a dataset held in memory gets no note
