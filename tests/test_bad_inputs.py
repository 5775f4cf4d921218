"""Every loadable file of the hostile-input corpus: only ProfilingErrors escape, and which expectations are met.

The table of outcomes is written to test-results/bad_inputs.md. Whether an expectation is met is recorded,
not asserted, except for the entries in MET: those pass today, so a regression fails the test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from profiling.errors import LimitExceededError, ProfilingError, UnsafeInputError
from profiling.loading import load_path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT.parent / "shared" / "tools" / "make_bad_inputs.py"
RESULTS = ROOT / "test-results" / "bad_inputs.md"

# Not files a table loader reads: expectation suites, SQL, and the list of hostile path strings.
SKIPPED_PREFIXES = ("suites/", "sql/")
SKIPPED_FILES = {"paths/hostile_path_inputs.json"}

# Entries whose expectation is met today (asserted, so that a regression fails).
MET = {
    "archives/gzip_bomb.csv.gz",
    "archives/nested.zip",
    "archives/two_csvs.zip",
    "archives/xlsx_bomb.xlsx",
    "archives/zip_bomb.csv.zip",
    "archives/zip_slip.zip",
    "csv/binary_garbage.csv",
    "csv/pickle_disguised.csv",
    "csv/png_disguised.csv",
    "csv/xlsx_disguised.csv",
    "excel/entity_bomb.xlsx",
    "excel/formulas.xlsx",
    "excel/multi_sheet.xlsx",
    "excel/odd_headers.xlsx",
    "excel/xxe.xlsx",
    "json/big_int.json",
    "json/deep_nesting.json",
    "json/duplicate_keys.json",
    "json/lone_surrogate.json",
    "json/mixed_types.json",
    "json/nan_infinity.json",
    "json/nested_object.json",
    "json/ragged.jsonl",
    "json/scalar.json",
    "parquet/exotic_types.parquet",
    "parquet/nested_types.parquet",
    "parquet/truncated.parquet",
    "parquet/zero_rows.parquet",
    "paths/data_root/folder.csv",
    "paths/data_root/link_to_passwd.csv",
    "paths/data_root/loop_a.csv",
    "paths/data_root/ok.csv",
    "pickle/data.pkl",
}


def _corpus_entries() -> list[dict[str, Any]]:
    """The manifest's entries, for parametrisation (a quick run without bombs; the tests use the fixture)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(TOOL), folder, "--no-bombs"], check=True, capture_output=True)
        return list(json.loads((Path(folder) / "manifest.json").read_text())["entries"])


ENTRIES = _corpus_entries() if TOOL.is_file() else []


@dataclass
class Outcome:
    """What loading one corpus file did."""

    file: str
    expected: str
    got: str
    met: bool


@pytest.fixture(scope="module")
def manifest(bad_inputs: Path) -> dict[str, dict[str, Any]]:
    entries = json.loads((bad_inputs / "manifest.json").read_text())["entries"]
    return {entry["id"]: entry for entry in entries}


@pytest.fixture(scope="module")
def outcomes() -> Any:
    table: list[Outcome] = []
    yield table
    _write_table(table)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("entry_id", [entry["id"] for entry in ENTRIES])
def test_corpus_entry(
    entry_id: str, bad_inputs: Path, manifest: dict[str, dict[str, Any]], outcomes: list[Outcome]
) -> None:
    entry = manifest[entry_id]
    file = entry["file"]
    reason = _skip_reason(entry)
    if reason:
        pytest.skip(reason)
    expected = entry["expected"]
    try:
        loaded = _load(bad_inputs, file)
    except ProfilingError as err:
        met = _error_met(err, expected)
        outcomes.append(Outcome(file, _describe(expected), f"{type(err).__name__}: {err.one_line()}", met))
    except BaseException as err:  # anything else escaping a loader is a bug
        outcomes.append(Outcome(file, _describe(expected), f"CRASH {type(err).__name__}: {err}", False))
        pytest.fail(f"{file}: {type(err).__name__} escaped the loader: {err}")
    else:
        report = loaded.report
        warnings = " | ".join(w.message for w in report.warnings)
        met = _load_met(report.rows, report.columns, warnings, expected)
        outcomes.append(Outcome(file, _describe(expected), f"loaded {report.rows}x{report.columns}; {warnings}", met))
    if file in MET:
        assert met, f"{file}: expected {_describe(expected)}, got {outcomes[-1].got}"


def _skip_reason(entry: dict[str, Any]) -> str:
    file = entry["file"]
    if file is None or not entry.get("generated", True):
        return "not a generated file (a scenario, or needs --with-special / --with-sparse-2gb)"
    if file.startswith(SKIPPED_PREFIXES) or file in SKIPPED_FILES:
        return "not a table file (expectation suites, SQL, or path strings): tested by the workspace/CLI owners"
    return ""


def _load(corpus: Path, file: str) -> Any:
    if file.startswith("paths/data_root/"):
        root = corpus / "paths" / "data_root"
        return load_path(file.removeprefix("paths/data_root/"), data_root=root)
    return load_path(corpus / file)


def _mentions(text: str, words: list[str]) -> bool:
    return not words or any(word.lower() in text.lower() for word in words)


def _error_met(err: ProfilingError, expected: dict[str, Any]) -> bool:
    result = expected["result"]
    text = str(err)
    if result == "reject":
        return isinstance(err, UnsafeInputError | LimitExceededError) and _mentions(text, expected["error_mentions"])
    if result in ("error", "load_or_error"):
        return _mentions(text, expected.get("error_mentions", []))
    if result == "load" and "or_error_mentions" in expected:
        return _mentions(text, expected["or_error_mentions"])
    return False


def _load_met(rows: int, cols: int, warnings: str, expected: dict[str, Any]) -> bool:
    if expected["result"] == "load_or_error":
        return True
    if expected["result"] != "load":
        return False
    rows_ok = rows in expected.get("acceptable_rows", [expected["rows"]])
    return rows_ok and cols == expected["cols"] and _mentions(warnings, expected.get("warning_mentions", []))


def _describe(expected: dict[str, Any]) -> str:
    result = expected["result"]
    if result == "load":
        words = expected.get("warning_mentions")
        return f"load {expected['rows']}x{expected['cols']}" + (f" warn {words}" if words else "")
    return f"{result} {expected.get('error_mentions', [])}"


def _write_table(table: list[Outcome]) -> None:
    if not table:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Bad-input corpus: outcomes of load_path", "", "| file | expected | got | met |", "|---|---|---|---|"]
    for row in sorted(table, key=lambda r: r.file):
        got = row.got.replace("|", "\\|").replace("\n", " ")[:300]
        lines.append(f"| {row.file} | {row.expected.replace('|', '/')} | {got} | {'yes' if row.met else 'no'} |")
    met = sum(row.met for row in table)
    summary = f"{met} of {len(table)} expectations met ({len(MET)} asserted in MET)."
    lines += ["", summary, ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"\nbad inputs: {summary} Table: {RESULTS}")


@pytest.mark.timeout(30)
def test_special_files_are_refused_without_blocking(tmp_path: Path) -> None:
    """The FIFO and /dev/zero entries exist only with --with-special: generate them here (no bombs)."""
    subprocess.run(
        [sys.executable, str(TOOL), str(tmp_path), "--no-bombs", "--with-special"], check=True, capture_output=True
    )
    entries = json.loads((tmp_path / "manifest.json").read_text())["entries"]
    special = [e for e in entries if e["id"] in ("fifo_named_csv", "symlink_to_dev_zero")]
    assert len(special) == 2
    for entry in special:
        with pytest.raises(UnsafeInputError) as caught:
            _load(tmp_path, entry["file"])
        assert _error_met(caught.value, entry["expected"]), str(caught.value)
