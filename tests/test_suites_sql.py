"""Suites validated inside databases through Great Expectations' SQL datasource: SQLite, a real PostgreSQL
server, and DuckDB files (on a stated sample), equal to the pandas validation per expectation."""

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
import pytest
import sqlalchemy

from profiling import results
from profiling.cli import main
from profiling.databases import parse_url
from profiling.errors import DataLoadError
from profiling.expectations import SuiteDocument, SuiteStore, ValidationReport, keep_run, suggest_suite, validate_frame
from profiling.expectations.sources import PASSWORD_VAR, validate_table
from profiling.workspace import Workspace
from tests.conftest import ROOT
from tests.pages_helpers import no_exceptions, open_app
from tests.postgres_server import PASSWORD, PostgresServer

INCOME_SET = {("expect_column_values_to_be_in_set", "income")}


@pytest.fixture(scope="module")
def adult(seeded_template: Path) -> tuple[SuiteDocument, pd.DataFrame, ValidationReport]:
    """The Adult train suite (suggested, balanced), Adult test as loaded, and its pandas validation."""
    ws = Workspace(seeded_template)
    train = ws.find("adult_train")
    specs = suggest_suite(results.dataset_profile(ws, train), ws.frame(train.id), strictness="balanced")
    suite = SuiteDocument(name="adult_train_balanced", expectations=specs)
    test = ws.frame(ws.find("adult_test").id)
    return suite, test, validate_frame(test, suite, dataset="adult_test")


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory: pytest.TempPathFactory, adult: tuple[SuiteDocument, pd.DataFrame, object]) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "adult.sqlite"
    with sqlite3.connect(path) as con:
        adult[1].to_sql("adult_test", con, index=False)
    return path


@pytest.fixture(scope="module")
def postgres(adult: tuple[SuiteDocument, pd.DataFrame, object]) -> Iterator[PostgresServer]:
    """A real server holding Adult test, written with SQLAlchemy + psycopg."""
    server = PostgresServer.start()
    previous = os.environ.get("PRISM_DB_HOSTS")
    os.environ["PRISM_DB_HOSTS"] = f"127.0.0.1:{server.port}"
    try:
        engine = sqlalchemy.create_engine(server.url(with_password=True).replace("postgresql:", "postgresql+psycopg:"))
        adult[1].to_sql("adult_test", engine, index=False)
        engine.dispose()
        yield server
    finally:
        server.stop()
        os.environ.pop("PRISM_DB_HOSTS", None) if previous is None else os.environ.update(PRISM_DB_HOSTS=previous)


def _assert_same_as_pandas(report: ValidationReport, pandas: ValidationReport) -> None:
    assert len(report.results) == len(pandas.results)
    for ours, theirs in zip(report.results, pandas.results, strict=True):
        where = (ours.expectation_type, ours.column)
        assert where == (theirs.expectation_type, theirs.column)
        assert ours.success == theirs.success, where
        assert ours.exception is None, (where, ours.exception)
        assert ours.kwargs == theirs.kwargs, where  # the suite's own parameters, not the engine type names
        if ours.expectation_type == "expect_column_values_to_be_in_type_list":
            continue  # observed: the engine's type name (INTEGER, TEXT) vs pandas' (int64); pandas counts rows
        assert ours.unexpected_count == theirs.unexpected_count, where
        if isinstance(theirs.observed_value, float):  # SQL sums in another order: stdev differs in the 14th digit
            assert ours.observed_value == pytest.approx(theirs.observed_value, rel=1e-9), where
        else:
            assert ours.observed_value == theirs.observed_value, where


def _failed(report: ValidationReport) -> set[tuple[str, str | None]]:
    return {(r.expectation_type, r.column) for r in report.results if not r.success}


def test_adult_suite_in_sqlite_fails_only_on_income_like_pandas(
    adult: tuple[SuiteDocument, pd.DataFrame, ValidationReport], sqlite_file: Path
) -> None:
    suite, _, pandas = adult
    assert _failed(pandas) == INCOME_SET
    ref, _ = parse_url(f"sqlite:///{sqlite_file}")
    report = validate_table(ref, suite, table="adult_test")
    assert report.ran_in == "sqlite" and report.sample_rows is None and "inside SQLite" in report.note
    assert _failed(report) == INCOME_SET
    _assert_same_as_pandas(report, pandas)
    [label] = [r for r in report.results if not r.success]
    assert label.unexpected_count == 16_281 and set(label.unexpected_values) == {">50K.", "<=50K."}


def test_adult_suite_in_postgres_fails_only_on_income_and_password_stays_off_disk(
    adult: tuple[SuiteDocument, pd.DataFrame, ValidationReport], postgres: PostgresServer, tmp_path: Path
) -> None:
    suite, test, _ = adult
    ref, password = parse_url(postgres.url(with_password=True))
    assert password == PASSWORD
    workspace = tmp_path / "ws"
    store = SuiteStore(workspace)  # a real GX file project in the workspace, as the page and CLI use
    store.save(suite)
    saved = store.load(suite.name)  # as GX serialised it (defaults such as exact_match written out)
    report = validate_table(ref, saved, table="adult_test", password=password)
    pandas = validate_frame(test, saved, dataset="adult_test")
    keep_run(workspace, report)
    assert report.ran_in == "postgres" and "inside PostgreSQL" in report.note
    assert _failed(report) == INCOME_SET
    _assert_same_as_pandas(report, pandas)
    written = [p for p in workspace.rglob("*") if p.is_file()]
    assert any(p.parent.name == "expectations" for p in written) and any("suite_runs" in p.parts for p in written)
    assert not [p for p in written if PASSWORD.encode() in p.read_bytes()]
    assert not [k for k in os.environ if k.startswith(PASSWORD_VAR)]  # the one-off variable is gone


def test_postgres_query_runs_in_the_database_and_matches_pandas_on_the_same_rows(
    adult: tuple[SuiteDocument, pd.DataFrame, ValidationReport], postgres: PostgresServer
) -> None:
    suite, test, _ = adult
    ref, password = parse_url(postgres.url(with_password=True))
    query = "SELECT * FROM adult_test WHERE sex = 'Female'"
    report = validate_table(ref, suite, query=query, password=password)
    women = test[test["sex"] == "Female"].reset_index(drop=True)
    assert report.dataset == "query" and report.ran_in == "postgres"
    _assert_same_as_pandas(report, validate_frame(women, suite, dataset="query"))


def test_wrong_password_is_readable_and_hidden(
    adult: tuple[SuiteDocument, pd.DataFrame, object], postgres: PostgresServer
) -> None:
    ref, _ = parse_url(postgres.url(with_password=False))
    with pytest.raises(DataLoadError, match="connecting failed") as caught:
        validate_table(ref, adult[0], table="adult_test", password="Wrong-Pass-123")
    assert "Wrong-Pass-123" not in str(caught.value)


def test_bad_table_query_and_sample_are_refused_before_gx(
    adult: tuple[SuiteDocument, pd.DataFrame, object], sqlite_file: Path
) -> None:
    ref, _ = parse_url(f"sqlite:///{sqlite_file}")
    with pytest.raises(DataLoadError, match="there is no table 'nope'.*adult_test"):
        validate_table(ref, adult[0], table="nope")
    with pytest.raises(DataLoadError, match="one SELECT"):
        validate_table(ref, adult[0], query="SELECT 1; DROP TABLE adult_test")
    with pytest.raises(DataLoadError, match="over every row"):
        validate_table(ref, adult[0], table="adult_test", sample_rows=100)
    with sqlite3.connect(sqlite_file) as con:  # read-only: the table is still there
        assert con.execute("SELECT count(*) FROM adult_test").fetchone()[0] == 16_281


def test_duckdb_file_is_validated_on_a_stated_sample(
    adult: tuple[SuiteDocument, pd.DataFrame, ValidationReport], tmp_path: Path
) -> None:
    suite, test, pandas = adult
    path = tmp_path / "adult.duckdb"
    con = duckdb.connect(str(path))
    con.register("incoming", test)
    con.execute("CREATE TABLE adult_test AS SELECT * FROM incoming")
    con.close()
    ref, _ = parse_url(f"duckdb:///{path}")
    sampled = validate_table(ref, suite, table="adult_test", sample_rows=2_000)
    assert sampled.ran_in == "pandas" and sampled.sample_rows == 2_000
    assert "no DuckDB dialect" in sampled.note and "2,000 of 16,281 rows" in sampled.note
    income = next(r for r in sampled.results if (r.expectation_type, r.column) in INCOME_SET)
    assert not income.success and income.unexpected_count == 2_000
    whole = validate_table(ref, suite, table="adult_test")  # under the default sample size: every row
    assert whole.sample_rows is None and "all 16,281 rows" in whole.note
    assert [r.success for r in whole.results] == [r.success for r in pandas.results]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "profiling", "validate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_cli_validates_sqlite_and_postgres_tables_in_the_database(
    adult: tuple[SuiteDocument, pd.DataFrame, ValidationReport],
    sqlite_file: Path,
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    suite_file = tmp_path / "adult.json"
    store = SuiteStore(tmp_path / "project")
    store.save(adult[0])
    suite_file.write_bytes(store.export_json(adult[0].name))
    common = ["--suite", str(suite_file), "--project-dir", str(tmp_path / "project"), "--json", "-"]
    done = _cli(f"sqlite:///{sqlite_file}", "--table", "adult_test", *common)
    assert done.returncode == 1, done.stderr
    payload = json.loads(done.stdout)
    assert payload["ran_in"] == "sqlite" and payload["sample_rows"] is None
    assert {(r["expectation_type"], r["column"]) for r in payload["results"] if not r["success"]} == INCOME_SET
    assert "inside SQLite" in done.stderr  # the readable summary says where the checks ran
    env = {"PRISM_TEST_PW": PASSWORD}
    url = postgres.url(with_password=False)
    done = _cli(url, "--table", "adult_test", "--password-env", "PRISM_TEST_PW", *common, env=env)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["ran_in"] == "postgres"
    assert PASSWORD not in done.stdout + done.stderr
    history = list((tmp_path / "project" / "suite_runs").rglob("*.json"))
    assert len(history) == 2 and not [p for p in history if PASSWORD.encode() in p.read_bytes()]


def test_cli_bad_database_arguments_exit_2_with_one_line(
    sqlite_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["--suite", "adult", "--project-dir", str(tmp_path / "project")]
    SuiteStore(tmp_path / "project").save(SuiteDocument.model_validate(_small_suite()))
    url = f"sqlite:///{sqlite_file}"
    assert main(["validate", url, "--table", "nope", *common]) == 2
    assert "there is no table 'nope'" in capsys.readouterr().err
    assert main(["validate", url, "--table", "adult_test", "--engine", "postgres", *common]) == 2
    assert "contradicts" in capsys.readouterr().err
    assert main(["validate", str(sqlite_file), "--table", "adult_test", *common]) == 2
    assert "need DATA to be a database URL" in capsys.readouterr().err
    assert main(["validate", url, "--table", "adult_test", *common, "--no-history"]) == 0
    assert "inside SQLite" in capsys.readouterr().out


def _small_suite() -> dict[str, object]:
    return {
        "name": "adult",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "age"}},
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "age", "min_value": 17}},
        ],
    }


def test_page_validates_a_sqlite_table_in_the_database(
    adult: tuple[SuiteDocument, pd.DataFrame, ValidationReport],
    sqlite_file: Path,
    seeded: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    SuiteStore(seeded).save(adult[0])
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/suites.py").run()
    app.session_state["suites-section"] = "Validate"
    app.run()
    app.selectbox(key="suites-validate-suite").select(adult[0].name).run()
    no_exceptions(app)
    button = f"suites-db-run-{adult[0].name}"
    assert app.button(key=button).disabled  # no URL yet
    app.text_input(key="suites-db-url").input(f"sqlite:///{sqlite_file}").run()
    app.text_input(key="suites-db-table").input("adult_test").run()
    app.button(key=button).click().run()
    no_exceptions(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Result"] == "failed" and metrics["Dataset"] == "adult_test"
    assert any("inside SQLite" in i.value and "every row" in i.value for i in app.info)
    table = next(d.value for d in app.dataframe if "Unexpected values" in d.value.columns)
    failed = table[table["Result"] != "pass"]
    assert list(zip(failed["Expectation"], failed["Column"], strict=True)) == sorted(INCOME_SET)
    history = next(d.value for d in app.dataframe if "run_id" in d.value.columns)
    assert list(history["dataset"]) == ["adult_test"]
    app.text_input(key="suites-db-table").input("nope").run()
    app.button(key=button).click().run()
    no_exceptions(app)
    assert any("there is no table 'nope'" in e.value for e in app.error)


def test_odd_table_names_and_an_endless_view_give_readable_outcomes(tmp_path: Path) -> None:
    path = tmp_path / "odd.sqlite"
    with sqlite3.connect(path) as con:
        pd.DataFrame({"a b": [1, 2, 3], "code": ["AB1", "AB2", "x"]}).to_sql('we"ird Table', con, index=False)
        con.execute(
            "CREATE VIEW endless AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
            "SELECT n AS code FROM r"
        )
    suite = SuiteDocument.model_validate(
        {
            "name": "odd",
            "expectations": [
                {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "code", "regex": r"^AB\d$"}},
                {"type": "expect_column_values_to_be_between", "kwargs": {"column": "a b", "min_value": 0}},
                {
                    "type": "expect_column_values_to_be_in_type_list",
                    "kwargs": {"column": "a b", "type_list": ["int64"]},
                },
            ],
        }
    )
    ref, _ = parse_url(f"sqlite:///{path}")
    regex, between, typed = validate_table(ref, suite, table='we"ird Table').results  # GX quotes no name: a query
    assert (regex.success, regex.unexpected_count, regex.unexpected_values) == (False, 1, ["x"])
    assert between.success and typed.success and typed.observed_value == "int64"
    only_code = SuiteDocument(name="endless", expectations=[suite.expectations[0]])
    [stopped] = validate_table(ref, only_code, table="endless", timeout_s=2).results  # SQLite has no statement timeout
    assert not stopped.success and stopped.exception is not None and "time limit of 2 s" in stopped.exception
