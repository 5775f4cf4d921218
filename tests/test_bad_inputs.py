"""Every loadable file of the hostile-input corpus: only ProfilingErrors escape, and which expectations are met.

The table of outcomes is written to test-results/bad_inputs.md. Every expectation is asserted except the
two in NOT_A_LOAD_EXPECTATION, whose warnings need a second dataset to compare against.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from profiling.errors import ProfilingError, UnsafeInputError
from profiling.loading import load_path
from tests.corpus import (
    ENTRIES,
    NOT_A_LOAD_EXPECTATION,
    ROOT,
    TOOL,
    describe,
    error_met,
    load_met,
    skip_reason,
)

RESULTS = ROOT / "test-results" / "bad_inputs.md"


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
    reason = skip_reason(entry)
    if reason:
        pytest.skip(reason)
    expected = entry["expected"]
    try:
        loaded = _load(bad_inputs, file)
    except ProfilingError as err:
        met = error_met(err, expected)
        outcomes.append(Outcome(file, describe(expected), f"{type(err).__name__}: {err.one_line()}", met))
    except BaseException as err:  # anything else escaping a loader is a bug
        outcomes.append(Outcome(file, describe(expected), f"CRASH {type(err).__name__}: {err}", False))
        pytest.fail(f"{file}: {type(err).__name__} escaped the loader: {err}")
    else:
        report = loaded.report
        warnings = " | ".join(w.message for w in report.warnings)
        met = load_met(report.rows, report.columns, warnings, expected)
        outcomes.append(Outcome(file, describe(expected), f"loaded {report.rows}x{report.columns}; {warnings}", met))
    if file not in NOT_A_LOAD_EXPECTATION:
        assert met, f"{file}: expected {describe(expected)}, got {outcomes[-1].got}"


def _load(corpus: Path, file: str) -> Any:
    if file.startswith("paths/data_root/"):
        root = corpus / "paths" / "data_root"
        return load_path(file.removeprefix("paths/data_root/"), data_root=root)
    return load_path(corpus / file)


def _write_table(table: list[Outcome]) -> None:
    if not table:
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Bad-input corpus: outcomes of load_path", "", "| file | expected | got | met |", "|---|---|---|---|"]
    for row in sorted(table, key=lambda r: r.file):
        got = row.got.replace("|", "\\|").replace("\n", " ")[:300]
        lines.append(f"| {row.file} | {row.expected.replace('|', '/')} | {got} | {'yes' if row.met else 'no'} |")
    met = sum(row.met for row in table)
    summary = f"{met} of {len(table)} expectations met (every one asserted except {sorted(NOT_A_LOAD_EXPECTATION)})."
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
        assert error_met(caught.value, entry["expected"]), str(caught.value)
