"""Drift computed where the data lives: the same real pairs give the same report in memory (Arrow), on DuckDB
(in memory and a file), SQLite (through a scratch DuckDB file), a real PostgreSQL server, and out of core over
Parquet files; the CLI takes database URLs with a table or query per side."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from profiling.cli import main
from profiling.databases import connect, parse_url, select
from profiling.drift import DriftOptions, DriftReport, detect_drift
from profiling.drift.files import compare_files
from profiling.drift.sources import compare_database_tables
from profiling.drift.tables import detect_drift_tables
from profiling.errors import DataLoadError
from profiling.loading import load_path
from tests.db_files import duckdb_file, postgres_tables, sqlite_file
from tests.postgres_server import PASSWORD, PostgresServer

# Statistics are equal up to float summation order (a database adds in another order than Arrow/NumPy).
REL = 1e-9
PAIRS = {"wine": ("wine_red", "wine_white"), "bike": ("bike_2011", "bike_2012")}


@pytest.fixture(scope="module")
def frames(datasets: Path) -> dict[str, pd.DataFrame]:
    folder = datasets / "wine_quality"
    bike = load_path(datasets / "bike_sharing" / "hour.csv").frame
    return {
        "wine_red": load_path(folder / "winequality-red.csv").frame,
        "wine_white": load_path(folder / "winequality-white.csv").frame,
        "bike_2011": bike[bike.yr == 0].drop(columns="yr").reset_index(drop=True),
        "bike_2012": bike[bike.yr == 1].drop(columns="yr").reset_index(drop=True),
    }


@pytest.fixture(scope="module")
def expected(frames: dict[str, pd.DataFrame]) -> dict[str, DriftReport]:
    """The reports of the in-memory Arrow engine, which the other engines must reproduce."""
    options = {"wine": DriftOptions(), "bike": DriftOptions(target="cnt", sensitive=("season",))}
    return {
        pair: detect_drift(frames[ref], frames[cur], options=options[pair], reference_name=ref, current_name=cur)
        for pair, (ref, cur) in PAIRS.items()
    }


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer.start()
    previous = os.environ.get("PRISM_DB_HOSTS")
    os.environ["PRISM_DB_HOSTS"] = f"127.0.0.1:{server.port}"
    os.environ["PRISM_TEST_PG_PASSWORD"] = PASSWORD
    try:
        yield server
    finally:
        server.stop()
        if previous is None:
            os.environ.pop("PRISM_DB_HOSTS", None)
        else:
            os.environ["PRISM_DB_HOSTS"] = previous


@pytest.fixture(scope="module", params=["duckdb", "sqlite", "postgres"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, frames: dict[str, pd.DataFrame]
) -> str:
    """A database URL holding the four tables, on each engine (the PostgreSQL password travels separately)."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "postgres":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        postgres_tables(frames, server.url(with_password=True))
        return server.url(with_password=False)
    if request.param == "sqlite":
        return sqlite_file(frames, folder / "data.sqlite")
    return duckdb_file(frames, folder / "data.duckdb")


def assert_same_report(got: DriftReport, want: DriftReport) -> None:
    """Same verdict, tests, decisions, severities, schema changes and keys; statistics equal within REL."""
    assert got.verdict == want.verdict and got.dataset_drift == want.dataset_drift
    assert (got.reference_rows, got.current_rows) == (want.reference_rows, want.current_rows)
    assert [c.column for c in got.columns] == [c.column for c in want.columns]
    for g, w in zip(got.columns, want.columns, strict=True):
        assert (g.kind, g.test, g.drifted, g.missing_drifted, g.severity) == (
            w.kind,
            w.test,
            w.drifted,
            w.missing_drifted,
            w.severity,
        ), g.column
        for field in ("statistic", "p_value", "effect_size", "mean_shift_std", "reference_mean", "current_mean"):
            value = getattr(w, field)
            assert getattr(g, field) == (value if value is None else pytest.approx(value, rel=REL, abs=1e-12)), (
                g.column,
                field,
            )
        assert g.bins == w.bins and g.categories == w.categories  # from integer counts and exact min/max
    assert [(c.type, c.column, c.count) for c in got.schema_changes] == [
        (c.type, c.column, c.count) for c in want.schema_changes
    ]
    assert got.identifiers == want.identifiers
    if want.label is not None:
        assert got.label is not None and got.label.drift.drifted == want.label.drift.drifted
        assert got.label.reference_rate == pytest.approx(want.label.reference_rate, rel=REL)
        assert got.label.current_rate == pytest.approx(want.label.current_rate, rel=REL)
        assert [(g.group, g.reference_rows, g.current_rows) for g in got.label.groups] == [
            (g.group, g.reference_rows, g.current_rows) for g in want.label.groups
        ]


def test_duckdb_in_memory_tables_equal_the_arrow_engine(
    frames: dict[str, pd.DataFrame], expected: dict[str, DriftReport]
) -> None:
    backend = ibis.duckdb.connect()
    for name, frame in frames.items():
        backend.con.register(name, frame)
    for pair, (ref, cur) in PAIRS.items():
        options = expected[pair].options
        got = detect_drift_tables(
            backend.table(ref), backend.table(cur), options=options, reference_name=ref, current_name=cur
        )
        assert_same_report(got, expected[pair])
    wine = expected["wine"]  # the known shifts, found through the engine path too
    assert wine.column("residual sugar").severity == "large" and wine.column("alcohol").severity == "negligible"
    [key] = expected["bike"].identifiers  # `instant` runs on: no 2012 key is a 2011 key (a semi-join)
    assert key.column == "instant" and key.overlap == 0


def test_database_tables_are_compared_inside_the_database(database: str, expected: dict[str, DriftReport]) -> None:
    ref, password = parse_url(database, password_env="PRISM_TEST_PG_PASSWORD" if "postgres" in database else None)
    conn = connect(ref, password=password)
    try:
        for pair, (reference, current) in PAIRS.items():
            got = compare_database_tables(
                (conn, select(conn, table=reference)),
                (conn, select(conn, table=current)),
                options=expected[pair].options,
                names=(reference, current),
            )
            assert_same_report(got, expected[pair])
    finally:
        conn.close()


def test_cli_compares_database_tables_per_side(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--password-env", "PRISM_TEST_PG_PASSWORD"] if database.startswith("postgres") else []
    sides = ["--reference-table", "wine_red", "--current-query", "SELECT * FROM wine_white"]
    assert main(["drift", database, database, *extra, *sides, "--json", "-"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["verdict"] == "12 of 12 columns drifted; 1 with a negligible effect: alcohol"
    assert (payload["reference"], payload["current"], payload["current_rows"]) == ("wine_red", "query", 4898)


def test_parquet_files_over_the_budget_are_compared_out_of_core(
    frames: dict[str, pd.DataFrame],
    expected: dict[str, DriftReport],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths = {name: tmp_path / f"{name}.parquet" for name in frames}
    for name, frame in frames.items():
        # plain encoding, no compression: about 1 MB per bike year, so a 1 MB budget is exceeded
        pq.write_table(
            pa.Table.from_pandas(frame, preserve_index=False), paths[name], compression="none", use_dictionary=False
        )
    for pair, (ref, cur) in PAIRS.items():
        got = compare_files(paths[ref], paths[cur], options=expected[pair].options, memory_limit_mb=64)
        assert_same_report(got, expected[pair])
    monkeypatch.setenv("PRISM_MEMORY_BUDGET_MB", "1")  # Parquet counts 4x its size against the budget
    assert main(["drift", str(paths["bike_2011"]), str(paths["bike_2012"]), "--json", str(tmp_path / "d.json")]) == 0
    assert "out of core" in capsys.readouterr().out
    payload = json.loads((tmp_path / "d.json").read_text())
    assert payload["verdict"] == detect_drift(frames["bike_2011"], frames["bike_2012"]).verdict
    with pytest.raises(DataLoadError, match="nope.parquet"):
        compare_files(tmp_path / "nope.parquet", paths["bike_2012"])


def test_a_split_of_a_big_file_is_filtered_by_duckdb(datasets: Path, tmp_path: Path) -> None:
    from profiling.drift.files import compare_file_split
    from profiling.drift.split import split_by_period, split_by_value

    bike = load_path(datasets / "bike_sharing" / "hour.csv").frame
    path = tmp_path / "bike.parquet"
    bike.to_parquet(path, index=False)
    reference, current, label = split_by_value(bike, "yr", reference=0, current=1)
    got = compare_file_split(path, column="yr", by="value", reference="0", current="1")
    assert_same_report(got, detect_drift(reference, current))
    assert got.split == label == "yr = 0 vs yr = 1"
    reference, current, label = split_by_period(bike, "dteday", reference="2011-01", current="2011-07")
    got = compare_file_split(path, column="dteday", by="period", reference="2011-01", current="2011-07")
    assert_same_report(got, detect_drift(reference, current))
    assert got.split == label and got.column("temp").drifted


def test_workspace_datasets_kept_out_of_core_are_compared_over_their_parquet(
    frames: dict[str, pd.DataFrame], expected: dict[str, DriftReport], tmp_path: Path
) -> None:
    from profiling.drift.stored import SplitSpec, dataset_drift, split_drift
    from profiling.workspace import Workspace

    workspace = Workspace(tmp_path / "ws")
    metas = {}
    for name in PAIRS["wine"]:
        frames[name].to_parquet(tmp_path / f"{name}.parquet", index=False)
        metas[name] = workspace.add_file(tmp_path / f"{name}.parquet", origin="test", sample_rows=500)
        assert metas[name].out_of_core and len(workspace.frame(metas[name].id)) == 500  # pandas gets the sample
    got = dataset_drift(workspace, metas["wine_red"], metas["wine_white"])
    assert_same_report(got, expected["wine"])  # every row, not the 500-row samples
    split = SplitSpec(column="quality", by="value", reference="5", current="6")
    red = frames["wine_red"]
    want = detect_drift(red[red.quality == 5].drop(columns="quality"), red[red.quality == 6].drop(columns="quality"))
    assert_same_report(split_drift(workspace, metas["wine_red"], split), want)


def test_nan_and_infinity_in_parquet_files_count_as_missing_out_of_core(tmp_path: Path) -> None:
    """DuckDB folds isnan() to false when Parquet statistics (which leave NaN out) are trusted; the out-of-core
    path must still treat NaN and infinity as missing, as the Arrow engine does."""
    rng = np.random.default_rng(7)
    paths = []
    for name, shift in (("ref", 0.0), ("cur", 1.0)):
        x = rng.normal(shift, 1.0, 20_000)
        x[rng.random(x.size) < 0.05] = np.nan
        y = rng.normal(0.0, 1.0, x.size)
        y[:3] = np.inf
        paths.append(tmp_path / f"{name}.parquet")
        pq.write_table(pa.table({"x": x, "y": y}), paths[-1])
    got = compare_files(paths[0], paths[1], memory_limit_mb=64)
    want = detect_drift(pq.read_table(paths[0]), pq.read_table(paths[1]))
    assert_same_report(got, want)
    assert got.column("x").drifted and not got.column("y").drifted
    assert got.column("x").current_missing_fraction == want.column("x").current_missing_fraction > 0
