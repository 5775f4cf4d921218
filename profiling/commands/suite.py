"""`python -m profiling suite build|list|export|import`: expectation suites in a Great Expectations 1.x project."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from profiling.commands.common import EXIT_OK, add_load_options, load_data, write_text
from profiling.errors import ProfilingError
from profiling.expectations.models import STRICTNESS, SuiteDocument

if TYPE_CHECKING:  # Great Expectations loads only when a suite command runs (seconds of start-up otherwise)
    from profiling.expectations import SuiteStore


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "suite",
        help="build, list, export and import Great Expectations suites",
        description="Expectation suites kept in a plain Great Expectations 1.x project (gx/expectations/*.json).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser("build", help="suggest a suite from trusted data and save it")
    build.add_argument("data", metavar="DATA", help="file path of the trusted data")
    build.add_argument("--name", required=True, help="suite name (letters, digits, '_', '-', '.')")
    build.add_argument(
        "--strictness", choices=STRICTNESS, default="balanced", help="margins and 'mostly' (default balanced)"
    )
    build.add_argument("--replace", action="store_true", help="overwrite a suite of that name")
    add_load_options(build)
    actions.add_parser("list", help="list the suites of the project")
    export = actions.add_parser("export", help="write a suite as JSON")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the JSON ('-' for stdout)")
    importing = actions.add_parser("import", help="import a suite JSON file (all suites in it, or none)")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--replace", action="store_true", help="overwrite suites of the same name")
    for sub in (build, actions.choices["list"], export, importing):
        sub.add_argument("--project-dir", metavar="DIR", help="GX project folder (default: the workspace)")
        sub.set_defaults(run=run)


def store_from(args: argparse.Namespace) -> SuiteStore:
    from profiling.expectations import SuiteStore, default_project_dir

    return SuiteStore(Path(args.project_dir) if args.project_dir else default_project_dir())


def run(args: argparse.Namespace) -> int:
    store = store_from(args)
    if args.action == "build":
        from profiling.expectations import suggest_suite
        from profiling.profile import profile_frame

        loaded = load_data(args.data, args)
        profile = profile_frame(loaded.frame, name=loaded.report.name, load_warnings=loaded.report.warnings)
        specs = suggest_suite(profile, loaded.frame, strictness=args.strictness)
        path = store.save(SuiteDocument(name=args.name, expectations=specs), replace=args.replace)
        print(
            f"suite {args.name!r}: {len(specs)} expectations from {loaded.report.name} ({args.strictness}), saved to {path}"
        )
    elif args.action == "list":
        for info in store.suites():
            state = f"problem: {info.problem}" if info.problem else f"{info.expectations} expectations"
            print(f"{info.name}\t{state}\t{info.modified}")
    elif args.action == "export":
        data = store.export_json(args.name).decode("utf-8")
        if args.out == "-":
            print(data, end="")
        else:
            write_text(args.out, data)
            print(f"suite {args.name!r} written to {args.out}")
    else:
        names = store.import_json(_read(args.file), replace=args.replace, source=Path(args.file).name)
        print(f"imported {len(names)} suite(s): {', '.join(names)}")
    return EXIT_OK


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise ProfilingError(f"Cannot read the suite file {path}: {err.strerror}.", "Check the path.") from err
