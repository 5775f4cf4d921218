"""`python -m profiling drift REFERENCE CURRENT`: per-column drift, schema changes and the verdict, as text or JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from profiling.bigfiles import plan_file
from profiling.commands.common import (
    EXIT_CHECKS_FAILED,
    EXIT_OK,
    add_load_options,
    data_engine,
    load_data,
    spark_source_from_args,
    split_list,
    summary_stream,
    write_json,
    write_text,
)
from profiling.databases import connect, is_database_url, parse_url, select
from profiling.databases.connect import Connection
from profiling.drift import ColumnOptions, DriftOptions, DriftReport, detect_drift
from profiling.errors import ProfilingError
from profiling.loading import Loaded
from profiling.ydata_compare import build_comparison_report
from profiling.ydata_report import ReportSettings

OUT_OF_CORE_SUFFIXES = (".parquet", ".csv")  # files DuckDB can compare in place when they exceed the budget


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
    sides = parser.add_argument_group("per side (database URLs, Spark): override --table / --query for one side")
    for side in ("reference", "current"):
        one = sides.add_mutually_exclusive_group()
        one.add_argument(f"--{side}-table", metavar="NAME", help=f"the {side} table (database or Spark)")
        one.add_argument(f"--{side}-query", metavar="SQL", help=f"a read-only SELECT for the {side} side")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = DriftOptions(
        drift_share=args.drift_share,
        target=args.target,
        positive_label=args.positive_label,
        sensitive=split_list(args.sensitive) or (),
        columns=dict(_override(text) for text in args.test),
    )
    out = summary_stream(args)
    where = where_it_runs(args)
    if where != "memory":
        if args.html:
            raise ProfilingError(
                "--html needs both datasets in memory; this comparison runs in the engine.",
                "Add --sample-rows N to compare loaded samples (with the report), or drop --html.",
            )
        report, note = in_engine(args, where, options)
        print(summary(report), file=out)
        print(f"  {note}", file=out)
        if args.json:
            write_json(args.json, report.model_dump(mode="json"))
        return EXIT_CHECKS_FAILED if args.fail_on_drift and report.dataset_drift else EXIT_OK
    reference, current = (load_data(path, side_args(args, side)) for path, side in _paths(args))
    names = [side_name(path, side_args(args, side)) for path, side in _paths(args)]
    report = detect_drift(
        reference.frame, current.frame, options=options, reference_name=names[0], current_name=names[1]
    )
    print(summary(report), file=out)
    if args.json:
        write_json(args.json, report.model_dump(mode="json"))
    if args.html:
        _write_html(args, (reference, current), names, out)
    return EXIT_CHECKS_FAILED if args.fail_on_drift and report.dataset_drift else EXIT_OK


def _write_html(args: argparse.Namespace, loaded: tuple[Loaded, Loaded], names: list[str], out: TextIO) -> None:
    result = build_comparison_report(
        loaded[0].frame,
        loaded[1].frame,
        reference_title=names[0],
        current_title=names[1],
        settings=ReportSettings(max_rows=args.report_rows),
    )
    write_text(args.html, result.html)
    print(f"  comparison report written to {args.html} ({result.seconds:.1f} s)", file=out)


def where_it_runs(args: argparse.Namespace) -> str:
    """'spark', 'database' (both sides database URLs, every row), 'files' (Parquet/CSV over the memory
    budget, out of core) or 'memory' (loaded, as every other command does; also for --sample-rows)."""
    engines = {data_engine(path, side_args(args, side)) for path, side in _paths(args)}
    if "spark" in engines:
        return "spark"
    urls = [is_database_url(path) for path, _ in _paths(args)]
    if all(urls) and not args.sample_rows:
        return "database"
    files = [Path(path) for path, _ in _paths(args)]
    if any(urls) or not all(f.suffix.lower() in OUT_OF_CORE_SUFFIXES and f.is_file() for f in files):
        return "memory"  # (a missing file is reported by the loader)
    return "files" if any(plan_file(Path(path)).out_of_core for path, _ in _paths(args)) else "memory"


def in_engine(args: argparse.Namespace, where: str, options: DriftOptions) -> tuple[DriftReport, str]:
    """The report computed by Spark, inside the databases, or by DuckDB over the files; and where it ran."""
    from profiling.drift.files import compare_files  # Ibis loads only for these paths
    from profiling.drift.sources import compare_spark, where_note

    if where == "spark":
        sources = [spark_source_from_args(path, side_args(args, side)) for path, side in _paths(args)]
        return compare_spark(sources[0], sources[1], options=options), where_note("spark")
    if where == "files":
        report = compare_files(args.reference, args.current, options=options)
        return report, where_note("files")
    return _databases(args, options)


def side_args(args: argparse.Namespace, side: str) -> argparse.Namespace:
    """The arguments of one side: --reference-table/--current-query... override the shared --table/--query."""
    table, query = getattr(args, f"{side}_table", None), getattr(args, f"{side}_query", None)
    if table is None and query is None:
        table, query = args.table, args.query
    return argparse.Namespace(**{**vars(args), "table": table, "query": query})


def side_name(path: str, args: argparse.Namespace) -> str:
    """A side's name: its table, 'query', or the file's stem."""
    if is_database_url(path) or args.engine == "spark":
        return args.table or ("query" if args.query else Path(path).stem)
    return Path(path).stem


def _paths(args: argparse.Namespace) -> list[tuple[str, str]]:
    return [(args.reference, "reference"), (args.current, "current")]


def _databases(args: argparse.Namespace, options: DriftOptions) -> tuple[DriftReport, str]:
    """Both sides inside their databases (one connection when both URLs are the same database)."""
    from profiling.drift.sources import compare_database_tables, where_note

    data_root = Path(args.data_dir).resolve() if getattr(args, "data_dir", None) else None
    opened: dict[str, Connection] = {}
    try:
        sides = []
        for path, side in _paths(args):
            if path not in opened:
                ref, password = parse_url(path, password_env=args.password_env, data_root=data_root)
                opened[path] = connect(ref, password=password)
            conn, mine = opened[path], side_args(args, side)
            sides.append((conn, select(conn, table=mine.table, query=mine.query)))
        names = (
            side_name(args.reference, side_args(args, "reference")),
            side_name(args.current, side_args(args, "current")),
        )
        report = compare_database_tables(sides[0], sides[1], options=options, names=names)
        engines = sorted({conn.ref.engine for conn in opened.values()})
        return report, " ".join(where_note(engine) for engine in engines)
    finally:
        for conn in opened.values():
            conn.close()


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
