"""`python -m profiling source URL`: list a database's tables, or profile one table or query where it lies."""

from __future__ import annotations

import argparse

from profiling.commands.common import (
    EXIT_OK,
    add_source_options,
    data_engine,
    spark_source_from_args,
    summary_stream,
    write_json,
)
from profiling.commands.profile import summary
from profiling.databases import connect, engine_note, list_tables, parse_url, profile_table, select


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "source",
        help="a database: list its tables with row counts, or profile a table/query inside the database",
        description=(
            "Without --table/--query: the tables and views with row counts. With one: the fast profile, computed "
            "by the database (PostgreSQL, DuckDB) without loading the rows. Other subcommands accept the same "
            "URL as DATA and load the rows (or --sample-rows N)."
        ),
    )
    parser.add_argument(
        "url",
        metavar="URL",
        help="sqlite:///file, duckdb:///file, postgresql://user@host/db; with --engine spark a Parquet path",
    )
    add_source_options(parser)
    parser.add_argument("--json", metavar="PATH", help="write the table list or profile as JSON ('-' for stdout)")
    parser.add_argument("--timeout", type=float, default=1800.0, metavar="S", help="time limit of the profile")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if data_engine(args.url, args) == "spark":
        return _run_spark(args)
    out = summary_stream(args)
    ref, password = parse_url(args.url, password_env=args.password_env)
    conn = connect(ref, password=password)
    try:
        if args.table is None and args.query is None:
            tables = list_tables(conn)
            for info in tables:
                rows = f"{info.rows:,} rows" if info.rows is not None else (info.note or "rows unknown")
                print(f"{info.name!r}: {rows}, {info.columns:,} columns", file=out)
            payload: object = {"source": ref.model_dump(mode="json"), "tables": [t.model_dump() for t in tables]}
        else:
            expr = select(conn, table=args.table, query=args.query)
            profile = profile_table(conn, expr, name=args.table or "query", timeout_s=args.timeout)
            print(summary(profile), file=out)
            print(f"  {engine_note(ref.engine)}", file=out)
            payload = profile.model_dump(mode="json")
    finally:
        conn.close()
    if args.json:
        write_json(args.json, payload)
    return EXIT_OK


def _run_spark(args: argparse.Namespace) -> int:
    """URL is a Parquet path (or, with --table, ignored in favour of the Spark table); profiled by Spark."""
    from profiling.spark import profile_source  # pyspark is optional: imported only when asked for

    source = spark_source_from_args(args.url, args)
    profile = profile_source(source)
    print(summary(profile), file=summary_stream(args))
    print(f"  Computed by Spark ({source.master}): only aggregates reach the driver.", file=summary_stream(args))
    if args.json:
        write_json(args.json, profile.model_dump(mode="json"))
    return EXIT_OK
