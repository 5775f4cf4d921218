"""`python -m profiling load DATA...`: load files and print (or write as JSON) their load reports."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from profiling import intake
from profiling.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    add_load_options,
    load_data,
    options_from_args,
    summary_stream,
    write_json,
)
from profiling.databases import is_database_url
from profiling.errors import ProfilingError
from profiling.loading import Loaded, LoadReport
from profiling.settings import Settings
from profiling.workspace import ROLES, DatasetMeta, Workspace


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "load",
        help="load files and print their load reports",
        description="Load delimited text, Parquet, Excel, JSON or JSON Lines files (optionally .gz or .zip) "
        "and report every change made to the data.",
    )
    parser.add_argument(
        "data",
        nargs="+",
        metavar="DATA",
        help="file paths, a database URL with --table/--query, or a Parquet path with --engine spark --sample N",
    )
    add_load_options(parser)
    parser.add_argument("--json", metavar="PATH", help="write the load reports as a JSON list ('-' for stdout)")
    parser.add_argument("--save", action="store_true", help="also store each dataset in the workspace")
    parser.add_argument("--role", choices=ROLES, default="unassigned", help="role tag for saved datasets")
    parser.add_argument(
        "--workspace", metavar="DIR", help="workspace folder (default: $PRISM_WORKSPACE or ./workspace)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    workspace = None
    if args.save:
        workspace = Workspace(Path(args.workspace) if args.workspace else Settings.from_env().workspace_dir)
    reports: list[LoadReport] = []
    failed = 0
    out = summary_stream(args)
    for path in args.data:
        try:
            big = _load_out_of_core(path, args, workspace)
            loaded = load_data(path, args) if big is None else None
        except ProfilingError as err:
            failed += 1
            print(f"prism: error: {err.one_line()}", file=sys.stderr)
            continue
        if big is not None:  # over the memory budget: streamed by DuckDB, never loaded into pandas
            reports.append(big.load_report)
            print(summary(big.load_report), file=out)
            if workspace is not None:
                print(f"  saved to the workspace as {big.name!r} (id {big.id}), out of core", file=out)
            continue
        assert loaded is not None
        reports.append(loaded.report)
        print(summary(loaded.report), file=out)
        if workspace is not None:
            meta = workspace.add(loaded, origin=_origin(path, loaded, args), role=args.role)
            print(f"  saved to the workspace as {meta.name!r} (id {meta.id})", file=out)
    if args.json:
        write_json(args.json, [report.model_dump(mode="json") for report in reports])
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _load_out_of_core(path: str, args: argparse.Namespace, workspace: Workspace | None) -> DatasetMeta | None:
    """A Parquet or CSV file over the memory budget (PRISM_MEMORY_BUDGET_MB), stored out of core: in the
    workspace with --save, else in a scratch workspace only for its report. None for any other DATA."""
    if is_database_url(path) or getattr(args, "engine", None) == "spark":
        return None
    options, limits = options_from_args(args), Settings.from_env().limits  # bad options first, as load_data
    data_root = Path(args.data_dir).resolve() if getattr(args, "data_dir", None) else None
    if intake.over_budget(path, data_root=data_root) is None:
        return None
    if workspace is not None:
        origin = f"file: {Path(path).resolve()}"
        return intake.add_path(
            workspace, path, origin=origin, options=options, limits=limits, data_root=data_root, role=args.role
        )
    with tempfile.TemporaryDirectory(prefix="prism-load-") as scratch:
        return intake.add_path(
            Workspace(Path(scratch)), path, origin="file", options=options, limits=limits, data_root=data_root
        )


def _origin(path: str, loaded: Loaded, args: argparse.Namespace) -> str:
    """Where a saved dataset came from: the file, the database (URL without password) and table, or Spark."""
    if loaded.report.source.startswith("spark:"):
        return loaded.report.source  # "spark: <master> <path or table>"
    if is_database_url(path):
        what = f"table {args.table!r}" if args.table else "query"
        sampled = " (a sample)" if any(w.type == "sample" for w in loaded.report.warnings) else ""
        return f"database: {loaded.report.source} {what}{sampled}"
    return f"file: {Path(path).resolve()}"


def summary(report: LoadReport) -> str:
    """A load report as a few readable lines."""
    opts = report.options
    found = [
        f"format {report.format}" + (f" ({report.compression})" if report.compression else ""),
        f"encoding {report.encoding}" if report.encoding else "",
        f"delimiter {opts.delimiter!r}" if opts.delimiter else "",
        f"header {'yes' if opts.header else 'no'}" if opts.header is not None else "",
        f"skipped {opts.skip_rows} line(s)" if opts.skip_rows else "",
        f"sheet {opts.sheet!r}" if opts.sheet else "",
    ]
    lines = [f"{report.name}: {report.rows:,} rows x {report.columns:,} columns; " + ", ".join(f for f in found if f)]
    lines += [f"  warning [{w.type}]: {w.message}" for w in report.warnings]
    return "\n".join(lines)
