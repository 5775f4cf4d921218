"""The CLI on database sources: SQLite and a real PostgreSQL server as a user runs it (a subprocess; each start costs
the CLI's imports, so the cheap checks call `main` in-process), profiled inside the database with the file profile's
JSON shape, samples loaded into the workspace, and one-line refusals (exit 2)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import psycopg
import pytest
import sqlalchemy

from profiling.cli import main
from profiling.loading import LoadOptions, load_path
from profiling.profile import profile_frame
from profiling.workspace import Workspace
from tests.postgres_server import PASSWORD, PostgresServer

ROOT = Path(__file__).resolve().parent.parent
HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


@pytest.fixture(scope="module")
def heart(datasets: Path) -> pd.DataFrame:
    path = datasets / "heart_disease" / "processed.cleveland.data"
    return load_path(path, options=LoadOptions(column_names=tuple(HEART))).frame


@pytest.fixture(scope="module")
def files(heart: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("files")
    paths = {
        "sqlite": folder / "clinic.sqlite",
        "duckdb": folder / "clinic.duckdb",
        "parquet": folder / "heart.parquet",
    }
    with sqlite3.connect(paths["sqlite"]) as con:
        heart.to_sql("heart", con, index=False)
    store = duckdb.connect(str(paths["duckdb"]))
    store.register("incoming", heart)
    store.execute('CREATE TABLE "heart" AS SELECT * FROM incoming')
    store.close()
    heart.to_parquet(paths["parquet"])
    return paths


@pytest.fixture(scope="module")
def postgres(heart: pd.DataFrame) -> Iterator[str]:
    """A real PostgreSQL server holding `heart`; its URL without the password."""
    server = PostgresServer.start()
    try:
        engine = sqlalchemy.create_engine(
            server.url(with_password=True).replace("postgresql:", "postgresql+psycopg:", 1)
        )
        heart.head(0).to_sql("heart", engine, index=False)
        engine.dispose()
        with psycopg.connect(server.url(with_password=True)) as con, con.cursor() as cursor:
            with cursor.copy('COPY "heart" FROM STDIN') as copy:
                for row in heart.astype(object).where(heart.notna(), None).itertuples(index=False):
                    copy.write_row(row)
        yield server.url(with_password=False)
    finally:
        server.stop()


def prism(*args: str, port: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRISM_TEST_PG_PASSWORD": PASSWORD}
    if port:
        env["PRISM_DB_HOSTS"] = f"127.0.0.1:{port}"
    return subprocess.run(
        [sys.executable, "-m", "profiling", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> None:
    """Exit code 2 and one line on stderr naming the problem."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("prism: error: ") and err.count("\n") == 1, err
    assert all(word in err for word in words), err


def same_profile(payload: dict[str, object], heart: pd.DataFrame) -> None:
    """The JSON of a profile computed in the database has the file profile's shape and the same statistics."""
    local = profile_frame(heart, name="heart").model_dump(mode="json")
    assert payload.keys() == local.keys()
    assert payload["dataset"]["rows"] == 303  # type: ignore[index]
    got = {c["name"]: c for c in payload["columns"]}  # type: ignore[attr-defined]
    for want in local["columns"]:
        assert got[want["name"]].keys() == want.keys()
        assert (got[want["name"]]["kind"], got[want["name"]]["missing_count"]) == (want["kind"], want["missing_count"])
        if want["mean"] is not None:
            assert got[want["name"]]["mean"] == pytest.approx(want["mean"], rel=1e-9)


def test_sqlite_and_duckdb_files(
    files: dict[str, Path], heart: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{files['sqlite']}"
    done = prism("profile", url, "--table", "heart", "--json", "-")
    assert done.returncode == 0, done.stderr
    same_profile(json.loads(done.stdout), heart)
    assert "scratch DuckDB" in done.stderr  # --json - keeps stdout for the JSON; the summary goes to stderr
    done = prism("load", url, "--table", "heart", "--sample", "50", "--save", "--workspace", str(tmp_path / "ws"))
    assert done.returncode == 0, done.stderr
    [meta] = Workspace(tmp_path / "ws").datasets()
    assert (meta.rows, meta.origin) == (50, f"{url} table 'heart' (a sample)".replace("sqlite", "database: sqlite", 1))
    assert any(w.type == "sample" and "50 of 303" in w.message for w in meta.load_report.warnings)
    assert (
        main(["profile", f"duckdb:///{files['duckdb']}", "--table", "heart", "--engine", "duckdb", "--json", "-"]) == 0
    )
    captured = capsys.readouterr()
    same_profile(json.loads(captured.out), heart)
    assert "Computed inside duckdb" in captured.err
    assert main(["profile", str(files["parquet"]), "--engine", "duckdb", "--json", "-"]) == 0  # the default engine
    same_profile(json.loads(capsys.readouterr().out), heart)
    refused(capsys, ["profile", url, "--table", "heart", "--engine", "postgres"], "contradicts", "sqlite")
    refused(capsys, ["profile", url, "--table", "nope"], "no table 'nope'", "Tables: 'heart'")
    refused(capsys, ["load", url, "--table", "heart", "--engine", "spark", "--sample", "5"], "contradicts")
    refused(capsys, ["profile", str(files["parquet"]), "--engine", "postgres"], "contradicts", "not a postgresql")


def test_postgres_server(
    postgres: str,
    heart: pd.DataFrame,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = postgres.rsplit(":", 1)[1].split("/")[0]
    secret = ["--password-env", "PRISM_TEST_PG_PASSWORD"]
    done = prism("profile", postgres, "--table", "heart", "--engine", "postgres", *secret, "--json", "-", port=port)
    assert done.returncode == 0, done.stderr
    same_profile(json.loads(done.stdout), heart)
    assert "Computed inside postgres" in done.stderr
    load = ("load", postgres, "--table", "heart", *secret, "--sample", "40", "--save", "--workspace", str(tmp_path))
    done = prism(*load, port=port)
    assert done.returncode == 0, done.stderr
    [meta] = Workspace(tmp_path).datasets()
    assert meta.rows == 40 and meta.origin == f"database: {postgres} table 'heart' (a sample)"
    assert PASSWORD not in (tmp_path / "datasets").joinpath(meta.id, "meta.json").read_text()
    monkeypatch.setenv("PRISM_DB_HOSTS", f"127.0.0.1:{port}")
    monkeypatch.setenv("PRISM_TEST_PG_PASSWORD", PASSWORD)
    refused(capsys, ["profile", postgres, "--table", "heart", "--engine", "duckdb", *secret], "a postgres database")
    refused(capsys, ["profile", postgres, "--table", "heart", "--engine", "spark", *secret], "contradicts")
    refused(capsys, ["profile", postgres, "--table", "nope", *secret], "no table 'nope'")


def test_spark_master_is_checked_before_a_session_starts(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """No JVM is started for a master that cannot work: these need neither Java nor a Spark session."""
    parquet = str(files["parquet"])
    spark = ["--engine", "spark", "--spark-master"]
    refused(capsys, ["profile", parquet, *spark, "spark://127.0.0.1:1"], "spark://127.0.0.1:1 does not answer")
    refused(capsys, ["profile", parquet, *spark, "mesos://host:5050"], "not a Spark master URL", "local[*]")
    refused(capsys, ["load", parquet, *spark, "local[0]", "--sample", "5"], "not a Spark master URL")
    refused(capsys, ["profile", parquet, "--engine", "spark", "--query", "SELECT 1"], "--query is for database URLs")
