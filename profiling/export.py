"""Downloads: datasets as CSV (spreadsheet formulas neutralised) or Parquet, as bytes."""

from __future__ import annotations

import io

import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8) in which every text cell that a spreadsheet would run as a formula starts with `'`."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or isinstance(safe[column].dtype, pd.StringDtype):
            safe[column] = safe[column].map(neutralise_formula, na_action="ignore")
    safe.columns = [neutralise_formula(str(c)) for c in safe.columns]
    # CRLF line ends (RFC 4180) make the csv writer quote every cell holding \r or \n; with "\n"
    # alone a bare \r stays unquoted and a spreadsheet reads it as a new row starting with "=".
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as a Parquet file."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def neutralise_formula(value: object) -> object:
    """Prefix `'` to text a spreadsheet would evaluate; numbers such as -3 stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
