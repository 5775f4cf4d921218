"""Databases as sources: the same checks on a real PostgreSQL server, an SQLite file and a DuckDB file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from profiling.cli import main
from profiling.databases import connect, list_tables, parse_url, preview, profile_table, read_rows, select
from profiling.errors import DataLoadError, UnsafeInputError
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame
from profiling.workspace import Workspace
from tests.corpus import error_met
from tests.db_files import duckdb_file, postgres_tables, sqlite_file
from tests.postgres_server import PASSWORD, PostgresServer

HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


@pytest.fixture(scope="module")
def heart(datasets: Path) -> pd.DataFrame:
    path = datasets / "heart_disease" / "processed.cleveland.data"
    return load_path(path, options=LoadOptions(column_names=tuple(HEART))).frame


@pytest.fixture(scope="module")
def adult(datasets: Path) -> pd.DataFrame:
    names = [line.split(":")[0] for line in (datasets / "adult" / "adult.names").read_text().splitlines()[-14:]]
    frame = load_path(datasets / "adult" / "adult.data", options=LoadOptions(column_names=(*names, "income"))).frame
    return frame


@pytest.fixture(scope="module", params=["postgres", "sqlite", "duckdb"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, heart: pd.DataFrame, adult: pd.DataFrame
) -> Iterator[str]:
    """A URL of a database holding `heart` and `adult`, on each engine (the password travels separately)."""
    tables = {"heart": heart, "adult": adult}
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "postgres":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        postgres_tables(tables, server.url(with_password=True))
        yield server.url(with_password=False)
    elif request.param == "sqlite":
        yield sqlite_file(tables, folder / "data.sqlite")
    else:
        yield duckdb_file(tables, folder / "data.duckdb")


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


def _open(url: str):
    ref, password = parse_url(url, password_env="PRISM_TEST_PG_PASSWORD" if url.startswith("postgres") else None)
    return connect(ref, password=password)


def test_tables_are_listed_with_exact_row_counts(database: str, heart: pd.DataFrame, adult: pd.DataFrame) -> None:
    conn = _open(database)
    try:
        tables = {t.name: t for t in list_tables(conn)}
    finally:
        conn.close()
    assert tables["heart"].rows == 303 == len(heart)
    assert tables["adult"].rows == 32561 == len(adult)
    assert tables["adult"].columns == 15


def test_preview_full_load_and_stated_sample(database: str, heart: pd.DataFrame) -> None:
    conn = _open(database)
    try:
        expr = select(conn, table="heart")
        head = preview(conn, expr, rows=7)
        full = read_rows(conn, expr, name="heart")
        sample = read_rows(conn, expr, name="heart", sample_rows=40)
    finally:
        conn.close()
    assert list(head.columns) == HEART and len(head) == 7
    assert full.frame.shape == (303, 14)
    assert full.frame["chol"].sum() == pytest.approx(heart["chol"].sum())
    assert full.frame["ca"].isna().sum() == heart["ca"].isna().sum() == 4
    assert len(sample.frame) == 40
    assert any(w.type == "sample" and "40 of 303" in w.message for w in sample.report.warnings)


def test_profile_in_the_database_equals_the_duckdb_profile(database: str, adult: pd.DataFrame) -> None:
    conn = _open(database)
    try:
        in_db = profile_table(conn, select(conn, table="adult"), name="adult")
    finally:
        conn.close()
    local = profile_frame(adult, name="adult")
    assert in_db.dataset.rows == local.dataset.rows == 32561
    assert in_db.dataset.duplicate_rows == local.dataset.duplicate_rows
    for got, want in zip(in_db.columns, local.columns, strict=True):
        assert (got.name, got.kind, got.missing_count, got.distinct_count) == (
            want.name,
            want.kind,
            want.missing_count,
            want.distinct_count,
        )
        if want.mean is not None:
            assert got.mean == pytest.approx(want.mean, rel=1e-9)
            assert got.std == pytest.approx(want.std, rel=1e-9)
            assert got.min == want.min and got.max == want.max
        assert [v.count for v in got.top_values] == [v.count for v in want.top_values]
    pairs = {(p.column_a, p.column_b): p.value for p in local.correlations.pearson}
    for p in in_db.correlations.pearson:
        assert p.value == pytest.approx(pairs[(p.column_a, p.column_b)], abs=1e-9)


def test_cli_lists_profiles_and_loads_from_a_url(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--password-env", "PRISM_TEST_PG_PASSWORD"] if database.startswith("postgres") else []
    assert main(["source", database, *extra, "--json", "-"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {t["name"]: t["rows"] for t in listed["tables"]} == {"adult": 32561, "heart": 303}
    assert main(["source", database, *extra, "--table", "heart", "--json", "-"]) == 0
    profile = json.loads(capsys.readouterr().out)
    assert profile["dataset"]["rows"] == 303
    assert main(["profile", database, *extra, "--query", "SELECT age, sex FROM heart WHERE age > 60"]) == 0
    assert "79 rows x 2 columns" in capsys.readouterr().out
    assert main(["load", database, *extra, "--table", "nope"]) == 2
    assert "there is no table 'nope'" in capsys.readouterr().err


def test_password_is_never_stored(postgres_server: PostgresServer, heart: pd.DataFrame, tmp_path: Path) -> None:
    ref, password = parse_url(postgres_server.url(with_password=True), password_env="PRISM_TEST_PG_PASSWORD")
    assert password == PASSWORD and PASSWORD not in ref.url
    conn = connect(ref, password=password)
    try:
        loaded = read_rows(conn, select(conn, table="heart"), name="heart")
    finally:
        conn.close()
    workspace = Workspace(tmp_path / "ws")
    workspace.add(loaded, origin=ref.url)
    stored = b"".join(p.read_bytes() for p in (tmp_path / "ws").rglob("*") if p.is_file())
    assert PASSWORD.encode() not in stored
    assert ref.url.encode() in stored


def test_wrong_password_is_a_readable_error_without_the_password(postgres_server: PostgresServer) -> None:
    ref, _ = parse_url(postgres_server.url(with_password=False))
    with pytest.raises(DataLoadError, match="connecting failed") as caught:
        connect(ref, password="Wrong-Pass-123")
    assert "Wrong-Pass-123" not in str(caught.value)


def test_postgres_statement_timeout_and_read_only(postgres_server: PostgresServer) -> None:
    ref, _ = parse_url(postgres_server.url(with_password=False))
    conn = connect(ref, password=PASSWORD, timeout_s=1)
    try:
        slow = select(conn, query="SELECT pg_sleep(5) AS s")
        with pytest.raises(DataLoadError, match="timeout of 1 s"):
            read_rows(conn, slow, name="slow")
        with pytest.raises(DataLoadError, match="read-only"):
            conn.guarded("writing", lambda: conn.backend.raw_sql("CREATE TABLE intruder (a int)"))
    finally:
        conn.close()


def test_hostile_sqlite_file(bad_inputs: Path) -> None:
    path = bad_inputs / "sql" / "hostile.sqlite"
    ref, _ = parse_url(f"sqlite:///{path}")
    conn = connect(ref, timeout_s=2)
    try:
        tables = {t.name: t for t in list_tables(conn, count_timeout_s=1)}
        assert set(tables) == {"<img src=x onerror=alert(1)>", "infinite", "t", "t; DROP TABLE t; --", "wide"}
        assert tables["infinite"].rows is None and "timeout" in (tables["infinite"].note or "")
        assert tables["wide"].columns == 1999
        assert len(preview(conn, select(conn, table="infinite"), rows=5)) == 5  # LIMIT ends the endless view
        with pytest.raises(DataLoadError, match="timeout"):
            read_rows(conn, select(conn, table="infinite"), name="infinite")
        assert preview(conn, select(conn, table="t; DROP TABLE t; --")).columns.tolist() == ["a"]
        assert read_rows(conn, select(conn, table="t"), name="t").frame.shape == (10, 2)  # t survived
    finally:
        conn.close()


def test_hostile_urls_are_rejected(bad_inputs: Path) -> None:
    urls = json.loads((bad_inputs / "sql" / "hostile_sql_urls.json").read_text())
    manifest = json.loads((bad_inputs / "manifest.json").read_text())
    expected = next(e for e in manifest["entries"] if e["file"] == "sql/hostile_sql_urls.json")["expected"]
    assert len(urls) == 7
    for url in urls:
        with pytest.raises(UnsafeInputError) as caught:
            parse_url(url)
        assert error_met(caught.value, expected), (url, str(caught.value))
        assert "S3cretPass" not in str(caught.value)
