"""What is in a database: tables with row counts, a preview, and rows loaded in full or as a stated sample."""

from __future__ import annotations

import functools

import ibis
import ibis.expr.types as ir
import pandas as pd
import sqlglot
import sqlglot.expressions as sge
from pydantic import BaseModel, ConfigDict

from profiling.databases.connect import Connection
from profiling.errors import DataLoadError, LimitExceededError, ProfilingError
from profiling.loading import Loaded, LoadOptions
from profiling.loading.models import Limits, LoadReport, LoadWarning

MAX_TABLES = 500
COUNT_TIMEOUT_S = 5.0
PREVIEW_ROWS = 20
DEFAULT_MAX_ROWS = 5_000_000  # a full load above this is refused: profile in the database or take a sample


class TableInfo(BaseModel):
    """One table or view: its name (shown as text, never as markup), size, and why a count is missing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    rows: int | None
    columns: int
    note: str | None = None


def list_tables(conn: Connection, *, count_timeout_s: float = COUNT_TIMEOUT_S) -> list[TableInfo]:
    """Every table and view (up to 500) with its exact row count; a count over the time limit is left out."""
    names = conn.guarded("listing tables", lambda: _table_names(conn))
    out = []
    for name in sorted(names)[:MAX_TABLES]:
        table = conn.guarded(f"reading table {name!r}", functools.partial(conn.backend.table, name))
        rows: int | None = None
        note = None
        try:
            rows = int(conn.guarded(f"counting {name!r}", table.count().execute, timeout_s=count_timeout_s))
        except ProfilingError as err:
            note = err.message
        out.append(TableInfo(name=name, rows=rows, columns=len(table.columns), note=note))
    return out


def select(conn: Connection, *, table: str | None = None, query: str | None = None) -> ir.Table:
    """The table (by its exact name, quoted by Ibis) or the read-only query, as an Ibis expression."""
    if (table is None) == (query is None):
        raise DataLoadError(f"{conn.ref.label}: name a table or give a query, not both.", "Use --table or --query.")
    if query is not None:
        return conn.guarded("reading the query", lambda: _query(conn, query))
    existing = conn.guarded("listing tables", lambda: _table_names(conn))
    if table not in existing:
        shown = ", ".join(repr(n) for n in sorted(existing)[:10])
        raise DataLoadError(f"{conn.ref.label}: there is no table {table!r}.", f"Tables: {shown or 'none'}.")
    return conn.guarded(f"reading table {table!r}", lambda: conn.backend.table(table))


def _table_names(conn: Connection) -> list[str]:
    if conn.ref.engine == "duckdb":  # Ibis 12's DuckDB list_tables calls an API DuckDB 2 removed
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
        return [row[0] for row in conn.backend.con.execute(sql).fetchall()]
    return list(conn.backend.list_tables())


def _query(conn: Connection, query: str) -> ir.Table:
    """One SELECT (a second statement could write), typed without creating anything in the database."""
    dialect = conn.backend.dialect
    try:
        statements = [s for s in sqlglot.parse(query, read=dialect) if s is not None]
    except sqlglot.errors.ParseError as err:
        raise DataLoadError(f"{conn.ref.label}: the query is not valid SQL: {err}", "Check the query.") from err
    if len(statements) != 1 or not isinstance(statements[0], sge.Query):
        raise DataLoadError(f"{conn.ref.label}: the query must be one SELECT statement.", "Remove other statements.")
    text = statements[0].sql(dialect)
    mapper = conn.backend.compiler.type_mapper
    if conn.ref.engine == "sqlite":
        return conn.backend.sql(text)
    if conn.ref.engine == "duckdb":  # Ibis 12 types a DuckDB query through an API DuckDB 2 removed
        described = conn.backend.con.execute(f"DESCRIBE {text}").fetchall()
        return conn.backend.sql(text, schema=ibis.schema({row[0]: mapper.from_string(row[1]) for row in described}))
    # Ibis types a PostgreSQL query through a temporary view, which a read-only transaction refuses.
    with conn.backend.con.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({text}) AS prism_query LIMIT 0")
        columns = [(c.name, c.type_code) for c in cursor.description or []]
        types = []
        for _, oid in columns:
            cursor.execute("SELECT format_type(%s, NULL)", (oid,))
            types.append(mapper.from_string(cursor.fetchone()[0]))
    return conn.backend.sql(text, schema=ibis.schema(dict(zip([n for n, _ in columns], types, strict=True))))


def preview(conn: Connection, expr: ir.Table, *, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first rows (always with a LIMIT, so an endless view still answers)."""
    return conn.guarded("reading a preview", lambda: expr.limit(rows).to_pandas())


def read_rows(
    conn: Connection,
    expr: ir.Table,
    *,
    name: str,
    sample_rows: int | None = None,
    limits: Limits | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Loaded:
    """All rows (up to `max_rows`) or a uniform random sample of `sample_rows`, with a report saying which."""
    limits = limits or Limits()
    if len(expr.columns) > limits.max_columns:
        raise LimitExceededError(
            f"{name}: {len(expr.columns):,} columns is over the limit of {limits.max_columns:,}.",
            "Select fewer columns with --query, or raise PRISM_MAX_COLUMNS.",
        )
    total = int(conn.guarded(f"counting {name!r}", expr.count().execute))
    notes: list[LoadWarning] = []
    if sample_rows is not None and sample_rows < total:
        expr = expr.order_by(ibis.random()).limit(sample_rows)
        notes.append(_note("sample", f"A uniform random sample of {sample_rows:,} of {total:,} rows."))
    elif total > max_rows:
        raise LimitExceededError(
            f"{name}: {total:,} rows is over the row limit of {max_rows:,} for a full load.",
            "Load a sample, or profile the table in the database without loading it.",
        )
    frame = conn.guarded(f"loading {name!r}", expr.to_pandas)
    frame.columns = [str(c) for c in frame.columns]
    notes.insert(0, _note("database", f"Read from {conn.ref.engine} database {conn.ref.label}."))
    report = LoadReport(
        name=name,
        source=conn.ref.url,
        format="parquet",  # rows arrive as Arrow columns; the origin is in `source` and the first note
        options=LoadOptions(),
        rows=len(frame),
        columns=frame.shape[1],
        column_names=list(frame.columns),
        dtypes={str(c): str(t) for c, t in frame.dtypes.items()},
        warnings=notes,
    )
    return Loaded(frame=frame, report=report)


def _note(kind: str, message: str) -> LoadWarning:
    return LoadWarning(type=kind, message=message)
