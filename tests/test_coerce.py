"""Typing text columns and the final clean-up shared by every format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from profiling.errors import LimitExceededError
from profiling.loading import Limits, LoadOptions, load_bytes
from profiling.loading.coerce import finalize, infer_types
from profiling.loading.models import Notes


def typed(values: list[str | None], **kwargs: object) -> tuple[pd.Series, Notes]:
    notes = Notes()
    frame = infer_types(pa.table({"c": pa.array(values, pa.string())}), source="t.csv", notes=notes, **kwargs)  # type: ignore[arg-type]
    return frame["c"], notes


def text_of(notes: Notes) -> str:
    return " | ".join(w.message for w in notes.items)


def test_missing_markers_one_warning_per_column_with_counts() -> None:
    column, notes = typed(["1", "?", "?", "NA", "", "3"])
    assert column.isna().sum() == 4 and str(column.dtype) == "Int64"
    (warning,) = notes.items
    assert warning.count == 3 and "'?' (2)" in warning.message and "'NA' (1)" in warning.message


def test_explicit_markers_replace_defaults() -> None:
    column, _ = typed(["-9", "NA", "4"], missing_markers=("-9",))
    assert column.isna().tolist() == [True, False, False] and column.tolist()[1:] == ["NA", "4"]


def test_country_code_na_kept_as_value() -> None:
    column, notes = typed(["NA", "DE", "FR", "NULL", "nan"])
    assert column.tolist()[:3] == ["NA", "DE", "FR"] and column.isna().sum() == 2
    assert any(w.type == "na_kept_as_code" and "missing_markers" in w.message for w in notes.items)


def test_integers_floats_and_booleans() -> None:
    assert typed(["1", "-2", "30"])[0].dtype == "int64"
    assert typed(["63.0", "1e3", ".5"])[0].tolist() == [63.0, 1000.0, 0.5]
    assert typed(["True", "false", "TRUE"])[0].tolist() == [True, False, True]
    assert typed(["yes", "no"])[0].dtype == object  # only true/false vocabularies become booleans


def test_big_ids_with_missing_keep_precision() -> None:
    column, notes = typed(["9007199254740993", None, "9007199254740995"])
    assert str(column.dtype) == "Int64" and column[0] == 9007199254740993
    assert "precision" in text_of(notes)


def test_beyond_int64_kept_as_text() -> None:
    column, notes = typed(["9223372036854775807", "18446744073709551616"])
    assert column.tolist() == ["9223372036854775807", "18446744073709551616"] and "too large" in text_of(notes)


def test_leading_zeros_kept_as_text() -> None:
    column, notes = typed(["00501", "12345"])
    assert column.tolist() == ["00501", "12345"] and "leading zeros" in text_of(notes)


def test_infinity_tokens() -> None:
    column, notes = typed(["inf", "-inf", "Infinity", "1.5"])
    assert np.isinf(column[:3]).all() and "infinite" in text_of(notes)


def test_thousands_separators_kept_as_text() -> None:
    column, notes = typed(["1,234", "12,345.67", "1234", " 7 "])
    assert column.dtype == object and "text" in text_of(notes) and "numeric" in text_of(notes)


def test_padded_numbers_parsed_and_reported() -> None:
    column, notes = typed([" 1", "2 ", " 3 ", "4"])
    assert column.tolist() == [1, 2, 3, 4] and any(w.type == "whitespace_stripped" for w in notes.items)


def test_iso_dates_parse() -> None:
    column, _ = typed(["2024-01-02", "2024-02-03 10:00:00"])
    assert str(column.dtype) == "datetime64[ns]"


def test_mixed_date_formats_kept_as_text() -> None:
    column, notes = typed(["2024-01-02", "02/01/2024", "2 Jan 2024", "20240102"])
    assert column.dtype == object and "date format" in text_of(notes)


def test_ambiguous_day_month_kept_as_text() -> None:
    column, notes = typed(["02/01/2024", "03/04/2024"])
    assert column.dtype == object and "ambiguous" in text_of(notes)
    assert str(typed(["25/01/2024", "03/04/2024"])[0].dtype) == "datetime64[ns]"


def test_mixed_time_zones_to_utc() -> None:
    column, notes = typed(["2024-03-10T01:30:00+00:00", "2024-03-10T07:00:00+05:30", "2024-03-10 02:30:00"])
    assert str(column.dtype) == "datetime64[ns, UTC]" and column[1] == pd.Timestamp("2024-03-10T01:30:00Z")
    assert "time zone" in text_of(notes) and "UTC" in text_of(notes)


def test_out_of_range_dates_kept_as_text() -> None:
    column, notes = typed(["0001-01-01", "2020-01-01", "9999-12-31"])
    assert column.dtype == object and "out of range" in text_of(notes)


def test_numeric_sentinel_reported_not_converted() -> None:
    column, notes = typed(["120", "-9", "130", "-9", "140"])
    assert (column == -9).sum() == 2
    (warning,) = [w for w in notes.items if w.type == "suspected_missing_code"]
    assert warning.count == 2 and "missing_markers" in warning.message


def test_decimal_comma_conversion() -> None:
    assert typed(["1,5", "1.234,56"], decimal=",")[0].tolist() == [1.5, 1234.56]


# --- finalize -------------------------------------------------------------------------------


def run_finalize(frame: pd.DataFrame, limits: Limits | None = None) -> tuple[pd.DataFrame, Notes]:
    notes = Notes()
    return finalize(frame, source="t.json", notes=notes, limits=limits or Limits()), notes


def test_long_cells_truncated() -> None:
    frame, notes = run_finalize(pd.DataFrame({"t": ["A" * 50, "short"]}), Limits(max_cell_chars=10))
    assert frame["t"].str.len().tolist() == [10, 5]
    assert any(w.type == "cell_truncated" and w.count == 1 for w in notes.items)


def test_mixed_python_types_become_text(tmp_path: Path) -> None:
    frame, notes = run_finalize(pd.DataFrame({"m": [1, "a", {"k": 1}, None]}))
    assert frame["m"].tolist()[:3] == ["1", "a", "{'k': 1}"] and "mixed types" in " ".join(
        w.message for w in notes.items
    )
    frame.to_parquet(tmp_path / "m.parquet")


def test_all_missing_constant_and_unique_notes() -> None:
    frame = pd.DataFrame({"e": [None] * 1000, "k": [7] * 1000, "id": [f"u{i}" for i in range(1000)]})
    _, notes = run_finalize(frame)
    found = {(w.type, w.column) for w in notes.items}
    assert {("all_missing", "e"), ("constant", "k"), ("all_unique", "id")} <= found


def test_zero_rows_and_many_columns() -> None:
    _, notes = run_finalize(pd.DataFrame({f"c{i}": [] for i in range(5)}), Limits(many_columns_warning=3))
    text = " ".join(w.message for w in notes.items)
    assert "no rows" in text and "many columns" in text and "limit" in text


def test_too_many_columns_raise() -> None:
    with pytest.raises(LimitExceededError, match="5 columns; the limit is 4"):
        run_finalize(pd.DataFrame({f"c{i}": [1] for i in range(5)}), Limits(max_columns=4))


def test_invisible_characters_noted() -> None:
    _, notes = run_finalize(pd.DataFrame({"n": ["admin\u202egnp.exe", "zero\u200bwidth", "plain"]}))
    (warning,) = [w for w in notes.items if w.type == "invisible_characters"]
    assert warning.count == 2 and "invisible" in warning.message


def test_loaded_csv_is_parquet_writable(tmp_path: Path) -> None:
    data = b"id,when,flag,amount,code\n1,2024-01-01,true,1.5,00501\n2,,false,,NA\n"
    frame = load_bytes(data, "t.csv", options=LoadOptions()).frame
    frame.to_parquet(tmp_path / "t.parquet")
    assert pd.read_parquet(tmp_path / "t.parquet").shape == (2, 5)
