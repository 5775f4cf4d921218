"""Read-only Ibis connections to SQLite, DuckDB and PostgreSQL, with a time limit on every operation."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb
import ibis
import sqlalchemy.engine
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.postgres import PostgresCompiler

from profiling.databases.urls import DatabaseRef
from profiling.errors import DataLoadError, ProfilingError

DEFAULT_TIMEOUT_S = 60.0
T = TypeVar("T")


NUMBER = r"^\s*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*$"


class _PostgresCompiler(PostgresCompiler):
    """Ibis' PostgreSQL compiler, plus the two casts the profile needs that PostgreSQL lacks: boolean ->
    bigint (it casts booleans to int4 only) and TRY_CAST of text to a number (a failed cast is an error)."""

    def visit_Cast(self, op, *, arg, to):  # noqa: N802 (Ibis' visitor naming)
        if op.arg.dtype.is_boolean() and to.is_integer():
            return self.if_(arg, sge.convert(1), sge.convert(0))
        return super().visit_Cast(op, arg=arg, to=to)

    def visit_TryCast(self, op, *, arg, to):  # noqa: N802
        if op.arg.dtype.is_string() and to.is_numeric():
            looks_numeric = sge.RegexpLike(this=arg, expression=sge.convert(NUMBER))
            return self.if_(looks_numeric, self.cast(arg, to), sge.Null())
        return super().visit_TryCast(op, arg=arg, to=to)


@dataclass
class Connection:
    """One open database; `guarded` runs work under the time limit and turns driver errors into readable ones."""

    ref: DatabaseRef
    backend: Any  # an ibis backend
    timeout_s: float = DEFAULT_TIMEOUT_S
    _deadline: list[float] = field(default_factory=lambda: [float("inf")])

    def guarded(self, what: str, work: Callable[[], T], *, timeout_s: float | None = None) -> T:
        """Run `work` (queries) with a time limit; a timeout or database error names `what` and the fix."""
        limit = timeout_s or self.timeout_s
        try:
            with self._time_limit(limit):
                return work()
        except ProfilingError:
            raise
        except Exception as err:  # the drivers' errors have no common base class
            raise _readable(err, what=what, ref=self.ref, limit=limit) from err

    def close(self) -> None:
        try:
            self.backend.disconnect()
        except Exception:  # closing a broken connection must not hide the original error
            pass

    @contextmanager
    def _time_limit(self, seconds: float) -> Iterator[None]:
        if self.ref.engine == "postgres":
            self.backend.raw_sql(f"SET statement_timeout = {int(seconds * 1000)}").close()
            yield
            return
        if self.ref.engine == "sqlite":
            self._deadline[0] = time.monotonic() + seconds
            try:
                yield
            finally:
                self._deadline[0] = float("inf")
            return
        timer = threading.Timer(seconds, self.backend.con.interrupt)  # DuckDB has no statement timeout
        timer.start()
        try:
            yield
        finally:
            timer.cancel()


def connect(ref: DatabaseRef, *, password: str | None = None, timeout_s: float = DEFAULT_TIMEOUT_S) -> Connection:
    """Open the database read-only (files in read-only mode, servers in read-only transactions)."""
    parsed = sqlalchemy.engine.make_url(ref.url)
    try:
        if ref.engine == "sqlite":
            return _sqlite(ref, parsed.database or "", timeout_s)
        if ref.engine == "duckdb":
            return Connection(ref, ibis.duckdb.connect(parsed.database, read_only=True), timeout_s)
        return _postgres(ref, parsed, ref.password(password), timeout_s)
    except ProfilingError:
        raise
    except Exception as err:
        raise _readable(err, what="connecting", ref=ref, limit=timeout_s) from err


def _sqlite(ref: DatabaseRef, path: str, timeout_s: float) -> Connection:
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn = Connection(ref, ibis.sqlite.from_connection(raw), timeout_s)
    # SQLite has no statement timeout: the progress handler aborts a statement past the deadline
    # (a view with an endless recursive CTE never ends otherwise).
    raw.set_progress_handler(lambda: int(time.monotonic() > conn._deadline[0]), 10_000)
    return conn


def _postgres(ref: DatabaseRef, parsed: sqlalchemy.engine.URL, password: str | None, timeout_s: float) -> Connection:
    socket = parsed.query.get("host")
    extra = {k: v for k, v in parsed.query.items() if k not in ("host", "port")}
    port = parsed.port or int(str(parsed.query.get("port", 5432)))
    backend = ibis.postgres.connect(
        host=parsed.host or (socket if isinstance(socket, str) else None),
        port=port,
        user=parsed.username,
        password=password or None,
        database=parsed.database,
        options=f"-c default_transaction_read_only=on -c statement_timeout={int(timeout_s * 1000)}",
        **extra,
    )
    backend.compiler = _PostgresCompiler()
    return Connection(ref, backend, timeout_s)


def _readable(err: Exception, *, what: str, ref: DatabaseRef, limit: float) -> ProfilingError:
    text = " ".join(str(err).split())
    timed_out = (
        isinstance(err, duckdb.InterruptException)
        or "interrupted" in text.lower()
        or "statement timeout" in text.lower()
        or "canceling statement" in text.lower()
    )
    if timed_out:
        return DataLoadError(
            f"{ref.label}: {what} hit the timeout of {limit:g} s and was stopped.",
            "Ask for fewer rows (a row limit or a sample), a simpler query, or raise the timeout.",
        )
    password = ref.password()
    if password:
        text = text.replace(password, "***")
    return DataLoadError(f"{ref.label}: {what} failed: {text[:400]}", "Check the URL, the table name and the password.")
