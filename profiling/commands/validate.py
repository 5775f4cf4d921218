"""`python -m profiling validate DATA --suite NAME_OR_FILE`: run a suite; exit 0 all passed, 1 some failed, 2 bad input."""

from __future__ import annotations

import argparse
from pathlib import Path

from profiling.commands.common import (
    EXIT_CHECKS_FAILED,
    EXIT_OK,
    add_load_options,
    load_data,
    summary_stream,
    write_json,
)
from profiling.commands.suite import _read, store_from
from profiling.expectations import SuiteDocument, SuiteStore, ValidationReport, keep_run, parse_suite, validate_frame


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate",
        help="validate a file against an expectation suite (exit 1 when an expectation fails)",
        description="Run a Great Expectations 1.x suite (a name in the project, or a suite JSON file) on DATA.",
    )
    parser.add_argument("data", metavar="DATA", help="file path")
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
    loaded = load_data(args.data, args)
    report = validate_frame(loaded.frame, suite, dataset=loaded.report.name)
    if not args.no_history:
        keep_run(store.project_dir, report)
    print(summary(report), file=summary_stream(args))
    if args.json:
        write_json(args.json, report.model_dump(mode="json"))
    return EXIT_OK if report.success else EXIT_CHECKS_FAILED


def _suite(args: argparse.Namespace, store: SuiteStore) -> SuiteDocument:
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
