"""`python -m profiling drift REFERENCE CURRENT`: per-column drift, schema changes and the verdict, as text or JSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from profiling.commands.common import (
    EXIT_CHECKS_FAILED,
    EXIT_OK,
    add_load_options,
    load_data,
    split_list,
    summary_stream,
    write_json,
    write_text,
)
from profiling.drift import ColumnOptions, DriftOptions, DriftReport, detect_drift
from profiling.errors import ProfilingError
from profiling.ydata_compare import build_comparison_report
from profiling.ydata_report import ReportSettings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "drift",
        help="compare a reference and a current dataset: drift per column, schema changes, verdict",
        description="Compare CURRENT with REFERENCE over every row (DuckDB). Exit 0, or 1 with --fail-on-drift "
        "when the dataset drifted, 2 on bad input.",
    )
    parser.add_argument("reference", metavar="REFERENCE", help="the reference (training) data file")
    parser.add_argument("current", metavar="CURRENT", help="the current (production) data file")
    add_load_options(parser)
    parser.add_argument("--json", metavar="PATH", help="write the drift report as JSON ('-' for stdout)")
    parser.add_argument("--html", metavar="PATH", help="write the fg-data-profiling comparison report")
    parser.add_argument("--fail-on-drift", action="store_true", help="exit 1 when the dataset drifted")
    parser.add_argument("--drift-share", type=float, default=0.5, help="share of drifted columns for dataset drift")
    parser.add_argument("--target", help="the label column (label drift, left out of the drift share)")
    parser.add_argument("--positive-label", help="the target value counted as the positive outcome")
    parser.add_argument("--sensitive", help="comma-separated sensitive attributes (group outcome rates)")
    parser.add_argument(
        "--test", action="append", default=[], metavar="COLUMN=TEST[:THRESHOLD]", help="override a column's test"
    )
    parser.add_argument("--report-rows", type=int, default=50_000, metavar="N", help="rows sampled per side for --html")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = DriftOptions(
        drift_share=args.drift_share,
        target=args.target,
        positive_label=args.positive_label,
        sensitive=split_list(args.sensitive) or (),
        columns=dict(_override(text) for text in args.test),
    )
    reference, current = load_data(args.reference, args), load_data(args.current, args)
    names = [Path(p).stem for p in (args.reference, args.current)]
    report = detect_drift(
        reference.frame, current.frame, options=options, reference_name=names[0], current_name=names[1]
    )
    out = summary_stream(args)
    print(summary(report), file=out)
    if args.json:
        write_json(args.json, report.model_dump(mode="json"))
    if args.html:
        result = build_comparison_report(
            reference.frame,
            current.frame,
            reference_title=names[0],
            current_title=names[1],
            settings=ReportSettings(max_rows=args.report_rows),
        )
        write_text(args.html, result.html)
        print(f"  comparison report written to {args.html} ({result.seconds:.1f} s)", file=out)
    return EXIT_CHECKS_FAILED if args.fail_on_drift and report.dataset_drift else EXIT_OK


def summary(report: DriftReport) -> str:
    """The verdict, then one line per drifted column and per schema change."""
    verdict = "DRIFT" if report.dataset_drift else "no dataset drift"
    lines = [
        f"{report.current} vs {report.reference}: {verdict}: {report.verdict} ({report.drift_share:.0%}, "
        f"threshold {report.drift_share_threshold:.0%}); {report.seconds:.2f} s"
    ]
    for column in report.columns:
        if column.drifted:
            stat = f"{column.statistic:.4g}" if column.statistic is not None else "-"
            lines.append(
                f"  drifted {column.column} [{column.kind}, {column.test or 'missing values'} {stat}, "
                f"{column.severity or 'no'} effect]: {column.effect}"
            )
    lines += [f"  schema [{c.type}] {c.detail}" for c in report.schema_changes]
    if report.label is not None:
        label = report.label
        lines.append(
            f"  label {label.target}: {'drifted' if label.drift.drifted else 'no drift'}; {label.drift.effect}"
        )
    return "\n".join(lines)


def _override(text: str) -> tuple[str, ColumnOptions]:
    column, sep, rest = text.rpartition("=")
    test, _, threshold = rest.partition(":")
    if not sep or not column or not test:
        raise ProfilingError(f"--test {text!r} is not COLUMN=TEST[:THRESHOLD].", "For example: --test age=psi:0.2")
    try:
        return column, ColumnOptions(test=test, threshold=float(threshold) if threshold else None)
    except ValueError:
        raise ProfilingError(
            f"--test {text!r}: the threshold must be a number.", "For example: --test age=ks:0.01"
        ) from None
