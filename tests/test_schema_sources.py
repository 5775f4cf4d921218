"""Schema comparison where the data lives: the four heart sources as SQLite, DuckDB and PostgreSQL tables give the same
report as in memory (counts from the in-database profile over every row, value details from a stated sample)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main
from profiling.databases import connect, parse_url
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame
from profiling.schema import SchemaReport, SchemaSource, compare_schemas
from profiling.schema.sources import compare_engine_sources, database_schema_source
from tests.db_files import duckdb_file, postgres_tables, sqlite_file
from tests.postgres_server import PASSWORD, PostgresServer
from tests.schema_truth import HEART

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("cleveland", "hungarian", "switzerland", "va")
PG_PASSWORD_ENV = "PRISM_TEST_SCHEMA_PG_PASSWORD"


@pytest.fixture(scope="module")
def frames(datasets: Path) -> dict[str, pd.DataFrame]:
    """The heart files as loaded ('?' is missing: integer columns with gaps are nullable Int64)."""
    path = datasets / "heart_disease" / "processed.{}.data"
    return {n: load_path(str(path).format(n), options=LoadOptions(column_names=HEART)).frame for n in SOURCES}


@pytest.fixture(scope="module")
def parquet(frames: dict[str, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("heart")
    for name, frame in frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    return {name: folder / f"{name}.parquet" for name in frames}


@pytest.fixture(scope="module")
def memory(frames: dict[str, pd.DataFrame]) -> SchemaReport:
    """The in-memory report on the data the tables hold: without the load report, which a table does not have."""
    return compare_schemas([SchemaSource(n, f, profile_frame(f, name=n)) for n, f in frames.items()])


@pytest.fixture(scope="module")
def sqlite_url(frames: dict[str, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory) -> str:
    return sqlite_file(frames, tmp_path_factory.mktemp("sqlite") / "heart.sqlite")


@pytest.fixture(scope="module")
def duckdb_url(frames: dict[str, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory) -> str:
    return duckdb_file(frames, tmp_path_factory.mktemp("duckdb") / "heart.duckdb")


@pytest.fixture(scope="module")
def postgres_url(frames: dict[str, pd.DataFrame]) -> Iterator[str]:
    server = PostgresServer.start()
    saved = {k: os.environ.get(k) for k in ("PRISM_DB_HOSTS", PG_PASSWORD_ENV)}
    os.environ |= {"PRISM_DB_HOSTS": f"127.0.0.1:{server.port}", PG_PASSWORD_ENV: PASSWORD}
    try:
        postgres_tables(frames, server.url(with_password=True))
        yield server.url(with_password=False)
    finally:
        server.stop()
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def engine_report(url: str, *, sample_rows: int = 50_000) -> SchemaReport:
    ref, password = parse_url(url, password_env=PG_PASSWORD_ENV if url.startswith("postgres") else None)
    conn = connect(ref, password=password)
    try:
        return compare_engine_sources([database_schema_source(conn, table=t, sample_rows=sample_rows) for t in SOURCES])
    finally:
        conn.close()


def assert_same_report(got: SchemaReport, want: SchemaReport) -> None:
    """Equal issues, groups and column summaries (counts, ranges, quantiles, histograms, value shares)."""
    assert got.sources == want.sources
    assert [i.model_dump() for i in got.issues] == [i.model_dump() for i in want.issues]
    assert [g.model_dump() for g in got.groups] == [g.model_dump() for g in want.groups]
    assert got.unmatched == want.unmatched
    assert [s.model_dump() for s in got.summaries] == [s.model_dump() for s in want.summaries]


@pytest.mark.parametrize("engine", ["sqlite", "duckdb", "postgres"])
def test_database_report_equals_the_in_memory_report(
    engine: str, request: pytest.FixtureRequest, memory: SchemaReport
) -> None:
    url = request.getfixturevalue(f"{engine}_url")
    report = engine_report(url)
    assert_same_report(report, memory)
    issues = {(i.type, i.columns.get("switzerland")) for i in report.issues}
    # Switzerland's cholesterol is 0 where it is unknown; its ca is missing in 95.9% of rows (SOURCES.md).
    assert ("missing_marker_mismatch", "chol") in issues and ("missing_rate_difference", "ca") in issues
    assert report.note is not None
    for name, rows in zip(SOURCES, (303, 294, 123, 200), strict=True):
        assert f"'{name}': rows, missing and distinct counts" in report.note
        assert f"in {engine} over all {rows:,} rows" in report.note
        assert f"All {rows:,} rows (the sample size 50,000 is not smaller)" in report.note


def test_a_sample_gives_value_details_while_counts_cover_every_row(sqlite_url: str, memory: SchemaReport) -> None:
    report = engine_report(sqlite_url, sample_rows=100)
    for rows in (303, 294, 123, 200):
        assert f"A uniform random sample of 100 of {rows:,} rows." in (report.note or "")
    for want in memory.summaries:
        got = report.summary(want.source, want.column)
        fields = ("kind", "rows", "missing_count", "missing_fraction", "distinct_count", "min", "max", "median", "p95")
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
        assert set(got.values) <= set(want.values)  # shares of the sample's values, each a value of the data
        if got.values:
            assert sum(got.values.values()) == pytest.approx(1.0, abs=1e-5)
    cholesterol = report.summary("switzerland", "chol")
    assert cholesterol.rows == 123 and cholesterol.missing_count == memory.summary("switzerland", "chol").missing_count


def test_cli_compares_tables_of_one_database(sqlite_url: str, memory: SchemaReport) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "profiling", "schema", sqlite_url, *SOURCES, "--json", "-"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["issues"] == [i.model_dump(mode="json") for i in memory.issues]
    assert "computed in sqlite over all 303 rows" in payload["note"]
    assert "note: 'cleveland': rows" in result.stderr  # the readable summary says it too


def test_cli_bad_inputs_exit_2_with_one_line(
    sqlite_url: str, parquet: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = str(parquet["cleveland"]), str(parquet["va"])
    cases = [
        ((sqlite_url, "cleveland", "nosuch"), "there is no table 'nosuch'"),
        ((sqlite_url, "cleveland"), "at least two table names"),
        ((sqlite_url, "cleveland", "va", "--engine", "postgres"), "--engine postgres contradicts"),
        ((sqlite_url, "cleveland", "va", "--table", "va"), "--table contradicts"),
        ((sqlite_url, "cleveland", "va", "--engine", "spark"), "--engine spark contradicts"),
        ((sqlite_url, "cleveland", "va", "--sample-rows", "0"), "at least one row"),
        ((a, "--engine", "spark"), "at least two Parquet paths"),
        ((a, b, "--engine", "spark", "--query", "SELECT 1"), "--query contradicts"),
    ]
    for args, words in cases:
        assert main(["schema", *args]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("prism: error:") and err.count("\n") == 1 and words in err, err
