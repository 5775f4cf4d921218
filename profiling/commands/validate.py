"""`python -m profiling validate DATA --suite S`: run a suite where DATA lives; exit 0 passed, 1 failed, 2 bad input."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from profiling.commands.common import (
    EXIT_CHECKS_FAILED,
    EXIT_OK,
    add_load_options,
    load_data,
    summary_stream,
    write_json,
)
from profiling.commands.suite import _read, store_from
from profiling.databases import is_database_url, parse_url
from profiling.errors import ProfilingError, UnsafeInputError
from profiling.expectations.models import SuiteDocument, ValidationReport

if TYPE_CHECKING:  # Great Expectations loads only when a suite runs (seconds of start-up for every command otherwise)
    from profiling.expectations import SuiteStore


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate",
        help="validate a file, database table or Spark data against an expectation suite (exit 1 on a failure)",
        description="Run a Great Expectations 1.x suite (a name in the project, or a suite JSON file) on DATA: "
        "a file; a database URL with --table/--query (SQLite and PostgreSQL run the checks as SQL in the "
        "database, DuckDB on a stated sample); with --engine spark a Parquet path or Spark table (checks as Spark "
        "jobs). A file over PRISM_MEMORY_BUDGET_MB is checked on a stated uniform sample unless --engine spark.",
    )
    parser.add_argument("data", metavar="DATA", help="file path, database URL, or (--engine spark) Parquet path/table")
    parser.add_argument(
        "--suite", required=True, metavar="NAME_OR_FILE", help="suite name in the project, or a .json file"
    )
    parser.add_argument("--project-dir", metavar="DIR", help="GX project folder (default: the workspace)")
    parser.add_argument("--json", metavar="PATH", help="write the validation result as JSON ('-' for stdout)")
    parser.add_argument("--no-history", action="store_true", help="do not keep this run in the suite's history")
    add_load_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = store_from(args)
    suite = _suite(args, store)
    report = _validate(args, suite)
    if not args.no_history:
        from profiling.expectations import keep_run

        keep_run(store.project_dir, report)
    print(summary(report), file=summary_stream(args))
    if args.json:
        write_json(args.json, report.model_dump(mode="json"))
    return EXIT_OK if report.success else EXIT_CHECKS_FAILED


def _validate(args: argparse.Namespace, suite: SuiteDocument) -> ValidationReport:
    """Where the checks run: in the database, on Spark, on a big file's sample, or on the loaded frame."""
    from profiling.expectations import validate_frame
    from profiling.expectations.sources import validate_file, validate_spark, validate_table

    data_root = Path(args.data_dir).resolve() if args.data_dir else None
    if is_database_url(args.data):
        ref, password = parse_url(args.data, password_env=args.password_env, data_root=data_root)
        implied = {"sqlite": None, "duckdb": "duckdb", "postgres": "postgres"}[ref.engine]
        if args.engine is not None and args.engine != implied:
            raise ProfilingError(f"--engine {args.engine} contradicts the {ref.engine} URL.", "Leave out --engine.")
        return validate_table(
            ref, suite, table=args.table, query=args.query, password=password, sample_rows=args.sample_rows
        )
    if args.table or args.query:
        raise ProfilingError("--table and --query need DATA to be a database URL.", "Give sqlite:///file or similar.")
    path = Path(args.data)
    if data_root is not None and path.exists() and not path.resolve().is_relative_to(data_root):
        raise UnsafeInputError(f"{args.data} is outside --data-dir {args.data_dir}.", "Give a path inside it.")
    if args.engine == "spark":
        looks_like_path = path.exists() or "://" in args.data or "/" in args.data or path.suffix == ".parquet"
        where = {"parquet": args.data} if looks_like_path else {"table": args.data}
        return validate_spark(suite, master=args.spark_master, **where)
    big = validate_file(path, suite, sample_rows=args.sample_rows)
    if big is not None:
        return big
    loaded = load_data(args.data, args)
    return validate_frame(loaded.frame, suite, dataset=loaded.report.name)


def _suite(args: argparse.Namespace, store: SuiteStore) -> SuiteDocument:
    from profiling.expectations import parse_suite

    candidate = Path(args.suite)
    if candidate.suffix == ".json" and candidate.is_file():
        return parse_suite(_read(args.suite), source=candidate.name)
    return store.load(args.suite)


def summary(report: ValidationReport) -> str:
    """A headline and one line per failed expectation."""
    s = report.statistics
    verdict = "passed" if report.success else "FAILED"
    lines = [
        f"{report.dataset} against suite {report.suite!r}: {verdict}, {s.successful}/{s.evaluated} expectations met"
    ]
    if report.note:
        lines.append(f"  where: {report.note}")
    for r in report.failures_first():
        if r.success:
            break
        where = r.column if r.column is not None else "(table)"
        found = f"error: {r.exception}" if r.exception else f"observed {r.observed_value!r}"
        if r.unexpected_count:
            found = (
                f"{r.unexpected_count:,} unexpected ({r.unexpected_percent or 0:.2f}%), e.g. {r.unexpected_values[:5]}"
            )
        lines.append(f"  fail {r.expectation_type} [{where}]: {found}")
    return "\n".join(lines)
