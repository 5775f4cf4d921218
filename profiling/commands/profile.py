"""`python -m profiling profile DATA...`: the fast profile as a summary or JSON, and the full HTML report."""

from __future__ import annotations

import argparse

from profiling.commands.common import EXIT_OK, add_load_options, load_data, summary_stream, write_json, write_text
from profiling.errors import ProfilingError
from profiling.profile import DatasetProfile, profile_frame
from profiling.ydata_report import ReportSettings, build_report


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "profile",
        help="profile files: statistics, alerts, correlations; optionally the full HTML report",
        description="Profile every row of each file (DuckDB) and print a summary with the alerts.",
    )
    parser.add_argument("data", nargs="+", metavar="DATA", help="file paths")
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
        loaded = load_data(path, args)
        profile = profile_frame(loaded.frame, name=loaded.report.name, load_warnings=loaded.report.warnings)
        profiles.append(profile.model_dump(mode="json"))
        print(summary(profile), file=out)
        if args.html:
            settings = ReportSettings(max_rows=args.report_rows, max_columns=args.report_columns)
            result = build_report(loaded.frame, title=loaded.report.name, settings=settings)
            write_text(args.html, result.html)
            print(f"  full report written to {args.html} ({result.seconds:.1f} s)", file=out)
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
