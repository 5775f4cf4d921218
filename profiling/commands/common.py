"""What every subcommand shares: exit codes, load options, reading DATA arguments, writing outputs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pydantic import ValidationError

from profiling.databases import connect, is_database_url, parse_url, read_rows, select
from profiling.errors import ProfilingError
from profiling.loading import DEFAULT_MISSING_MARKERS, Loaded, LoadOptions, load_path
from profiling.settings import Settings
from profiling.storage import atomic_write

if TYPE_CHECKING:
    from profiling.spark import SparkSource

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """The load options shared by every subcommand that reads files."""
    group = parser.add_argument_group("load options (detected when not given)")
    group.add_argument("--delimiter", help="field delimiter: ',', ';', 'tab', '|' or 'space'")
    header = group.add_mutually_exclusive_group()
    header.add_argument("--header", dest="header", action="store_const", const=True, help="first row is a header")
    header.add_argument("--no-header", dest="header", action="store_const", const=False, help="there is no header row")
    group.add_argument("--names", help="comma-separated column names (for files without a header)")
    group.add_argument("--skip-rows", type=int, metavar="N", help="lines to skip before the data (a preamble)")
    markers = ",".join(m or "<empty>" for m in DEFAULT_MISSING_MARKERS)
    group.add_argument(
        "--missing-markers", metavar="LIST", help=f"comma-separated values that mean missing (default: {markers})"
    )
    group.add_argument("--encoding", help="text encoding, e.g. utf-8, latin-1, utf-16")
    group.add_argument("--sheet", help="Excel sheet name")
    group.add_argument("--member", help="file to read inside a .zip archive")
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="read DATA only inside this folder: paths outside it and links leaving it are refused",
    )
    add_source_options(parser)


def add_source_options(parser: argparse.ArgumentParser) -> None:
    """Options for DATA given as a database URL (sqlite:///f, duckdb:///f, postgresql://user@host/db)."""
    group = parser.add_argument_group("database options (when DATA is a database URL)")
    what = group.add_mutually_exclusive_group()
    what.add_argument(
        "--table", help="the table or view to read (Spark: of its session, or a folder under PRISM_SPARK_WAREHOUSE)"
    )
    what.add_argument("--query", help="a read-only SELECT to read")
    group.add_argument(
        "--sample-rows", "--sample", type=int, metavar="N", help="load a uniform random sample of N rows"
    )
    group.add_argument(
        "--password-env", metavar="VAR", help="environment variable holding the password (never put it in the URL)"
    )
    group.add_argument(
        "--engine",
        choices=("duckdb", "postgres", "spark"),
        help="the engine, where the URL does not imply it (spark: DATA is a Parquet path or table)",
    )
    group.add_argument("--spark-master", metavar="URL", help="Spark master for --engine spark (default local[*])")


def options_from_args(args: argparse.Namespace) -> LoadOptions:
    """LoadOptions from parsed CLI arguments."""
    delimiter = {"tab": "\t", "\\t": "\t", "space": " ", "spaces": " "}.get(args.delimiter, args.delimiter)
    try:
        return LoadOptions(
            delimiter=delimiter,
            header=args.header,
            column_names=split_list(args.names),
            skip_rows=args.skip_rows,
            missing_markers=split_list(args.missing_markers, keep_empty=True),
            encoding=args.encoding,
            sheet=args.sheet,
            member=args.member,
        )
    except ValidationError as err:
        problem = err.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise ProfilingError(f"Invalid load option --{field.replace('_', '-')}: {problem['msg']}.") from err


def load_data(path: str, args: argparse.Namespace) -> Loaded:
    """Load one DATA argument with the command's load options and the configured limits."""
    data_root = Path(args.data_dir).resolve() if getattr(args, "data_dir", None) else None
    engine = data_engine(path, args)
    if engine == "spark":
        return load_spark_sample(path, args)
    if is_database_url(path):
        return load_database(path, args, data_root=data_root)
    return load_path(path, options=options_from_args(args), limits=Settings.from_env().limits, data_root=data_root)


def data_engine(path: str, args: argparse.Namespace) -> str:
    """The engine that reads DATA: the URL's database, 'spark' when asked, else 'duckdb' (files); a contradictory
    --engine is refused (postgres for a file or an SQLite URL, spark for a database URL, ...)."""
    asked = getattr(args, "engine", None)
    if not is_database_url(path):
        if asked == "postgres":
            raise ProfilingError(
                f"--engine postgres contradicts DATA {path}: it is a file, not a postgresql:// URL.",
                "Give a postgresql://user@host/db URL with --table or --query, or drop --engine.",
            )
        return asked or "duckdb"
    implied = parse_url(path, password_env=getattr(args, "password_env", None))[0].engine
    # An SQLite table is profiled in a scratch DuckDB file, so --engine duckdb does not contradict it.
    if asked is not None and asked != implied and not (asked == "duckdb" and implied == "sqlite"):
        raise ProfilingError(
            f"--engine {asked} contradicts the URL {path.split('://', 1)[0]}://..., which is a {implied} database.",
            f"Drop --engine (the URL names the engine) or use --engine {'postgres' if implied == 'postgres' else 'duckdb'}.",
        )
    return implied


def spark_source_from_args(path: str, args: argparse.Namespace) -> SparkSource:
    """DATA as a Spark source: a Parquet path (inside --data-dir when given), or the Spark table named by --table."""
    from profiling.spark import spark_source

    data_root = Path(args.data_dir).resolve() if getattr(args, "data_dir", None) else None
    table = getattr(args, "table", None)
    if getattr(args, "query", None):
        raise ProfilingError("--query is for database URLs; Spark reads a Parquet path or --table.", "")
    master = getattr(args, "spark_master", None) or "local[*]"
    return spark_source(master=master, parquet=None if table else path, table=table, data_root=data_root)


def load_spark_sample(path: str, args: argparse.Namespace) -> Loaded:
    """A uniform sample of DATA drawn by Spark (--sample N is required: Spark data is not pulled whole)."""
    from profiling.spark import sample

    rows = getattr(args, "sample_rows", None)
    if rows is None:
        raise ProfilingError(
            f"{path}: --engine spark reads a sample into memory: say how many rows.", "Add --sample N (e.g. 50000)."
        )
    return sample(spark_source_from_args(path, args), rows=rows, limits=Settings.from_env().limits)


def load_database(url: str, args: argparse.Namespace, *, data_root: Path | None = None) -> Loaded:
    """Rows of a table or query from a database URL, in full or as `--sample-rows` (named by table or 'query')."""
    ref, password = parse_url(url, password_env=getattr(args, "password_env", None), data_root=data_root)
    conn = connect(ref, password=password)
    try:
        expr = select(conn, table=getattr(args, "table", None), query=getattr(args, "query", None))
        name = args.table or "query"
        limits = Settings.from_env().limits
        return read_rows(conn, expr, name=name, sample_rows=getattr(args, "sample_rows", None), limits=limits)
    finally:
        conn.close()


def summary_stream(args: argparse.Namespace) -> TextIO:
    """Where the readable summary goes: stderr when `--json -` makes stdout carry only the JSON."""
    return sys.stderr if getattr(args, "json", None) == "-" else sys.stdout


def write_json(target: str, payload: object) -> None:
    """Write JSON to a file atomically, or to stdout for '-'."""
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    write_text(target, text)


def write_text(target: str, text: str) -> None:
    """Write a text file atomically; a failure is a clear error naming the file."""
    try:
        atomic_write(Path(target).resolve(), text.encode("utf-8"))
    except OSError as err:
        raise ProfilingError(f"Cannot write the file {target}: {err.strerror}.", "Choose a writable path.") from err


def split_list(value: str | None, *, keep_empty: bool = False) -> tuple[str, ...] | None:
    """'a, b,c' -> ('a', 'b', 'c'); None stays None."""
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",")]
    return tuple(part for part in parts if part or keep_empty)
