"""The hostile-file corpus of ../shared/tools/make_bad_inputs.py: its entries and how to judge an outcome."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from profiling.errors import LimitExceededError, ProfilingError, UnsafeInputError

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT.parent / "shared" / "tools" / "make_bad_inputs.py"

# Not files a table loader reads: expectation suites, SQL, and the list of hostile path strings.
SKIPPED_PREFIXES = ("suites/", "sql/")
SKIPPED_FILES = {"paths/hostile_path_inputs.json"}

# Entries whose expectation a single load cannot meet: their warnings compare two datasets
# (a type change, new categories, a missing column), so the drift and schema analyses own them.
NOT_A_LOAD_EXPECTATION = {
    "compare/prod_drift.csv",
    "compare/prod_missing_column.csv",
}


def corpus_entries() -> list[dict[str, Any]]:
    """The manifest's entries, for parametrisation (a quick run without bombs; the tests use the fixture)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(TOOL), folder, "--no-bombs"], check=True, capture_output=True)
        return list(json.loads((Path(folder) / "manifest.json").read_text())["entries"])


def mentions(text: str, words: list[str]) -> bool:
    return not words or any(word.lower() in text.lower() for word in words)


def error_met(err: ProfilingError, expected: dict[str, Any]) -> bool:
    result = expected["result"]
    text = str(err)
    if result == "reject":
        return isinstance(err, UnsafeInputError | LimitExceededError) and mentions(text, expected["error_mentions"])
    if result in ("error", "load_or_error"):
        return mentions(text, expected.get("error_mentions", []))
    if result == "load" and "or_error_mentions" in expected:
        return mentions(text, expected["or_error_mentions"])
    return False


def load_met(rows: int, cols: int, warnings: str, expected: dict[str, Any]) -> bool:
    if expected["result"] == "load_or_error":
        return True
    if expected["result"] != "load":
        return False
    rows_ok = rows in expected.get("acceptable_rows", [expected["rows"]])
    return rows_ok and cols == expected["cols"] and mentions(warnings, expected.get("warning_mentions", []))


def describe(expected: dict[str, Any]) -> str:
    result = expected["result"]
    if result == "load":
        words = expected.get("warning_mentions")
        return f"load {expected['rows']}x{expected['cols']}" + (f" warn {words}" if words else "")
    return f"{result} {expected.get('error_mentions', [])}"


def skip_reason(entry: dict[str, Any]) -> str:
    file = entry["file"]
    if file is None or not entry.get("generated", True):
        return "not a generated file (a scenario, or needs --with-special / --with-sparse-2gb)"
    if file.startswith(SKIPPED_PREFIXES) or file in SKIPPED_FILES:
        return "not a table file (expectation suites, SQL, or path strings): tested by the workspace/CLI owners"
    return ""


ENTRIES = corpus_entries() if TOOL.is_file() else []
LOADABLE = [entry for entry in ENTRIES if not skip_reason(entry)]
