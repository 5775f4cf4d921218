"""Out-of-core datasets on the Bias, Privacy and Schema pages: the sample is stated (and noted in the JSON), derived
copies drop no row."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from profiling.errors import ProfilingError
from profiling.loading import load_path
from profiling.privacy import RedactionPlan, dataset_privacy_report, save_redacted_copy
from profiling.privacy.redact import hashed_value, masked_value, redact_frame, redact_parquet
from profiling.schema import sample_note as schema_sample_note
from profiling.workspace import DatasetMeta, Workspace
from tests.pages_helpers import no_exceptions, open_app
from ui.schema import selection_key

SAMPLE = 300  # of Titanic's 891 rows
SAMPLE_TEXT = f"sample of {SAMPLE} of 891 rows"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    """Titanic (Kaggle) kept out of core with a 300-row sample, and Seaborn's Titanic in memory (both sources)."""
    root = tmp_path_factory.mktemp("ooc-pages")
    (root / ".examples-seeded").write_text("test workspace\n")
    workspace = Workspace(root)
    workspace.add_file(
        datasets / "titanic" / "kaggle_train.csv", origin="test", role="source", name="titanic_big", sample_rows=SAMPLE
    )
    seaborn = load_path(datasets / "titanic" / "seaborn_titanic.csv")
    workspace.add(seaborn, origin="test", role="source", name="titanic_seaborn")
    return root


@pytest.fixture
def root(template: Path, copy_workspace: Callable[[Path], Path]) -> Path:
    return copy_workspace(template)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    """The bytes of every download button the pages draw, by file name (AppTest does not expose them)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if filename is not None and isinstance(data, bytes):
            files[filename] = data
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    yield files


def _big(root: Path) -> DatasetMeta:
    meta = Workspace(root).find("titanic_big")
    assert meta.out_of_core and meta.rows == 891 and meta.sample_rows == SAMPLE
    return meta


def _text(elements: Iterable[Any]) -> str:
    return " ".join(e.value for e in elements).replace("\\", "")  # the pages escape markdown


def test_redacted_copy_of_an_out_of_core_dataset_has_every_row(root: Path) -> None:
    workspace = Workspace(root)
    meta = _big(root)
    actions = {"Name": "mask", "Cabin": "mask", "Ticket": "hash", "Age": "hash", "Fare": "drop"}
    plan = RedactionPlan.model_validate({"actions": actions, "salt": "pepper"})
    copy = save_redacted_copy(workspace, meta, plan)
    assert copy.out_of_core and copy.rows == meta.rows == 891 and copy.sample_rows == SAMPLE
    assert "Fare" not in copy.column_names and copy.columns == meta.columns - 1
    assert "Name masked" in copy.origin and "Fare dropped" in copy.origin
    original = pq.read_table(workspace.parquet_path(meta.id)).to_pandas()
    redacted = pq.read_table(workspace.parquet_path(copy.id)).to_pandas()
    assert len(redacted) == 891 and redacted["PassengerId"].tolist() == original["PassengerId"].tolist()
    assert redacted["Name"].tolist() == [masked_value(v) for v in original["Name"]]
    assert redacted["Ticket"].tolist() == [hashed_value(v, "pepper") for v in original["Ticket"]]
    cabin_missing = original["Cabin"].isna()
    assert cabin_missing.sum() == 687 and redacted["Cabin"].isna().tolist() == cabin_missing.tolist()
    present = ~cabin_missing
    assert (redacted.loc[present, "Cabin"] == original.loc[present, "Cabin"].map(masked_value)).all()
    age_missing = original["Age"].isna()  # 177 NaN ages stay missing, not hashed as 'nan'
    assert age_missing.sum() == 177 and redacted["Age"].isna().tolist() == age_missing.tolist()
    assert redacted.loc[~age_missing, "Age"].tolist() == [hashed_value(v, "pepper") for v in original["Age"].dropna()]
    assert len(workspace.frame(copy.id)) == SAMPLE  # pandas still gets only the stated sample


def test_batch_redaction_equals_the_in_memory_redaction(root: Path, tmp_path: Path) -> None:
    """Many small batches (some without any missing value) give what redact_frame gives over the whole table."""
    workspace = Workspace(root)
    source = workspace.parquet_path(_big(root).id)
    plan = RedactionPlan(actions={"Name": "mask", "Cabin": "hash", "Age": "hash", "Embarked": "drop"}, salt="s")
    assert redact_parquet(source, tmp_path / "out.parquet", plan, batch_rows=50) == 891
    streamed = pd.read_parquet(tmp_path / "out.parquet")
    whole = redact_frame(pd.read_parquet(source), plan)
    assert list(streamed.columns) == list(whole.columns)
    for column in ("Name", "Cabin", "Age"):
        assert streamed[column].fillna("<NA>").tolist() == whole[column].fillna("<NA>").astype(str).tolist()
    with pytest.raises(ProfilingError, match="'Nom'"):
        redact_parquet(source, tmp_path / "bad.parquet", RedactionPlan(actions={"Nom": "mask"}))
    with pytest.raises(ProfilingError, match="salt"):
        redact_parquet(source, tmp_path / "bad.parquet", RedactionPlan(actions={"Name": "hash"}))


def test_privacy_and_schema_results_of_a_sample_carry_a_note(root: Path) -> None:
    workspace = Workspace(root)
    big, small = _big(root), workspace.find("titanic_seaborn")
    report = dataset_privacy_report(workspace, big)
    assert report.rows == SAMPLE and report.note is not None
    assert "uniform sample of 300 of 891 rows of 'titanic_big'" in report.note
    again = dataset_privacy_report(workspace, big)  # read back from the disk cache: the note is still there
    assert again.note == report.note
    assert dataset_privacy_report(workspace, small).note is None  # in memory: every row, no note
    note = schema_sample_note([big, small])
    assert note is not None and "uniform sample of 300 of 891 rows of 'titanic_big'" in note
    assert "titanic_seaborn" not in note and schema_sample_note([small]) is None


def test_bias_page_states_the_sample_and_records_it_in_the_notes(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meta = _big(root)
    app = open_app(root, monkeypatch)
    app.switch_page("pages/bias.py").run()
    app.multiselect(key="bias-datasets").set_value([meta.id]).run()
    no_exceptions(app)
    assert "titanic_big" in _text(app.info) and "uniform sample of 300 rows" in _text(app.info)
    captions = _text(app.caption)
    assert f"this audit is computed on its stated uniform {SAMPLE_TEXT}" in captions
    rows = {m.label: m.value for m in app.metric}["Rows"]
    assert rows == "300"  # the audit ran on the sample, as stated
    # The same sentence is in the report notes (the JSON download), shown in the summary caption.
    assert captions.count(f"uniform {SAMPLE_TEXT}") == 2


def test_privacy_page_states_the_sample_and_saves_a_whole_redacted_copy(
    root: Path, monkeypatch: pytest.MonkeyPatch, downloads: dict[str, bytes]
) -> None:
    meta = _big(root)
    app = open_app(root, monkeypatch)
    app.switch_page("pages/privacy.py").run()
    app.selectbox(key="privacy-dataset").select(meta.id).run()
    no_exceptions(app)
    assert "titanic_big" in _text(app.info) and "uniform sample of 300 rows" in _text(app.info)
    assert f"This privacy scan uses the stated {SAMPLE_TEXT}" in _text(app.caption)
    scan = json.loads(downloads["titanic_big-privacy.json"])
    assert scan["rows"] == SAMPLE and f"uniform {SAMPLE_TEXT} of 'titanic_big'" in scan["note"]
    risk = json.loads(downloads["titanic_big-reidentification.json"])
    assert risk["records"] == SAMPLE and risk["note"] == scan["note"]
    assert app.selectbox(key=f"privacy-action-{meta.id}-Name").value == "mask"
    app.button(key=f"privacy-copy-{meta.id}").click().run()
    no_exceptions(app)
    assert "891 rows" in _text(app.success)
    assert "kept out of core with all 891 rows" in _text(app.caption)
    copy = Workspace(root).find("titanic_big (redacted)")
    assert copy.rows == 891 and copy.out_of_core
    names = pq.read_table(Workspace(root).parquet_path(copy.id), columns=["Name"]).column("Name").to_pylist()
    assert len(names) == 891 and all("•••" in name for name in names)


def test_schema_page_applies_over_every_row_and_its_json_carries_the_note(
    root: Path, monkeypatch: pytest.MonkeyPatch, downloads: dict[str, bytes]
) -> None:
    app = open_app(root, monkeypatch)
    app.switch_page("pages/schema.py").run()
    no_exceptions(app)
    assert "titanic_big" in _text(app.info)
    captions = _text(app.caption)
    assert f"compares values on its stated {SAMPLE_TEXT}" in captions
    assert "Apply harmonises all 891 rows, streamed from its Parquet file in batches" in captions
    report = json.loads(downloads["schema-report.json"])
    assert f"uniform {SAMPLE_TEXT} of 'titanic_big'" in report["note"] and "titanic_seaborn" not in report["note"]
    key = selection_key(Workspace(root).datasets())
    app.button(key=f"schema-apply-{key}").click().run()
    no_exceptions(app)
    assert not app.error
    saved = _text(app.success)
    assert "titanic_big_harmonised (891 rows, kept out of core: every row harmonised)" in saved
    assert "titanic_seaborn_harmonised (891 rows)" in saved
    copy = Workspace(root).find("titanic_big_harmonised")
    assert copy.out_of_core and copy.rows == 891 and copy.sample_rows == SAMPLE and copy.role == "source"
    assert pq.ParquetFile(Workspace(root).parquet_path(copy.id)).metadata.num_rows == 891
    assert len(Workspace(root).datasets()) == 4
