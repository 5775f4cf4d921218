"""`python -m profiling schema DATA DATA...` and `harmonize DATA... --mapping PATH --out DIR`: schema dispersion."""

from __future__ import annotations

import argparse
from pathlib import Path

from profiling.commands.common import (
    EXIT_OK,
    add_load_options,
    load_data,
    spark_source_from_args,
    summary_stream,
    write_json,
    write_text,
)
from profiling.databases import connect, is_database_url, parse_url, select
from profiling.errors import ProfilingError
from profiling.loading import Loaded
from profiling.schema import SchemaReport, SchemaSource, compare_schemas
from profiling.schema.harmonise import write_harmonised
from profiling.schema.mapping import propose_mapping, read_mapping
from profiling.schema.sources import SAMPLE_ROWS, EngineSource, compare_engine_sources, database_schema_source
from profiling.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser(
        "schema",
        help="align the columns of 2..N files and list every disagreement between them",
        description="Match columns across files by names and contents (sources are named by file stem), then "
        "flag missing columns, type, unit, format, missing-marker and category differences. Where the data lives: "
        "`schema URL TABLE TABLE...` compares tables of one database (sqlite:///f, duckdb:///f, postgresql://...), "
        "and `schema DATA DATA... --engine spark` compares Parquet paths or Spark tables; their counts, ranges and "
        f"quantiles are computed by the engine over every row, value details on a uniform sample (--sample-rows, "
        f"default {SAMPLE_ROWS:,}).",
    )
    schema.add_argument(
        "data",
        nargs="+",
        metavar="DATA",
        help="two or more file paths; or a database URL then two or more of its table names; or, with --engine "
        "spark, Parquet paths or Spark table names",
    )
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
    if args.engine == "spark" or _one_database(args):
        report = compare_engine_sources(_engine_sources(args))
    else:
        if len(args.data) < 2:
            raise ProfilingError(
                "schema compares files: give at least two DATA.",
                "Example: schema a.csv b.csv, or schema sqlite:///db.sqlite table1 table2",
            )
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
    if report.note:
        lines.append(f"  note: {report.note}")
    return "\n".join(lines)


def _one_database(args: argparse.Namespace) -> bool:
    """`schema URL TABLE...`: the first DATA is a database URL and the others are not."""
    return is_database_url(args.data[0]) and not any(is_database_url(d) for d in args.data[1:])


def _engine_sources(args: argparse.Namespace) -> list[EngineSource]:
    if args.query or args.table:
        option = "--query" if args.query else "--table"
        raise ProfilingError(
            f"{option} contradicts schema's DATA, which already names the tables to compare.",
            f"Drop {option}: schema sqlite:///db.sqlite table1 table2, or schema a.parquet b.parquet --engine spark.",
        )
    rows = args.sample_rows if args.sample_rows is not None else SAMPLE_ROWS
    if rows < 1:
        raise ProfilingError(f"--sample-rows {rows}: a sample needs at least one row.", "Use --sample-rows 50000.")
    limits = Settings.from_env().limits
    if args.engine == "spark":
        return _spark_sources(args, rows=rows)
    url, tables = args.data[0], args.data[1:]
    if len(tables) < 2:
        raise ProfilingError(
            f"schema compares tables: give at least two table names after {url.split('://', 1)[0]}://...",
            "Example: schema sqlite:///db.sqlite table1 table2",
        )
    data_root = Path(args.data_dir).resolve() if args.data_dir else None
    ref, password = parse_url(url, password_env=args.password_env, data_root=data_root)
    if args.engine is not None and args.engine not in (ref.engine, "duckdb" if ref.engine == "sqlite" else ""):
        raise ProfilingError(
            f"--engine {args.engine} contradicts the URL {url.split('://', 1)[0]}://..., a {ref.engine} database.",
            "Drop --engine: the URL names the engine.",
        )
    conn = connect(ref, password=password)
    try:
        for table in tables:  # every name is checked before the first (long) profile runs
            select(conn, table=table)
        return [database_schema_source(conn, table=t, sample_rows=rows, limits=limits) for t in tables]
    finally:
        conn.close()


def _spark_sources(args: argparse.Namespace, *, rows: int) -> list[EngineSource]:
    from profiling.schema.sources import spark_schema_source
    from profiling.spark import spark_frame

    if len(args.data) < 2:
        raise ProfilingError(
            "schema --engine spark compares sources: give at least two Parquet paths or Spark table names.",
            "Example: schema a.parquet b.parquet --engine spark",
        )
    found = []
    for data in args.data:
        if is_database_url(data):
            raise ProfilingError(
                f"--engine spark contradicts DATA {data.split('://', 1)[0]}://..., a database URL.",
                "Drop --engine spark to profile the tables in their database: schema URL table1 table2",
            )
        as_table = argparse.Namespace(**{**vars(args), "table": None if _is_path(data) else data})
        found.append(spark_source_from_args(data, as_table))
    for source in found:  # an unknown table or unreadable path fails before the first (long) profile runs
        spark_frame(source)
    return [spark_schema_source(source, sample_rows=rows, limits=Settings.from_env().limits) for source in found]


def _is_path(data: str) -> bool:
    """A Parquet path (an existing file or folder, a cluster URI, or a name with a slash or .parquet) rather than
    a Spark table name."""
    return "/" in data or data.endswith(".parquet") or Path(data).exists()


def _load_all(args: argparse.Namespace) -> dict[str, Loaded]:
    return {name: load_data(path, args) for name, path in zip(source_names(args.data), args.data, strict=True)}
