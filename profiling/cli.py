"""The command line twin of the dashboard: `python -m profiling SUBCOMMAND ...`, results as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from profiling.errors import ProfilingError
from profiling.loading import DEFAULT_MISSING_MARKERS, LoadOptions, LoadReport, load_path
from profiling.profile import DatasetProfile, profile_frame
from profiling.settings import Settings
from profiling.storage import atomic_write
from profiling.workspace import ROLES, Workspace
from profiling.ydata_report import ReportSettings, build_report

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2 like every other bad input."""

    def error(self, message: str) -> Any:
        self.exit(
            EXIT_BAD_INPUT, f"prism: error: {message} (see `python -m profiling {self.prog.split()[-1]} --help`)\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the exit code (0 ok, 1 checks failed, 2 bad input)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.run(args))
    except ProfilingError as err:
        print(f"prism: error: {err.one_line()}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m profiling", description="Prism: profile the data behind ML models.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    load = commands.add_parser(
        "load",
        help="load files and print their load reports",
        description="Load delimited text, Parquet, Excel, JSON or JSON Lines files (optionally .gz or .zip) "
        "and report every change made to the data.",
    )
    load.add_argument("data", nargs="+", metavar="DATA", help="file paths")
    add_load_options(load)
    load.add_argument("--json", metavar="PATH", help="write the load reports as a JSON list ('-' for stdout)")
    load.add_argument("--save", action="store_true", help="also store each dataset in the workspace")
    load.add_argument("--role", choices=ROLES, default="unassigned", help="role tag for saved datasets")
    load.add_argument("--workspace", metavar="DIR", help="workspace folder (default: $PRISM_WORKSPACE or ./workspace)")
    load.set_defaults(run=_run_load)

    profile = commands.add_parser(
        "profile",
        help="profile files: statistics, alerts, correlations; optionally the full HTML report",
        description="Profile every row of each file (DuckDB) and print a summary with the alerts.",
    )
    profile.add_argument("data", nargs="+", metavar="DATA", help="file paths")
    add_load_options(profile)
    profile.add_argument(
        "--json", metavar="PATH", help="write the profile as JSON ('-' for stdout; a list when several DATA)"
    )
    profile.add_argument("--html", metavar="PATH", help="write the full fg-data-profiling report (one DATA only)")
    profile.add_argument("--report-rows", type=int, default=50_000, metavar="N", help="rows sampled for --html")
    profile.add_argument("--report-columns", type=int, default=50, metavar="N", help="columns at most for --html")
    profile.set_defaults(run=_run_profile)
    return parser


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """The load options shared by every subcommand that reads files."""
    group = parser.add_argument_group("load options (detected when not given)")
    group.add_argument("--delimiter", help="field delimiter: ',', ';', 'tab', '|' or 'space'")
    header = group.add_mutually_exclusive_group()
    header.add_argument("--header", dest="header", action="store_const", const=True, help="first row is a header")
    header.add_argument("--no-header", dest="header", action="store_const", const=False, help="there is no header row")
    group.add_argument("--names", help="comma-separated column names (for files without a header)")
    group.add_argument("--skip-rows", type=int, metavar="N", help="lines to skip before the data (a preamble)")
    group.add_argument(
        "--missing-markers",
        metavar="LIST",
        help=f"comma-separated values that mean missing (default: {','.join(m or '<empty>' for m in DEFAULT_MISSING_MARKERS)})",
    )
    group.add_argument("--encoding", help="text encoding, e.g. utf-8, latin-1, utf-16")
    group.add_argument("--sheet", help="Excel sheet name")
    group.add_argument("--member", help="file to read inside a .zip archive")


def options_from_args(args: argparse.Namespace) -> LoadOptions:
    """LoadOptions from parsed CLI arguments."""
    delimiter = {"tab": "\t", "\\t": "\t", "space": " ", "spaces": " "}.get(args.delimiter, args.delimiter)
    try:
        return LoadOptions(
            delimiter=delimiter,
            header=args.header,
            column_names=_split(args.names),
            skip_rows=args.skip_rows,
            missing_markers=_split(args.missing_markers, keep_empty=True),
            encoding=args.encoding,
            sheet=args.sheet,
            member=args.member,
        )
    except ValidationError as err:
        problem = err.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise ProfilingError(f"Invalid load option --{field.replace('_', '-')}: {problem['msg']}.") from err


def _run_load(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    options = options_from_args(args)
    workspace = Workspace(Path(args.workspace)) if args.workspace else None
    if args.save and workspace is None:
        workspace = Workspace(settings.workspace_dir)
    reports: list[LoadReport] = []
    failed = 0
    # With --json -, stdout carries only the JSON; the readable summary goes to stderr.
    out = sys.stderr if args.json == "-" else sys.stdout
    for path in args.data:
        try:
            loaded = load_path(path, options=options, limits=settings.limits)
        except ProfilingError as err:
            failed += 1
            print(f"prism: error: {err.one_line()}", file=sys.stderr)
            continue
        reports.append(loaded.report)
        print(_summary(loaded.report), file=out)
        if args.save and workspace is not None:
            meta = workspace.add(loaded, origin=f"file: {Path(path).resolve()}", role=args.role)
            print(f"  saved to the workspace as {meta.name!r} (id {meta.id})", file=out)
    if args.json:
        _write_json(args.json, [report.model_dump(mode="json") for report in reports])
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _run_profile(args: argparse.Namespace) -> int:
    if args.html and len(args.data) > 1:
        raise ProfilingError("--html writes one report: give one DATA with it.", "Run the command once per file.")
    settings = Settings.from_env()
    options = options_from_args(args)
    out = sys.stderr if args.json == "-" else sys.stdout
    profiles: list[dict[str, object]] = []
    for path in args.data:
        loaded = load_path(path, options=options, limits=settings.limits)
        profile = profile_frame(loaded.frame, name=loaded.report.name, load_warnings=loaded.report.warnings)
        profiles.append(profile.model_dump(mode="json"))
        print(_profile_summary(profile), file=out)
        if args.html:
            report_settings = ReportSettings(max_rows=args.report_rows, max_columns=args.report_columns)
            result = build_report(loaded.frame, title=loaded.report.name, settings=report_settings)
            _write_text(args.html, result.html)
            print(f"  full report written to {args.html} ({result.seconds:.1f} s)", file=out)
    if args.json:
        _write_json(args.json, profiles[0] if len(profiles) == 1 else profiles)
    return EXIT_OK


def _profile_summary(profile: DatasetProfile) -> str:
    d = profile.dataset
    lines = [
        f"{d.name}: {d.rows:,} rows x {d.columns:,} columns, {d.duplicate_rows:,} duplicate rows, "
        f"{d.missing_cells_fraction:.1%} missing cells, quality {d.quality_score:.0%}, {len(profile.alerts)} alerts"
    ]
    lines += [f"  alert [{a.type}] {a.column or '(dataset)'}: {a.message}" for a in profile.alerts]
    return "\n".join(lines)


def _summary(report: LoadReport) -> str:
    opts = report.options
    found = [
        f"format {report.format}" + (f" ({report.compression})" if report.compression else ""),
        f"encoding {report.encoding}" if report.encoding else "",
        f"delimiter {opts.delimiter!r}" if opts.delimiter else "",
        f"header {'yes' if opts.header else 'no'}" if opts.header is not None else "",
        f"skipped {opts.skip_rows} line(s)" if opts.skip_rows else "",
        f"sheet {opts.sheet!r}" if opts.sheet else "",
    ]
    lines = [
        f"{report.name}: {report.rows:,} rows x {report.columns:,} columns; " + ", ".join(f for f in found if f),
    ]
    lines += [f"  warning [{w.type}]: {w.message}" for w in report.warnings]
    return "\n".join(lines)


def _write_json(target: str, payload: object) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    _write_text(target, text)


def _write_text(target: str, text: str) -> None:
    try:
        atomic_write(Path(target).resolve(), text.encode("utf-8"))
    except OSError as err:
        raise ProfilingError(f"Cannot write the file {target}: {err.strerror}.", "Choose a writable path.") from err


def _split(value: str | None, *, keep_empty: bool = False) -> tuple[str, ...] | None:
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",")]
    return tuple(part for part in parts if part or keep_empty)
