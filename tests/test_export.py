"""Downloads: CSV exports neutralise spreadsheet formulas (corpus file and hand-made cells); Parquet round-trips."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from profiling.errors import ProfilingError
from profiling.export import neutralise_formula, to_csv_bytes, to_parquet_bytes
from profiling.loading import load_path
from profiling.settings import Settings

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_corpus_formulas_are_neutralised(bad_inputs: Path) -> None:
    frame = load_path(bad_inputs / "csv" / "formula_injection.csv").frame
    exported = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), dtype=str, keep_default_na=False)
    cells = exported.iloc[:, 0].tolist()
    assert len(cells) == len(frame) == 9
    dangerous = [c for c in frame.iloc[:, 0].dropna().astype(str) if c.startswith(FORMULA_START)]
    assert dangerous, "the corpus file should hold formula-like cells"
    assert not [c for c in cells if c.startswith(FORMULA_START) and not _number(c)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("-2+3", "'-2+3"),
        ("-3.5", "-3.5"),  # a negative number stays a number
        ("plain", "plain"),
        (7, 7),
    ],
)
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_column_names_are_neutralised_and_parquet_round_trips() -> None:
    frame = pd.DataFrame({"=HYPERLINK(1)": ["a"], "n": [1]})
    assert to_csv_bytes(frame).decode().splitlines()[0] == "'=HYPERLINK(1),n"
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(to_parquet_bytes(frame))), frame)


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRISM_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("PRISM_MAX_COLUMNS", "300")
    monkeypatch.setenv("PRISM_MAX_CELL_CHARS", "1000")
    monkeypatch.setenv("PRISM_MAX_UNCOMPRESSED_MB", "64")
    limits = Settings.from_env().limits
    assert (limits.max_file_bytes, limits.max_columns, limits.max_cell_chars) == (5 * 1024**2, 300, 1000)
    assert limits.max_uncompressed_bytes == 64 * 1024**2
    monkeypatch.setenv("PRISM_MAX_COLUMNS", "lots")
    with pytest.raises(ProfilingError, match="PRISM_MAX_COLUMNS='lots' is not a positive whole number"):
        Settings.from_env()


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
