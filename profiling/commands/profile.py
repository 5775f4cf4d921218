"""`python -m profiling profile DATA...`: the fast profile as a summary or JSON, and the full HTML report."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from profiling.commands.common import (
    EXIT_OK,
    add_load_options,
    data_engine,
    load_data,
    spark_source_from_args,
    summary_stream,
    write_json,
    write_text,
)
from profiling.databases import connect, engine_note, is_database_url, parse_url, profile_table, read_rows, select
from profiling.errors import ProfilingError
from profiling.profile import DatasetProfile, profile_frame
from profiling.ydata_report import ReportResult, ReportSettings, build_report


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "profile",
        help="profile files, database tables or Spark data: statistics, alerts, correlations; optionally the report",
        description=(
            "Profile every row and print a summary with the alerts: files by DuckDB, a database URL with "
            "--table/--query inside the database, --engine spark by Spark. The full report (--html) is made "
            "on a stated sample."
        ),
    )
    parser.add_argument(
        "data", nargs="+", metavar="DATA", help="file paths, a database URL, or a Parquet path with --engine spark"
    )
    add_load_options(parser)
    parser.add_argument(
        "--json", metavar="PATH", help="write the profile as JSON ('-' for stdout; a list when several DATA)"
    )
    parser.add_argument("--html", metavar="PATH", help="write the full fg-data-profiling report (one DATA only)")
    parser.add_argument("--report-rows", type=int, default=50_000, metavar="N", help="rows sampled for --html")
    parser.add_argument("--report-columns", type=int, default=50, metavar="N", help="columns at most for --html")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.html and len(args.data) > 1:
        raise ProfilingError("--html writes one report: give one DATA with it.", "Run the command once per file.")
    out = summary_stream(args)
    profiles: list[dict[str, object]] = []
    for path in args.data:
        engine = data_engine(path, args)
        if engine == "spark":
            profile = _spark(path, args, out)
        elif is_database_url(path):
            profile = _database(path, args, out)
        else:
            loaded = load_data(path, args)
            profile = profile_frame(loaded.frame, name=loaded.report.name, load_warnings=loaded.report.warnings)
            print(summary(profile), file=out)
            if args.html:
                _write_report(args, build_report(loaded.frame, title=loaded.report.name, settings=_settings(args)), out)
        profiles.append(profile.model_dump(mode="json"))
    if args.json:
        write_json(args.json, profiles[0] if len(profiles) == 1 else profiles)
    return EXIT_OK


def summary(profile: DatasetProfile) -> str:
    """A profile as a headline and one line per alert."""
    d = profile.dataset
    lines = [
        f"{d.name}: {d.rows:,} rows x {d.columns:,} columns, {d.duplicate_rows:,} duplicate rows, "
        f"{d.missing_cells_fraction:.1%} missing cells, quality {d.quality_score:.0%}, {len(profile.alerts)} alerts"
    ]
    lines += [f"  alert [{a.type}] {a.column or '(dataset)'}: {a.message}" for a in profile.alerts]
    return "\n".join(lines)


def _database(url: str, args: argparse.Namespace, out: TextIO) -> DatasetProfile:
    """Profile a table or query inside the database; the report, if asked, on a stated sample of its rows."""
    if args.table is None and args.query is None:
        raise ProfilingError(f"{url}: name what to profile.", "Add --table NAME or --query 'SELECT ...'.")
    data_root = Path(args.data_dir).resolve() if args.data_dir else None
    ref, password = parse_url(url, password_env=args.password_env, data_root=data_root)
    conn = connect(ref, password=password)
    try:
        expr = select(conn, table=args.table, query=args.query)
        name = args.table or "query"
        profile = profile_table(conn, expr, name=name)
        print(summary(profile), file=out)
        print(f"  {engine_note(ref.engine)}", file=out)
        if args.html:
            loaded = read_rows(conn, expr, name=name, sample_rows=args.report_rows)
            said = [w.message for w in loaded.report.warnings if w.type == "sample"]
            title = f"{name} - sample of {len(loaded.frame):,} of {profile.dataset.rows:,} rows" if said else name
            result = build_report(loaded.frame, title=title, settings=_settings(args))
            result = result.model_copy(update={"rows_total": profile.dataset.rows, "notes": [*said, *result.notes]})
            _write_report(args, result, out)
    finally:
        conn.close()
    return profile


def _spark(path: str, args: argparse.Namespace, out: TextIO) -> DatasetProfile:
    """Profile every row as Spark aggregations; the report, if asked, on a uniform sample drawn by Spark."""
    from profiling.spark import profile_source, report_spark  # pyspark is optional: imported only when asked for

    source = spark_source_from_args(path, args)
    profile = profile_source(source)
    print(summary(profile), file=out)
    print(f"  Computed by Spark ({source.master}): only aggregates reach the driver.", file=out)
    if args.html:
        _write_report(args, report_spark(source, rows=args.report_rows, settings=_settings(args)), out)
    return profile


def _settings(args: argparse.Namespace) -> ReportSettings:
    return ReportSettings(max_rows=args.report_rows, max_columns=args.report_columns)


def _write_report(args: argparse.Namespace, result: ReportResult, out: TextIO) -> None:
    write_text(args.html, result.html)
    used = f"{result.rows_used:,} of {result.rows_total:,} rows"
    print(f"  full report written to {args.html} ({used}, {result.seconds:.1f} s)", file=out)
    for note in result.notes:
        print(f"  report note: {note}", file=out)
