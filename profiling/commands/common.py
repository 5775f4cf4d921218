"""What every subcommand shares: exit codes, load options, reading DATA arguments, writing outputs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from profiling.errors import ProfilingError
from profiling.loading import DEFAULT_MISSING_MARKERS, Loaded, LoadOptions, load_path
from profiling.settings import Settings
from profiling.storage import atomic_write

EXIT_OK, EXIT_CHECKS_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """The load options shared by every subcommand that reads files."""
    group = parser.add_argument_group("load options (detected when not given)")
    group.add_argument("--delimiter", help="field delimiter: ',', ';', 'tab', '|' or 'space'")
    header = group.add_mutually_exclusive_group()
    header.add_argument("--header", dest="header", action="store_const", const=True, help="first row is a header")
    header.add_argument("--no-header", dest="header", action="store_const", const=False, help="there is no header row")
    group.add_argument("--names", help="comma-separated column names (for files without a header)")
    group.add_argument("--skip-rows", type=int, metavar="N", help="lines to skip before the data (a preamble)")
    markers = ",".join(m or "<empty>" for m in DEFAULT_MISSING_MARKERS)
    group.add_argument(
        "--missing-markers", metavar="LIST", help=f"comma-separated values that mean missing (default: {markers})"
    )
    group.add_argument("--encoding", help="text encoding, e.g. utf-8, latin-1, utf-16")
    group.add_argument("--sheet", help="Excel sheet name")
    group.add_argument("--member", help="file to read inside a .zip archive")
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="read DATA only inside this folder: paths outside it and links leaving it are refused",
    )


def options_from_args(args: argparse.Namespace) -> LoadOptions:
    """LoadOptions from parsed CLI arguments."""
    delimiter = {"tab": "\t", "\\t": "\t", "space": " ", "spaces": " "}.get(args.delimiter, args.delimiter)
    try:
        return LoadOptions(
            delimiter=delimiter,
            header=args.header,
            column_names=split_list(args.names),
            skip_rows=args.skip_rows,
            missing_markers=split_list(args.missing_markers, keep_empty=True),
            encoding=args.encoding,
            sheet=args.sheet,
            member=args.member,
        )
    except ValidationError as err:
        problem = err.errors()[0]
        field = ".".join(str(part) for part in problem["loc"])
        raise ProfilingError(f"Invalid load option --{field.replace('_', '-')}: {problem['msg']}.") from err


def load_data(path: str, args: argparse.Namespace) -> Loaded:
    """Load one DATA argument with the command's load options and the configured limits."""
    data_root = Path(args.data_dir).resolve() if getattr(args, "data_dir", None) else None
    return load_path(path, options=options_from_args(args), limits=Settings.from_env().limits, data_root=data_root)


def summary_stream(args: argparse.Namespace) -> TextIO:
    """Where the readable summary goes: stderr when `--json -` makes stdout carry only the JSON."""
    return sys.stderr if getattr(args, "json", None) == "-" else sys.stdout


def write_json(target: str, payload: object) -> None:
    """Write JSON to a file atomically, or to stdout for '-'."""
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
        return
    write_text(target, text)


def write_text(target: str, text: str) -> None:
    """Write a text file atomically; a failure is a clear error naming the file."""
    try:
        atomic_write(Path(target).resolve(), text.encode("utf-8"))
    except OSError as err:
        raise ProfilingError(f"Cannot write the file {target}: {err.strerror}.", "Choose a writable path.") from err


def split_list(value: str | None, *, keep_empty: bool = False) -> tuple[str, ...] | None:
    """'a, b,c' -> ('a', 'b', 'c'); None stays None."""
    if value is None:
        return None
    parts = [part.strip() for part in value.split(",")]
    return tuple(part for part in parts if part or keep_empty)
