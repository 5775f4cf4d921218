"""`python -m profiling privacy DATA...`: personal data per column, re-identification risk, a redacted copy."""

from __future__ import annotations

import argparse

from profiling.commands.common import (
    EXIT_OK,
    add_load_options,
    load_data,
    split_list,
    summary_stream,
    write_json,
    write_text,
)
from profiling.errors import ProfilingError
from profiling.privacy import DetectOptions, PrivacyReport, default_plan, privacy_report, redact_frame


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "privacy",
        help="find personal data per column, classify it, and measure re-identification risk",
        description="Find personal data (by values and names), classify it (direct identifier, quasi-identifier, "
        "GDPR Art. 9 special category) and measure k-anonymity over the quasi-identifiers.",
    )
    parser.add_argument("data", nargs="+", metavar="DATA", help="file paths")
    add_load_options(parser)
    parser.add_argument("--json", metavar="PATH", help="write the report as JSON ('-' for stdout; a list when several)")
    parser.add_argument(
        "--quasi-identifiers", metavar="LIST", help="comma-separated columns for the risk (default: those found)"
    )
    parser.add_argument("--k-threshold", type=int, default=5, metavar="K", help="groups smaller than K are at risk")
    parser.add_argument("--region", default="US", help="default country for phone numbers without +code (US)")
    parser.add_argument(
        "--redacted", metavar="PATH", help="write a CSV copy with the direct identifiers masked (one DATA only)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.redacted and len(args.data) > 1:
        raise ProfilingError("--redacted writes one file: give one DATA with it.", "Run the command once per file.")
    if args.k_threshold < 1:
        raise ProfilingError(
            f"--k-threshold must be 1 or more, not {args.k_threshold}.", "For example --k-threshold 5."
        )
    out = summary_stream(args)
    reports: list[dict[str, object]] = []
    for path in args.data:
        loaded = load_data(path, args)
        report = privacy_report(
            loaded.frame,
            name=loaded.report.name,
            quasi_identifiers=split_list(args.quasi_identifiers),
            options=DetectOptions(region=args.region.upper()),
            k_threshold=args.k_threshold,
        )
        reports.append(report.model_dump(mode="json"))
        print(summary(report), file=out)
        if args.redacted:
            redacted = redact_frame(loaded.frame, default_plan(report))
            write_text(args.redacted, redacted.to_csv(index=False))
            print(
                f"  redacted copy written to {args.redacted} (masked: {', '.join(report.direct_identifiers) or 'none'})",
                file=out,
            )
    if args.json:
        write_json(args.json, reports[0] if len(reports) == 1 else reports)
    return EXIT_OK


def summary(report: PrivacyReport) -> str:
    """A report as a headline, one line per finding and one for the risk."""
    direct = report.direct_identifiers
    lines = [
        f"{report.dataset}: {report.rows:,} rows, {len(report.columns)} column(s) with personal data; "
        f"direct identifiers: {', '.join(direct) or 'none'}; privacy mode {'on' if report.privacy_mode_recommended else 'off'}"
    ]
    lines += [
        f"  {f.category} {f.column}: {f.pii_type} (confidence {f.confidence:.2f}, "
        f"{'by name' if f.match_fraction is None else f'{f.match_fraction:.0%} of values'})"
        for f in report.columns
    ]
    risk = report.reidentification
    if risk.k is None:
        lines.append("  re-identification: no quasi-identifiers chosen")
    else:
        lines.append(
            f"  re-identification over {', '.join(risk.quasi_identifiers)}: k = {risk.k}, "
            f"{risk.unique_fraction:.1%} of records unique, {risk.at_risk_fraction:.1%} in groups under {risk.k_threshold}"
        )
    return "\n".join(lines)
