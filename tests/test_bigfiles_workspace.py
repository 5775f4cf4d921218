"""Out-of-core datasets: files over a tiny memory budget go into the workspace by DuckDB streaming, never into pandas."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from profiling import intake, results
from profiling.bigfiles import BUDGET_ENV, SAMPLE_ENV, profile_file
from profiling.bigfiles.profile import column_batches
from profiling.errors import DataLoadError, UnsafeInputError
from profiling.loading import LoadOptions, load_path
from profiling.profile import DatasetProfile, profile_frame
from profiling.workspace import Workspace

ROWS = 60_000
SAMPLE = 2_000
# Quantiles: DuckDB's exact quantile_cont in both profiles; only float rounding may differ.
QUANTILE_TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    """A few-MB mixed table: floats with NaN, ints, text of several cardinalities, a boolean, dates, duplicates."""
    rng = np.random.default_rng(10)
    frame = pd.DataFrame(
        {
            "x": rng.normal(50, 10, ROWS),
            "y": rng.exponential(3, ROWS),
            "n": rng.integers(-100, 1000, ROWS),
            "small": rng.integers(0, 5, ROWS),
            "city": rng.choice(["Oslo", "Lima", "Pune", "Kyiv", "Accra"], ROWS),
            "code": [f"c{v}" for v in rng.integers(0, 3000, ROWS)],
            "flag": rng.random(ROWS) < 0.3,
            "day": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, ROWS), unit="D"),
        }
    )
    frame.loc[rng.random(ROWS) < 0.05, "x"] = np.nan
    frame["y2"] = frame["y"] * 2 + rng.normal(0, 0.1, ROWS)  # a high correlation
    frame.iloc[-500:] = frame.iloc[:500].to_numpy()  # 500 duplicate rows
    return frame


@pytest.fixture
def tiny_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUDGET_ENV, "1")
    monkeypatch.setenv(SAMPLE_ENV, str(SAMPLE))


@pytest.fixture
def pandas_spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Row counts of every frame pandas reads from Parquet or CSV, and no in-memory loader call at all."""
    sizes: list[int] = []
    for name in ("read_parquet", "read_csv"):
        original = getattr(pd, name)

        def spy(*args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
            frame = _original(*args, **kwargs)
            sizes.append(len(frame))
            return frame

        monkeypatch.setattr(pd, name, spy)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the in-memory loader was called for a file over the budget")

    monkeypatch.setattr(intake, "load_path", refuse)
    monkeypatch.setattr(intake, "load_bytes", refuse)
    return sizes


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_file_over_budget_stays_out_of_core(  # type: ignore[no-untyped-def]
    table, tmp_path: Path, suffix: str, tiny_budget, pandas_spy: list[int]
) -> None:
    path = tmp_path / f"big{suffix}"
    table.to_parquet(path, index=False) if suffix == ".parquet" else table.to_csv(path, index=False)
    assert path.stat().st_size > 1024**2
    workspace = Workspace(tmp_path / "ws")
    pandas_spy.clear()
    meta = intake.add_path(workspace, path, origin="test")
    assert meta.out_of_core and meta.sample_rows == SAMPLE and meta.rows == ROWS
    assert meta.column_names == list(table.columns) and meta.load_report.rows == ROWS
    assert "uniform sample of 2,000 rows" in (meta.scale_note or "")
    [note] = [w for w in meta.load_report.warnings if w.type == "out_of_core"]
    assert "did not run" in note.message and "never loaded into pandas" in note.message
    frame = workspace.frame(meta.id)
    assert len(frame) == SAMPLE and list(frame.columns) == list(table.columns)
    profile = results.dataset_profile(workspace, meta)
    assert profile.dataset.rows == ROWS  # the profile read every row from the Parquet file
    assert max(pandas_spy) == SAMPLE  # pandas only ever held the sample
    assert intake.add_path(workspace, path, origin="again") == meta  # same content: same dataset
    assert (workspace.root / "profiles" / f"{meta.fingerprint}.json").is_file()  # cached like the others


def test_profile_of_every_row_equals_the_in_memory_profile(table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.parquet"
    table.to_parquet(path, index=False)
    local = profile_frame(table, name="big")
    # The SQL plan takes a few numeric columns a batch (3 of 20M rows under a 1 GB cap); a one-byte NumPy
    # budget sends every numeric column there, so the merge of batches is tested too.
    assert column_batches({c: "numeric" for c in "abcd"}, rows=20_000_000, limit_mb=1024) == [["a", "b", "c"], ["d"]]
    on_disk = profile_file(path, memory_limit_mb=64, temp_dir=tmp_path, numeric_per_batch=2, numpy_budget_bytes=1)
    _assert_same_profile(on_disk, local)
    _assert_same_profile(profile_file(path, memory_limit_mb=64, temp_dir=tmp_path), local)  # NumPy, 2 at once


def test_csv_profile_equals_the_in_memory_profile(table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.csv"
    table.drop(columns=["day"]).to_csv(path, index=False)
    local = profile_frame(load_path(path).frame, name="big")
    _assert_same_profile(profile_file(path, memory_limit_mb=64, temp_dir=tmp_path), local)


def _assert_same_profile(got: DatasetProfile, want: DatasetProfile) -> None:
    assert got.dataset.rows == want.dataset.rows
    assert got.dataset.duplicate_rows == want.dataset.duplicate_rows
    assert got.dataset.missing_cells == want.dataset.missing_cells
    for a, b in zip(got.columns, want.columns, strict=True):
        exact = ("name", "kind", "count", "missing_count", "distinct_count", "min", "max", "zeros_count")
        assert [getattr(a, f, None) for f in exact] == [getattr(b, f, None) for f in exact], a.name
        if b.mean is not None:
            assert math.isclose(a.mean, b.mean, rel_tol=1e-12), a.name
            for q, r in zip(a.quantiles or [], b.quantiles or [], strict=True):
                assert json.dumps(q, default=str) == json.dumps(r, default=str) or _close(q, r), a.name
        # Counts of the top values are equal; values too, except the mode of a column whose most
        # frequent values tie (picked arbitrarily by the profile engine, in memory as on disk).
        assert [v.count for v in a.top_values] == [v.count for v in b.top_values], a.name
        if len({v.count for v in b.top_values[:2]}) > 1 or b.kind == "categorical":
            assert [v.value for v in a.top_values] == [v.value for v in b.top_values], a.name
    assert sorted((x.type, x.column) for x in got.alerts) == sorted((x.type, x.column) for x in want.alerts)
    pairs = {(p.column_a, p.column_b): p.value for p in want.correlations.pearson}
    assert {(p.column_a, p.column_b) for p in got.correlations.pearson} == set(pairs)
    for p in got.correlations.pearson:
        assert math.isclose(p.value, pairs[(p.column_a, p.column_b)], abs_tol=1e-9)


def _close(q: object, r: object) -> bool:
    a, b = (v.model_dump() if hasattr(v, "model_dump") else v for v in (q, r))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=QUANTILE_TOLERANCE)
    return a == b


def test_real_file_goes_through_the_out_of_core_path(datasets: Path, tmp_path: Path, tiny_budget) -> None:  # type: ignore[no-untyped-def]
    """bike_sharing hour.csv (1.1 MB) over a 1 MB budget: stored by DuckDB, figures as SOURCES.md documents."""
    workspace = Workspace(tmp_path / "ws")
    meta = intake.add_path(workspace, datasets / "bike_sharing" / "hour.csv", origin="test")
    assert meta.out_of_core and (meta.rows, meta.columns) == (17379, 17) and meta.sample_rows == SAMPLE
    profile = results.dataset_profile(workspace, meta)
    years = {v.value: v.count for v in profile.column("yr").top_values}
    assert years == {"0": 8645, "1": 8734}
    local = profile_frame(load_path(datasets / "bike_sharing" / "hour.csv").frame, name="hour")
    _assert_same_profile(profile, local)


def test_headerless_file_with_markers_keeps_the_load_options(datasets: Path, tmp_path: Path) -> None:
    """heart cleveland: no header, '?' for missing; out of core with names given, missing counts as in memory."""
    names = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")
    options = LoadOptions(column_names=tuple(names))
    source = datasets / "heart_disease" / "processed.cleveland.data"
    csv = tmp_path / "cleveland.csv"
    csv.write_bytes(source.read_bytes())
    workspace = Workspace(tmp_path / "ws")
    meta = intake.add_path(workspace, csv, origin="test", options=options, budget_bytes=1)
    assert meta.out_of_core and meta.column_names == names and meta.load_report.options.header is False
    local = load_path(source, options=options).frame
    profile = results.dataset_profile(workspace, meta)
    assert {c.name: c.missing_count for c in profile.columns} == local.isna().sum().to_dict()
    assert profile.dataset.rows == len(local) == 303


def test_upload_over_budget_and_old_metadata(table, tmp_path: Path, tiny_budget) -> None:  # type: ignore[no-untyped-def]
    workspace = Workspace(tmp_path / "ws")
    data = table.head(20_000).to_csv(index=False).encode()
    meta = intake.add_bytes(workspace, data, "upload.csv", origin="upload: upload.csv")
    assert meta.out_of_core and meta.rows == 20_000 and meta.name == "upload.csv"
    assert not any(p.name.startswith(".upload-") for p in workspace.root.iterdir())  # scratch file removed
    # Metadata written before this field existed still reads, as an in-memory dataset.
    stored = json.loads((workspace.root / "datasets" / meta.id / "meta.json").read_text())
    for field in ("out_of_core", "sample_rows"):
        stored.pop(field)
    (workspace.root / "datasets" / meta.id / "meta.json").write_text(json.dumps(stored))
    old = workspace.get(meta.id)
    assert not old.out_of_core and old.sample_rows is None and old.scale_note is None


def test_small_file_and_other_formats_load_in_memory(datasets: Path, tmp_path: Path, tiny_budget) -> None:  # type: ignore[no-untyped-def]
    workspace = Workspace(tmp_path / "ws")
    small = intake.add_path(
        workspace, datasets / "wine_quality" / "winequality-red.csv", origin="t", budget_bytes=10**9
    )
    assert not small.out_of_core and len(workspace.frame(small.id)) == 1599
    json_file = tmp_path / "rows.json"
    json_file.write_text(json.dumps([{"a": i} for i in range(100_000)]))  # over 1 MB, but not CSV/Parquet
    assert not intake.add_path(workspace, json_file, origin="t").out_of_core


def test_broken_parquet_over_budget_is_a_clear_error(tmp_path: Path, tiny_budget) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\0" * (2 * 1024**2))
    with pytest.raises(DataLoadError, match="broken.parquet"):
        intake.add_path(Workspace(tmp_path / "ws"), path, origin="t")
    assert not list((tmp_path / "ws" / "datasets").iterdir())  # nothing half-written


def test_cli_load_saves_a_big_file_out_of_core(datasets: Path, tmp_path: Path) -> None:
    env = {**os.environ, BUDGET_ENV: "1", SAMPLE_ENV: str(SAMPLE)}
    command = [sys.executable, "-m", "profiling", "load", str(datasets / "bike_sharing" / "hour.csv")]
    done = subprocess.run(
        [*command, "--save", "--workspace", str(tmp_path / "ws"), "--json", "-"],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [report] = json.loads(done.stdout)
    assert report["rows"] == 17379 and any(w["type"] == "out_of_core" for w in report["warnings"])
    assert "out of core" in done.stderr  # the readable summary goes to stderr with --json -
    [meta] = Workspace(tmp_path / "ws").datasets()
    assert meta.out_of_core and meta.sample_rows == SAMPLE and meta.rows == 17379


def test_full_report_of_an_out_of_core_dataset_states_its_sample(table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "three.csv"
    table[["x", "city", "flag"]].to_csv(path, index=False)
    workspace = Workspace(tmp_path / "ws")
    meta = workspace.add_file(path, origin="test", sample_rows=300)
    report = results.dataset_report(workspace, meta)
    assert (report.rows_used, report.rows_total) == (300, ROWS)
    assert f"uniform sample of 300 of {ROWS:,} rows" in report.notes[0]


def test_server_folder_checks_apply_out_of_core(table, tmp_path: Path, tiny_budget) -> None:  # type: ignore[no-untyped-def]
    """The Datasets page's server-folder rules hold for big files too: inside the data folder only."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    table.to_csv(data_dir / "big.csv", index=False)
    table.to_csv(tmp_path / "outside.csv", index=False)
    workspace = Workspace(tmp_path / "ws")
    meta = intake.add_path(workspace, "big.csv", origin="server file: big.csv", data_root=data_dir)
    assert meta.out_of_core and meta.rows == ROWS
    with pytest.raises(UnsafeInputError, match="outside the data directory"):
        intake.add_path(workspace, "../outside.csv", origin="server file", data_root=data_dir)
