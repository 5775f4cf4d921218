"""The workspace keeps each dataset once, survives restarts, writes atomically and tolerates parallel writers."""

from __future__ import annotations

import errno
import json
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from profiling.errors import DatasetNotFoundError, WorkspaceError
from profiling.loading import Loaded, LoadOptions, LoadReport
from profiling.workspace import Workspace, fingerprint_frame


def _loaded(frame: pd.DataFrame, name: str = "table.csv") -> Loaded:
    report = LoadReport(
        name=name,
        source=name,
        format="csv",
        options=LoadOptions(delimiter=","),
        rows=len(frame),
        columns=frame.shape[1],
        column_names=[str(c) for c in frame.columns],
        dtypes={str(c): str(t) for c, t in frame.dtypes.items()},
    )
    return Loaded(frame=frame, report=report)


def _frame(seed: int = 0, rows: int = 50) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(seed, seed + rows),
            "score": [(seed + i) / 7 for i in range(rows)],
            "group": [("a", "b", None)[i % 3] for i in range(rows)],
        }
    ).astype({"group": "string"})


def test_add_then_read_back_after_restart(tmp_path: Path) -> None:
    frame = _frame()
    meta = Workspace(tmp_path).add(_loaded(frame), origin="upload: table.csv", role="reference")

    reopened = Workspace(tmp_path)  # a new process would do exactly this
    [listed] = reopened.datasets()
    assert listed == meta
    assert (listed.rows, listed.columns, listed.role) == (50, 3, "reference")
    assert listed.size_bytes > 0
    pd.testing.assert_frame_equal(reopened.frame(meta.id), frame)
    assert reopened.find("table.csv").id == meta.id


def test_same_content_is_stored_once(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    first = workspace.add(_loaded(_frame()), origin="upload: a.csv")
    second = workspace.add(_loaded(_frame(), name="copy.csv"), origin="upload: copy.csv")
    assert second.id == first.id
    assert len(workspace.datasets()) == 1


def test_different_content_gets_unique_names(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    first = workspace.add(_loaded(_frame(0)), origin="x")
    second = workspace.add(_loaded(_frame(1)), origin="x")
    assert (first.name, second.name) == ("table.csv", "table.csv (2)")


def test_fingerprint_sees_one_changed_value_anywhere() -> None:
    frame = _frame(rows=100_000)
    changed = frame.copy()
    changed.loc[73_456, "score"] += 1e-9
    assert fingerprint_frame(frame) != fingerprint_frame(changed)
    assert fingerprint_frame(frame) == fingerprint_frame(frame.copy())


def test_rename_role_delete(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    one = workspace.add(_loaded(_frame(0)), origin="x")
    two = workspace.add(_loaded(_frame(1), name="other.csv"), origin="x")

    assert workspace.rename(one.id, "  training   data ").name == "training data"
    with pytest.raises(WorkspaceError, match="already exists"):
        workspace.rename(two.id, "training data")
    with pytest.raises(WorkspaceError, match="cannot be empty"):
        workspace.rename(two.id, "   ")
    assert workspace.set_role(two.id, "current").role == "current"
    with pytest.raises(WorkspaceError, match="Unknown role"):
        workspace.set_role(two.id, "admin")  # type: ignore[arg-type]

    workspace.delete(one.id)
    assert [m.name for m in Workspace(tmp_path).datasets()] == ["other.csv"]
    with pytest.raises(DatasetNotFoundError):
        workspace.get(one.id)
    with pytest.raises(DatasetNotFoundError):
        workspace.get("../../etc")


def test_failed_write_leaves_previous_state_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = Workspace(tmp_path)
    kept = workspace.add(_loaded(_frame(0)), origin="x")

    def disk_full(self: pd.DataFrame, path: object, **kwargs: object) -> None:
        Path(str(path)).write_bytes(b"PAR1 half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    with pytest.raises(WorkspaceError, match="No space left on device") as caught:
        workspace.add(_loaded(_frame(1)), origin="x")
    assert "nothing already saved was changed" in caught.value.hint
    monkeypatch.undo()

    assert Workspace(tmp_path).datasets() == [kept]
    leftovers = [p.name for p in (tmp_path / "datasets").iterdir() if p.name != kept.id]
    assert leftovers == []


def test_metadata_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = Workspace(tmp_path)
    meta = workspace.add(_loaded(_frame()), origin="x")
    before = (tmp_path / "datasets" / meta.id / "meta.json").read_bytes()

    def crash(*args: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr("profiling.storage.os.replace", crash)
    with pytest.raises(OSError):
        workspace.rename(meta.id, "new name")
    monkeypatch.undo()
    assert (tmp_path / "datasets" / meta.id / "meta.json").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "datasets" / meta.id).iterdir()) == ["data.parquet", "meta.json"]


def test_corrupt_metadata_is_reported_not_fatal(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    good = workspace.add(_loaded(_frame(0)), origin="x")
    bad = workspace.add(_loaded(_frame(1)), origin="x")
    (tmp_path / "datasets" / bad.id / "meta.json").write_text('{"id": "broken')
    assert workspace.datasets() == [good]
    [problem] = workspace.problems()
    assert bad.id in problem and "invalid" in problem


def _writer(args: tuple[str, int]) -> str:
    root, seed = args
    workspace = Workspace(Path(root))
    meta = workspace.add(_loaded(_frame(seed % 4), name=f"w{seed % 4}.csv"), origin="parallel")
    workspace.set_role(meta.id, "source")
    return meta.id


def test_parallel_writers_corrupt_nothing(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        ids = pool.map(_writer, [(str(tmp_path), seed) for seed in range(16)])
    workspace = Workspace(tmp_path)
    metas = workspace.datasets()
    assert sorted({m.id for m in metas}) == sorted(set(ids))
    assert len(metas) == 4  # same content from several writers is stored once
    for meta in metas:
        assert meta.role == "source"
        json.loads((tmp_path / "datasets" / meta.id / "meta.json").read_text())
        assert len(workspace.frame(meta.id)) == 50
