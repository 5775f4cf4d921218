"""The command line twin of the dashboard: `python -m profiling SUBCOMMAND ...`, results as JSON."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from profiling.commands import COMMANDS
from profiling.commands.common import EXIT_BAD_INPUT
from profiling.errors import ProfilingError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2 like every other bad input."""

    def error(self, message: str) -> Any:
        command = self.prog.split()[-1]
        self.exit(EXIT_BAD_INPUT, f"prism: error: {message} (see `python -m profiling {command} --help`)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the exit code (0 ok, 1 checks failed, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(args.run(args))
    except ProfilingError as err:
        print(f"prism: error: {err.one_line()}", file=sys.stderr)
        return EXIT_BAD_INPUT


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand listed in `profiling.commands.COMMANDS`."""
    parser = _Parser(prog="python -m profiling", description="Prism: profile the data behind ML models.")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"profiling.commands.{name}").register(subparsers)
    return parser
