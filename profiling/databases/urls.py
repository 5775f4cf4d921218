"""Database URLs: an allow-list of drivers, hosts and parameters, and the password kept out of what is stored."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import sqlalchemy.engine
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import ArgumentError

from profiling.errors import UnsafeInputError

DbEngine = Literal["sqlite", "duckdb", "postgres"]
HOSTS_ENV = "PRISM_DB_HOSTS"  # extra allowed servers: "db.internal,10.0.0.5:6543"
DEFAULT_HOSTS = ("localhost:5432", "127.0.0.1:5432", "::1:5432")
DRIVERS: dict[str, DbEngine] = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "duckdb": "duckdb",
    "postgresql": "postgres",
    "postgresql+psycopg": "postgres",
    "postgres": "postgres",
}
# Connection parameters a user may set; anything else (server `options`, `local_infile`, ...) can
# override timeouts or read files, so it is refused.
POSTGRES_PARAMETERS = frozenset({"host", "port", "sslmode", "connect_timeout", "application_name"})
MAGIC = {"sqlite": (0, b"SQLite format 3\x00"), "duckdb": (8, b"DUCK")}


class DatabaseRef(BaseModel):
    """A database as Prism stores it: the URL without its password, and where the password comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engine: DbEngine
    url: str
    password_env: str | None = None

    @property
    def label(self) -> str:
        """A short readable name: the file name or database@host."""
        parsed = sqlalchemy.engine.make_url(self.url)
        if self.engine in ("sqlite", "duckdb"):
            return Path(parsed.database or "").name
        return f"{parsed.database}@{parsed.host or parsed.query.get('host', 'socket')}"

    def password(self, given: str | None = None) -> str | None:
        """The password typed now, else the one in the named environment variable."""
        if given:
            return given
        return os.environ.get(self.password_env) if self.password_env else None


def is_database_url(text: str) -> bool:
    """Whether a DATA argument is a database URL rather than a file path."""
    return "://" in text and text.split("://", 1)[0].lower() in DRIVERS


def parse_url(url: str, *, password_env: str | None = None, data_root: Path | None = None) -> tuple[DatabaseRef, str]:
    """Check a URL against the allow-lists; return it without password, and the password it carried."""
    try:
        parsed = sqlalchemy.engine.make_url(url.strip())
    except ArgumentError as err:
        raise UnsafeInputError("This is not a database URL.", "Write it as postgresql://user@host/db.") from err
    engine = DRIVERS.get(parsed.drivername.lower())
    if engine is None:
        raise UnsafeInputError(
            f"The database driver {parsed.drivername!r} is not allowed.",
            "Use sqlite:///file.sqlite, duckdb:///file.duckdb or postgresql://user@host/db.",
        )
    password = parsed.password or ""
    if engine == "postgres":
        _check_server(parsed)
        clean = sqlalchemy.engine.URL.create(
            drivername="postgresql",
            username=parsed.username,
            host=parsed.host,
            port=parsed.port,
            database=parsed.database,
            query=parsed.query,
        )
    else:
        path = _check_file(parsed, engine, data_root=data_root)
        clean = sqlalchemy.engine.URL.create(drivername=engine, database=str(path))
    stored = clean.render_as_string(hide_password=False)
    return DatabaseRef(engine=engine, url=stored, password_env=password_env or None), str(password)


def allowed_hosts() -> set[str]:
    """Servers Prism may connect to, as host:port (the defaults plus PRISM_DB_HOSTS)."""
    extra = [item.strip() for item in os.environ.get(HOSTS_ENV, "").split(",") if item.strip()]
    return set(DEFAULT_HOSTS) | {item if _has_port(item) else f"{item}:5432" for item in extra}


def _has_port(item: str) -> bool:
    return item.rsplit(":", 1)[-1].isdigit() and item.count(":") in (1, 8)


def _check_server(parsed: sqlalchemy.engine.URL) -> None:
    unknown = sorted(set(parsed.query) - POSTGRES_PARAMETERS)
    if unknown:
        raise UnsafeInputError(
            f"The connection parameter {unknown[0]!r} is not allowed.",
            f"Remove it; allowed parameters: {', '.join(sorted(POSTGRES_PARAMETERS))}.",
        )
    socket = parsed.query.get("host")
    if parsed.host is None and isinstance(socket, str) and socket.startswith("/"):
        return  # a unix socket on this machine
    address = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    if address not in allowed_hosts():
        raise UnsafeInputError(
            f"The database host {address} is not allowed.",
            f"Ask the administrator to add it to {HOSTS_ENV} (host or host:port, comma-separated).",
        )


def _check_file(parsed: sqlalchemy.engine.URL, engine: DbEngine, *, data_root: Path | None) -> Path:
    raw = parsed.database or ""
    if parsed.query or parsed.host or not raw or raw == ":memory:":
        raise UnsafeInputError(
            f"This {engine} URL is not allowed: it must name one database file and nothing else.",
            f"Write {engine}:///path/to/file (three slashes, then an absolute or relative path).",
        )
    if ".." in Path(raw).parts:
        raise UnsafeInputError(
            f"The database path {raw} is not allowed: it climbs out with '..'.", "Give a plain path."
        )
    path = Path(raw).resolve()
    if data_root is not None and not path.is_relative_to(data_root.resolve()):
        raise UnsafeInputError(f"The database file {raw} is not allowed: it is outside {data_root}.", "")
    offset, magic = MAGIC[engine]
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            head = handle.read(len(magic))
    except OSError as err:
        raise UnsafeInputError(f"The database file {raw} cannot be opened: {err.strerror}.", "Check the path.") from err
    if head != magic:
        raise UnsafeInputError(
            f"The file {raw} is not allowed as a {engine} database: it is not one.", "Choose a database file."
        )
    return path
