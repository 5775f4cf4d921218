"""Delimited text: encodings, delimiters, preambles, headers, ragged rows and quotes, each reported."""

from __future__ import annotations

import csv
import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiling.errors import DataLoadError, LimitExceededError
from profiling.loading import Limits, Loaded, LoadOptions, load_bytes


def load(data: bytes | str, name: str = "t.csv", **options: object) -> Loaded:
    raw = data.encode() if isinstance(data, str) else data
    return load_bytes(raw, name, options=LoadOptions(**options))  # type: ignore[arg-type]


def messages(loaded: Loaded) -> str:
    return " | ".join(w.message for w in loaded.report.warnings)


def types(loaded: Loaded) -> set[str]:
    return {w.type for w in loaded.report.warnings}


# --- encodings ------------------------------------------------------------------------------


def test_utf8_bom_is_stripped_from_first_name() -> None:
    loaded = load("\ufeffid,name\n1,a\n".encode())
    assert list(loaded.frame.columns) == ["id", "name"] and loaded.report.encoding == "utf-8-sig"


def test_utf16_bom_decoded_and_reported() -> None:
    loaded = load("id,name\n1,Ærø\n2,日本\n".encode("utf-16"))
    assert loaded.frame["name"].tolist() == ["Ærø", "日本"] and "UTF-16" in messages(loaded)


def test_latin1_named_in_warning() -> None:
    loaded = load("name,city\nJosé,Zürich\n".encode("latin-1"))
    assert loaded.frame["city"].iloc[0] == "Zürich" and loaded.report.encoding == "latin-1"
    assert "encoding" in messages(loaded) and "latin-1" in messages(loaded)


def test_cp1252_preferred_for_smart_quotes() -> None:
    loaded = load("q,price\n\u201cquoted\u201d,\u20ac5\n".encode("cp1252"))
    assert loaded.frame.iloc[0].tolist() == ["\u201cquoted\u201d", "\u20ac5"] and loaded.report.encoding == "cp1252"


def test_late_invalid_utf8_names_the_line() -> None:
    data = b"id,name\n" + b"".join(b"%d,x\n" % i for i in range(20_000)) + b"20000,caf\xe9\n"
    loaded = load(data)
    assert loaded.frame.shape == (20_001, 2) and loaded.frame["name"].iloc[-1] == "café"
    assert "line 20002" in messages(loaded) and "encoding" in messages(loaded)


def test_forced_encoding_that_fails_names_line_and_hint() -> None:
    with pytest.raises(DataLoadError) as err:
        load(b"a,b\n1,2\n3,\xff\n", encoding="utf-8")
    assert "line 3" in err.value.message and "encoding" in err.value.hint


def test_nul_bytes_removed_and_reported() -> None:
    loaded = load(b"a,b\n1,x\x00y\n2,\x00\x00\n")
    assert loaded.frame["b"].iloc[0] == "xy" and "NUL" in messages(loaded)


# --- delimiters, header, preamble -----------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_sniffed(delimiter: str) -> None:
    text = delimiter.join(["a", "b", "c"]) + "\n" + "\n".join(delimiter.join(["x", "1", "2.5"]) for _ in range(5))
    loaded = load(text)
    assert loaded.frame.shape == (5, 3) and loaded.report.options.delimiter == delimiter


def test_whitespace_runs_delimiter() -> None:
    loaded = load("1  2   3\n4 5 6\n 7 8 9\n")
    assert loaded.frame.shape == (3, 3) and loaded.report.options.delimiter == " "
    assert loaded.frame["column_1"].tolist() == [1, 4, 7]


def test_semicolon_with_decimal_comma() -> None:
    loaded = load("id;price;qty\n1;1,50;3\n2;1.234,56;4\n")
    assert loaded.frame["price"].tolist() == [1.5, 1234.56] and "decimal" in messages(loaded)


def test_preamble_line_skipped_and_reported() -> None:
    loaded = load("|exported by tool\n1,2,3\n4,5,6\n7,8,9\n")
    assert loaded.frame.shape == (3, 3)
    assert "line 1" in messages(loaded) and "skip_rows=1" in messages(loaded)


def test_skip_rows_given_is_used() -> None:
    loaded = load("title\nsecond title\na,b\n1,2\n", skip_rows=2)
    assert list(loaded.frame.columns) == ["a", "b"] and loaded.frame.shape == (1, 2)


def test_headerless_numeric_file_gets_column_names_and_warning() -> None:
    loaded = load("1,2,x\n3,4,y\n")
    assert list(loaded.frame.columns) == ["column_1", "column_2", "column_3"]
    assert "no header row detected" in messages(loaded)


def test_column_names_option_and_count_mismatch() -> None:
    loaded = load("1,2\n3,4\n", column_names=("a", "b"))
    assert list(loaded.frame.columns) == ["a", "b"] and loaded.frame.shape == (2, 2)
    with pytest.raises(DataLoadError, match="3 column names were given but the data has 2 columns"):
        load("1,2\n3,4\n", column_names=("a", "b", "c"))


def test_header_true_forces_header() -> None:
    loaded = load("1,2\n3,4\n", header=True)
    assert list(loaded.frame.columns) == ["1", "2"] and len(loaded.frame) == 1


def test_spaces_after_delimiters_stripped() -> None:
    loaded = load("39, State-gov, Male\n50, Private, Female\n")
    assert loaded.frame["column_3"].tolist() == ["Male", "Female"] and "leading_spaces" in types(loaded)


def test_quoted_header_and_values() -> None:
    loaded = load('"a";"b"\n"x;y";2\n')
    assert loaded.frame.iloc[0].tolist() == ["x;y", 2]


# --- ragged rows, blank lines, newlines -----------------------------------------------------


def test_extra_fields_with_data_raise_with_line_number() -> None:
    with pytest.raises(DataLoadError) as err:
        load("a,b,c\n1,2,3\n4,5,6,7,8\n9,10,11\n")
    assert "line 3" in err.value.message and "expected 3 fields" in err.value.message and "saw 5" in err.value.message


def test_extra_empty_trailing_fields_dropped_columns_aligned() -> None:
    loaded = load("id,v\n1,a,,\n2,b,,\n")
    assert loaded.frame.to_dict("list") == {"id": [1, 2], "v": ["a", "b"]}
    assert "extra_empty_fields" in types(loaded)


def test_short_rows_padded_and_listed() -> None:
    loaded = load("a,b,c\n1,2,3\n4\n5,6\n7,8,9\n")
    assert loaded.frame.shape == (4, 3) and loaded.frame["c"].isna().sum() == 2
    text = messages(loaded)
    assert "short rows" in text and "padded" in text and "lines 3, 4" in text


def test_mixed_delimiters_warned() -> None:
    loaded = load("a,b,c\n1,2,3\n4;5;6\n7\t8\t9\n10,11,12\n")
    assert loaded.frame.shape == (4, 3) and "inconsistent delimiter" in messages(loaded)


def test_blank_lines_skipped_with_note() -> None:
    loaded = load("a,b\r\n\r\n1,2\r\n3,4\r\n")
    assert loaded.frame.shape == (2, 2) and "line 2" in messages(loaded)


def test_single_column_blank_lines_are_missing() -> None:
    loaded = load("code\nA\n\nB\n\n\nC\n")
    assert loaded.frame["code"].isna().sum() == 3 and "blank line" in messages(loaded)


def test_mixed_newlines() -> None:
    loaded = load(b"a,b\r\n1,2\n3,4\r5,6\r\n")
    assert loaded.frame.to_dict("list") == {"a": [1, 3, 5], "b": [2, 4, 6]}


# --- quotes ---------------------------------------------------------------------------------


def test_unterminated_quote_names_opening_line() -> None:
    with pytest.raises(DataLoadError) as err:
        load('a,b\n1,"never closed\n2,x\n3,y\n')
    assert "unterminated quote" in err.value.message and "line 2" in err.value.message


def test_stray_quote_swallowing_rows_is_reported() -> None:
    lines = ["id,comment,score"] + [f"{i},ok,1" for i in range(1, 100)]
    lines[10] = '10,"opened here,1'
    lines[90] = '90,closed",1'
    loaded = load("\n".join(lines) + "\n")
    text = messages(loaded)
    assert "quote" in text and "line count" in text and "lines 11-91" in text


def test_quote_storm_is_fast() -> None:
    start = time.perf_counter()
    loaded = load(b"a\n" + b'"' * 2**20 + b"\n")
    assert time.perf_counter() - start < 5 and loaded.frame.shape == (1, 1)


def test_multiline_quoted_value_kept() -> None:
    loaded = load('id,note\n1,"two\nlines"\n2,plain\n')
    assert loaded.frame["note"].tolist() == ["two\nlines", "plain"]


# --- empty and degenerate -------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n\n\n", b"  \r\n"])
def test_empty_file_error(data: bytes) -> None:
    with pytest.raises(DataLoadError, match="is empty: no data and no columns"):
        load(data)


def test_header_only_loads_zero_rows() -> None:
    loaded = load("id,name,amount\n")
    assert loaded.frame.shape == (0, 3) and "no rows" in messages(loaded)


def test_column_limit_raises() -> None:
    with pytest.raises(LimitExceededError, match="PRISM_MAX_COLUMNS"):
        load_bytes(b"a,b,c,d\n1,2,3,4\n", "t.csv", limits=Limits(max_columns=3))


def test_resolved_options_report_detection() -> None:
    options = load("a;b\n1;2\n").report.options
    assert (options.delimiter, options.header, options.skip_rows, options.encoding) == (";", True, 0, "utf-8")


# --- property: generated CSV loads with the right shape or fails cleanly -------------------

cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.integers(1, 6).flatmap(
        lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=8)
    ),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_generated_csv_loads_or_fails_cleanly(rows: list[list[str]], delimiter: str) -> None:
    width = len(rows[0])
    header = [f"h{i}" for i in range(width)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL).writerows([header, *rows])
    try:
        loaded = load(buffer.getvalue(), delimiter=delimiter, header=True)
    except DataLoadError:
        return
    assert loaded.frame.shape == (len(rows), width)


def test_truncated_utf16_without_bom_is_not_a_crash() -> None:
    """Found by the random-bytes property test: many NULs, an odd length and a high byte."""
    from profiling.errors import ProfilingError
    from profiling.loading import load_bytes

    try:
        loaded = load_bytes(b" \x00\x80", "data.csv")
    except ProfilingError:
        return
    assert loaded.report.encoding not in ("utf-16-le", "utf-16-be")
