"""Suites validated where the data lives: SQL inside a database, Spark jobs, or a stated sample of a big file."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import great_expectations as gx
import pandas as pd
import sqlalchemy.engine
import sqlglot.expressions as sge

from profiling.databases import DatabaseRef, connect, read_rows, select
from profiling.errors import DataLoadError, ProfilingError
from profiling.expectations.models import ExpectationOutcome, SuiteDocument, ValidationReport
from profiling.expectations.validate import RESULT_FORMAT, quiet_context, run_suite, validate_frame
from profiling.workspace import DatasetMeta

DUCKDB_SAMPLE_ROWS = 50_000
VALIDATE_TIMEOUT_S = 600.0  # PostgreSQL: per statement; SQLite: the whole validation
PASSWORD_VAR = "PRISM_DB_PASSWORD_"  # + a random suffix, set only while a validation runs
PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")
DIALECTS = {"sqlite": "sqlite", "postgres": "postgres"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL", "duckdb": "DuckDB"}


def validate_table(
    ref: DatabaseRef,
    suite: SuiteDocument,
    *,
    table: str | None = None,
    query: str | None = None,
    password: str | None = None,
    sample_rows: int | None = None,
    timeout_s: float = VALIDATE_TIMEOUT_S,
) -> ValidationReport:
    """Run `suite` on a table or a read-only query. SQLite and PostgreSQL: through Great Expectations' SQL
    datasource, so every check is SQL run by the database over every row and only results come back.
    DuckDB files: GX 1.24 has no DuckDB dialect, so a stated uniform sample (`sample_rows`, default 50,000)
    is read and validated in pandas, and the report says so."""
    conn = connect(ref, password=password, timeout_s=timeout_s)
    try:  # the names and the query are checked (one SELECT, the table exists) before GX sees them
        expr = select(conn, table=table, query=query)
        if ref.engine == "duckdb":
            return _duckdb_sample(conn, expr, suite, name=table or "query", sample_rows=sample_rows)
        # GX quotes no table name: a name that is not a plain lower-case identifier is read through a query.
        plain = table is not None and PLAIN_NAME.fullmatch(table) is not None
        if table is not None and not plain:
            query = f"SELECT * FROM {sge.to_identifier(table, quoted=True).sql(DIALECTS[ref.engine])}"
        decided = {} if plain else _query_types(suite, dict(expr.schema().items()))
    finally:
        conn.close()
    if sample_rows is not None:
        raise DataLoadError(
            f"{ref.label}: a sample is not needed: the checks run inside {ENGINE_NAMES[ref.engine]} over every row.",
            "Leave out the sample size.",
        )
    name = table or "query"
    try:
        with _secret(ref.password(password)) as variable:
            source = _sql_source(quiet_context(), ref, variable, timeout_s=timeout_s)
            if plain:
                asset = source.add_table_asset("data", table_name=table)
            else:
                asset = source.add_query_asset("data", query=str(query))
            batch = asset.add_batch_definition_whole_table("whole").get_batch()
            report = run_suite(
                for_engine(suite, "sql"), dataset=name, run=lambda b: _results(batch, b), stopped=decided
            )
    except ProfilingError:
        raise
    except Exception as err:  # GX's and the drivers' errors share no base class
        text = " ".join(str(err).split())[:400]
        for secret in filter(None, (ref.password(password), urllib.parse.quote(ref.password(password) or "", safe=""))):
            text = text.replace(secret, "***")
        raise DataLoadError(f"{ref.label}: validating {name!r} failed: {text}", "Check the table or query.") from err
    return _timeouts_named(_as_written(report, suite), timeout_s).model_copy(
        update={
            "ran_in": ref.engine,
            "note": f"Checks ran as SQL inside {ENGINE_NAMES[ref.engine]} ({ref.label}) through Great Expectations' "
            "SQL datasource, over every row; only results left the database.",
        }
    )


def validate_spark(
    suite: SuiteDocument,
    *,
    parquet: Path | str | None = None,
    table: str | None = None,
    master: str | None = None,
    name: str | None = None,
) -> ValidationReport:
    """Run `suite` on a Parquet path or a Spark table through Great Expectations' Spark datasource:
    the checks are Spark jobs over every row; only results reach the driver."""
    from profiling.spark.session import DEFAULT_MASTER, spark_session

    if (parquet is None) == (table is None):
        raise DataLoadError("Spark: give a Parquet path or a table, not both.", "Use one of them.")
    if parquet is not None and "://" not in str(parquet) and not Path(parquet).exists():  # local: say so early
        raise DataLoadError(f"Spark: {parquet} does not exist.", "Check the path.")
    session = spark_session(master or DEFAULT_MASTER)
    try:
        frame = session.read.parquet(str(parquet)) if parquet is not None else session.table(str(table))
    except Exception as err:  # Spark's AnalysisException and Py4J errors share no useful base class
        text = " ".join(str(err).split())[:300]
        raise DataLoadError(f"Spark cannot read {parquet or table}: {text}", "Check the path or table name.") from err
    label = name or (Path(str(parquet).rstrip("/")).stem if parquet is not None else str(table))
    asset = quiet_context().data_sources.add_spark("spark").add_dataframe_asset("frame")
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": frame})
    report = run_suite(for_engine(suite, "spark"), dataset=label, run=lambda b: _results(batch, b))
    return _as_written(report, suite).model_copy(
        update={
            "ran_in": "spark",
            "note": f"Checks ran as Spark jobs on {session.sparkContext.master} through Great Expectations' Spark "
            "datasource, over every row.",
        }
    )


def validate_file(
    path: Path,
    suite: SuiteDocument,
    *,
    engine: str = "duckdb",
    master: str | None = None,
    sample_rows: int | None = None,
) -> ValidationReport | None:
    """A Parquet or CSV file over the memory budget (bigfiles.plan_file): validated on Spark over every row
    (`engine="spark"`, Parquet only) or on the plan's stated uniform sample in pandas. None when the file
    fits the budget (validate the loaded frame as usual)."""
    from profiling.bigfiles import plan_file, sample_file

    path = Path(path)
    if path.suffix.lower() not in (".parquet", ".csv") or not path.is_file():
        return None
    plan = plan_file(path, sample_rows=sample_rows)
    if not plan.out_of_core:
        return None
    if engine == "spark":
        if plan.format != "parquet":
            raise DataLoadError(f"{path.name}: the Spark engine validates Parquet files.", "Convert it to Parquet.")
        return validate_spark(suite, parquet=path, master=master, name=path.stem)
    sample = sample_file(path, rows=plan.sample_rows)
    report = validate_frame(sample, suite, dataset=path.stem)
    size = f"{plan.size_bytes / 1024**2:,.0f} MB"
    return report.model_copy(
        update={
            "sample_rows": len(sample),
            "note": f"{path.name} ({size}) is over the memory budget of {plan.budget_bytes / 1024**2:,.0f} MB: "
            f"checked in pandas on a uniform random sample of {len(sample):,} rows (seed 42), not every row. "
            "Counts and shares are the sample's; use --engine spark to check every row.",
        }
    )


def validate_dataset(frame: pd.DataFrame, suite: SuiteDocument, *, meta: DatasetMeta) -> ValidationReport:
    """A workspace dataset's rows checked in pandas; one kept out of core (over the memory budget) gives
    pandas only its stored uniform sample, and the report states that sample."""
    report = validate_frame(frame, suite, dataset=meta.name)
    if not meta.out_of_core:
        return report
    return report.model_copy(
        update={
            "sample_rows": len(frame),
            "note": f"{meta.name} is kept out of core ({meta.rows:,} rows, over the memory budget): checked in "
            f"pandas on its stored uniform sample of {len(frame):,} rows, not every row.",
        }
    )


def _results(batch: Any, built: gx.ExpectationSuite) -> list[Any]:
    return list(batch.validate(built, result_format=RESULT_FORMAT).results)


def _sql_source(context: Any, ref: DatabaseRef, variable: str | None, *, timeout_s: float) -> Any:
    """A GX SQL datasource whose connection string holds `${variable}` in place of the password: GX
    substitutes it from the environment when it connects, so the password is in no config, log or file."""
    parsed = sqlalchemy.engine.make_url(ref.url)
    if ref.engine == "sqlite":
        path = parsed.database or ""
        opener = functools.partial(_sqlite_read_only, path, deadline=time.monotonic() + timeout_s)
        return context.data_sources.add_sqlite("db", connection_string=f"sqlite:///{path}", kwargs={"creator": opener})
    url = parsed.set(drivername="postgresql+psycopg", password=None).render_as_string(hide_password=False)
    if variable is not None:
        user = urllib.parse.quote(parsed.username or "", safe="")
        url = url.replace(f"://{user}@", f"://{user}:${{{variable}}}@", 1)
    options = f"-c default_transaction_read_only=on -c statement_timeout={int(timeout_s * 1000)}"
    return context.data_sources.add_postgres("db", connection_string=url, kwargs={"connect_args": {"options": options}})


def _sqlite_read_only(path: str, *, deadline: float) -> sqlite3.Connection:
    """SQLite read-only, as Prism's own connections are; SQLite has no statement timeout, so a progress
    handler stops any statement past the validation's deadline (an endless recursive view would run forever)."""
    raw = sqlite3.connect(f"file:{urllib.parse.quote(path)}?mode=ro", uri=True, check_same_thread=False)
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    return raw


def _timeouts_named(report: ValidationReport, timeout_s: float) -> ValidationReport:
    """A check the database stopped at the time limit says so in one line (not GX's traceback text)."""
    stopped = ("interrupted", "statement timeout", "canceling statement")
    message = f"Stopped at the time limit of {timeout_s:g} s; give a simpler query, or raise the timeout."
    results = [
        r.model_copy(update={"exception": message}) if r.exception and any(w in r.exception for w in stopped) else r
        for r in report.results
    ]
    return report.model_copy(update={"results": results})


@contextlib.contextmanager
def _secret(password: str | None) -> Iterator[str | None]:
    """The password (URL-quoted) in a one-off environment variable for the length of one validation."""
    if not password:
        yield None
        return
    variable = f"{PASSWORD_VAR}{uuid.uuid4().hex[:12].upper()}"
    os.environ[variable] = urllib.parse.quote(password, safe="")
    try:
        yield variable
    finally:
        os.environ.pop(variable, None)


def _duckdb_sample(
    conn: Any, expr: Any, suite: SuiteDocument, *, name: str, sample_rows: int | None
) -> ValidationReport:
    rows = sample_rows or DUCKDB_SAMPLE_ROWS
    total = int(conn.guarded(f"counting {name!r}", expr.count().execute))
    loaded = read_rows(conn, expr, name=name, sample_rows=rows if rows < total else None)
    frame: pd.DataFrame = loaded.frame
    report = validate_frame(frame, suite, dataset=name)
    sampled = len(frame) < total
    what = f"a uniform random sample of {len(frame):,} of {total:,} rows" if sampled else f"all {total:,} rows"
    return report.model_copy(
        update={
            "sample_rows": len(frame) if sampled else None,
            "note": f"Great Expectations 1.24 cannot run SQL on DuckDB (no DuckDB dialect): {what} of "
            f"{conn.ref.label} were read and checked in pandas.",
        }
    )


# Prism's suggested type lists name pandas dtypes; each engine names its types differently, so the
# family's names in that engine are added (GX ignores names an engine does not know).
ENGINE_TYPES: dict[str, dict[str, list[str]]] = {
    "sql": {
        "int64": ["INTEGER", "BIGINT", "SMALLINT", "FLOAT", "REAL", "NUMERIC", "DECIMAL", "DOUBLE_PRECISION", "DOUBLE"],
        "bool": ["BOOLEAN"],
        "object": ["TEXT", "VARCHAR", "CHAR", "NVARCHAR", "CLOB"],
        "datetime64[ns]": ["TIMESTAMP", "DATETIME", "DATE"],
    },
    "spark": {
        "int64": ["NumericType"],
        "bool": ["BooleanType"],
        "object": ["StringType", "VarcharType", "CharType"],
        "datetime64[ns]": ["TimestampType", "TimestampNTZType", "DateType"],
    },
}


def for_engine(suite: SuiteDocument, engine: str) -> SuiteDocument:
    """The suite with each pandas type list extended by the same family's names in `engine` ("sql" or "spark")."""
    names = ENGINE_TYPES[engine]
    specs = []
    for spec in suite.expectations:
        listed = spec.kwargs.get("type_list") if spec.type == "expect_column_values_to_be_in_type_list" else None
        if isinstance(listed, list):
            extra = [name for key, more in names.items() if key in listed for name in more]
            spec = spec.model_copy(update={"kwargs": {**spec.kwargs, "type_list": [*listed, *extra]}})
        specs.append(spec)
    return suite.model_copy(update={"expectations": specs})


def _query_types(suite: SuiteDocument, schema: dict[str, Any]) -> dict[int, ExpectationOutcome | None]:
    """Type-list outcomes of a query's columns, from the types the database gives the query's result:
    GX 1.24 cannot reflect a query's column types (its type check raises KeyError 'type' there)."""
    decided: dict[int, ExpectationOutcome | None] = {}
    for index, spec in enumerate(suite.enabled()):
        if spec.type != "expect_column_values_to_be_in_type_list" or spec.column is None:
            continue
        dtype = schema.get(spec.column)
        listed = list(spec.kwargs.get("type_list") or [])
        pandas_name = None if dtype is None else _PANDAS_NAMES.get(_family(dtype))
        decided[index] = ExpectationOutcome(
            expectation_type=spec.type,
            column=spec.column,
            success=dtype is not None and (pandas_name in listed or str(dtype) in listed),
            kwargs=spec.kwargs,
            observed_value=None if dtype is None else str(dtype),
            exception=None if dtype is not None else f"The query has no column {spec.column!r}.",
        )
    return decided


_PANDAS_NAMES = {
    "integer": "int64",
    "floating": "float64",
    "string": "object",
    "boolean": "bool",
    "time": "datetime64[ns]",
}


def _family(dtype: Any) -> str:
    if dtype.is_integer():
        return "integer"
    if dtype.is_floating() or dtype.is_decimal():
        return "floating"
    if dtype.is_boolean():
        return "boolean"
    if dtype.is_timestamp() or dtype.is_date():
        return "time"
    return "string" if dtype.is_string() else str(dtype)


def _as_written(report: ValidationReport, suite: SuiteDocument) -> ValidationReport:
    """Outcomes with the parameters as the suite states them (not the engine-extended type lists)."""
    results = [r.model_copy(update={"kwargs": s.kwargs}) for r, s in zip(report.results, suite.enabled(), strict=True)]
    return report.model_copy(update={"results": results})
