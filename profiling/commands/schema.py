"""`python -m profiling schema DATA DATA...` and `harmonize DATA... --mapping PATH --out DIR`: schema dispersion."""

from __future__ import annotations

import argparse
from pathlib import Path

from profiling.commands.common import EXIT_OK, add_load_options, load_data, summary_stream, write_json, write_text
from profiling.errors import ProfilingError
from profiling.loading import Loaded
from profiling.schema import SchemaReport, SchemaSource, compare_schemas
from profiling.schema.harmonise import write_harmonised
from profiling.schema.mapping import propose_mapping, read_mapping


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser(
        "schema",
        help="align the columns of 2..N files and list every disagreement between them",
        description="Match columns across files by names and contents (sources are named by file stem), then "
        "flag missing columns, type, unit, format, missing-marker and category differences.",
    )
    schema.add_argument("data", nargs="+", metavar="DATA", help="two or more file paths")
    add_load_options(schema)
    schema.add_argument("--json", metavar="PATH", help="write the schema report as JSON ('-' for stdout)")
    schema.add_argument("--mapping-out", metavar="PATH", help="write the proposed mapping spec (JSON)")
    schema.add_argument("--union", action="store_true", help="the proposed mapping also builds one union dataset")
    schema.set_defaults(run=run_schema)
    harmonize = commands.add_parser(
        "harmonize",
        help="apply a mapping spec to files and write the harmonised CSV files",
        description="Rename, recode, rescale and unify missing markers as a mapping spec says; one CSV per "
        "source (and the union when the spec asks for it) is written to --out.",
    )
    harmonize.add_argument("data", nargs="+", metavar="DATA", help="file paths (named by file stem, as in schema)")
    add_load_options(harmonize)
    harmonize.add_argument(
        "--mapping", required=True, metavar="PATH", help="mapping spec JSON (from schema --mapping-out)"
    )
    harmonize.add_argument("--out", required=True, metavar="DIR", help="folder for the harmonised CSV files")
    harmonize.set_defaults(run=run_harmonize)


def run_schema(args: argparse.Namespace) -> int:
    if len(args.data) < 2:
        raise ProfilingError("schema compares files: give at least two DATA.", "Example: schema a.csv b.csv")
    loaded = _load_all(args)
    report = compare_schemas(
        [SchemaSource(name=n, frame=item.frame, load_warnings=item.report.warnings) for n, item in loaded.items()]
    )
    print(summary(report), file=summary_stream(args))
    if args.json:
        write_json(args.json, report.model_dump(mode="json"))
    if args.mapping_out:
        write_text(args.mapping_out, propose_mapping(report, union=args.union).model_dump_json(indent=2) + "\n")
    return EXIT_OK


def run_harmonize(args: argparse.Namespace) -> int:
    try:
        text = Path(args.mapping).read_bytes()
    except OSError as err:
        raise ProfilingError(f"Cannot read the mapping {args.mapping}: {err.strerror}.", "Check the path.") from err
    spec = read_mapping(text, origin=Path(args.mapping).name)
    frames = {name: item.frame for name, item in _load_all(args).items()}
    written = write_harmonised(spec, frames, Path(args.out))
    for path in written:
        print(f"written {path}", file=summary_stream(args))
    return EXIT_OK


def source_names(paths: list[str]) -> list[str]:
    """File stems ('adult' for adult.data); full file names when two stems collide (adult.data, adult.test)."""
    stems = [Path(p).stem for p in paths]
    if len(set(stems)) == len(stems):
        return stems
    names = [Path(p).name for p in paths]
    if len(set(names)) != len(names):
        raise ProfilingError(f"Two DATA files have the same name ({', '.join(names)}).", "Rename or copy one of them.")
    return names


def summary(report: SchemaReport) -> str:
    """The report as a few readable lines: groups, unmatched columns, issues by severity."""
    counts = report.counts()
    lines = [
        f"{len(report.sources)} sources ({', '.join(report.sources)}): {len(report.groups)} column groups, "
        f"{len(report.issues)} issues ({counts['high']} high, {counts['medium']} medium, {counts['low']} low)"
    ]
    for group in report.groups:
        cells = " | ".join(c if c is not None else "-" for c in group.columns.values())
        extra = "".join(f" +{s}:{','.join(c)}" for s, c in group.alternatives.items())
        lines.append(f"  group {group.id} {group.name!r} ({group.confidence:.2f}): {cells}{extra}")
    lines += [f"  {i.severity} [{i.type}] {i.detail}" for i in report.issues if i.severity != "low"]
    return "\n".join(lines)


def _load_all(args: argparse.Namespace) -> dict[str, Loaded]:
    return {name: load_data(path, args) for name, path in zip(source_names(args.data), args.data, strict=True)}
