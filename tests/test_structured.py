"""Unit tests of profiling.loading.structured: JSON, JSON Lines, Parquet and Excel parsing."""

from __future__ import annotations

import datetime
import decimal
import io
import json
import zipfile

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from profiling.errors import DataLoadError, LimitExceededError, UnsafeInputError
from profiling.loading import structured
from profiling.loading.models import FileFormat, Limits, LoadOptions, Notes
from profiling.loading.sources import RawInput


def messages(notes: Notes) -> str:
    return " | ".join(w.message for w in notes.items)


def parse(data: bytes | str, fmt: FileFormat = "json", *, limits: Limits | None = None, **options: object):
    raw = RawInput(data.encode() if isinstance(data, str) else data, f"d.{fmt}", fmt)
    notes = Notes()
    parser = {"json": structured.parse_json, "jsonl": structured.parse_jsonl, "parquet": structured.parse_parquet}[fmt]
    frame = parser(raw, options=LoadOptions(**options), limits=limits or Limits(), notes=notes)  # type: ignore[arg-type]
    return frame, notes


# ---------------------------------------------------------------- JSON


def test_records() -> None:
    frame, notes = parse('[{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]')
    assert list(frame.columns) == ["a", "b"]
    assert frame["a"].tolist() == [1, 2] and frame["b"].tolist() == ["x", "y"]
    assert notes.items == []


def test_utf8_bom_and_utf16() -> None:
    assert parse(b'\xef\xbb\xbf[{"a": 1}]')[0].shape == (1, 1)
    assert parse('[{"a": "é"}]'.encode("utf-16"))[0]["a"].tolist() == ["é"]


def test_invalid_utf8() -> None:
    with pytest.raises(DataLoadError, match="invalid unicode at byte"):
        parse(b'[{"a": "caf\xe9"}]')


def test_encoding_option() -> None:
    frame, _ = parse('[{"a": "café"}]'.encode("latin-1"), encoding="latin-1")
    assert frame["a"].tolist() == ["café"]


def test_single_records_key_is_used_with_a_warning() -> None:
    frame, notes = parse('{"meta": {"v": 1}, "data": [{"a": 1}, {"a": 2}]}')
    assert frame.shape == (2, 1)
    assert "'data'" in messages(notes) and "'meta'" in messages(notes)


def test_two_records_keys_are_ambiguous() -> None:
    with pytest.raises(DataLoadError, match="not tabular"):
        parse('{"a": [{"x": 1}], "b": [{"x": 2}]}')


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("42", "a number"),
        ('"text"', "a string"),
        ("null", "null"),
        ('{"meta": {"version": 2}, "payload": {"a": 1}}', "nested objects"),
        ("[1, 2, 3]", "item 1 is a number"),
        ('[{"a": 1}, [2]]', "item 2 is an array"),
    ],
)
def test_not_tabular(text: str, found: str) -> None:
    with pytest.raises(DataLoadError, match="not tabular: expected an array of records") as caught:
        parse(text)
    assert found in caught.value.message


def test_empty_array() -> None:
    with pytest.raises(DataLoadError, match="no records"):
        parse("[]")


def test_duplicate_keys_keep_the_last() -> None:
    frame, notes = parse('[{"a": 1, "a": 2, "b": 3}]')
    assert frame.shape == (1, 2) and frame["a"].tolist() == [2]
    assert "duplicate key" in messages(notes)


def test_nan_and_infinity() -> None:
    frame, notes = parse('[{"x": NaN}, {"x": Infinity}, {"x": -Infinity}, {"x": 1}]')
    assert frame.shape == (4, 1) and frame["x"].dtype == "float64"
    assert "non-standard" in messages(notes) and "NaN" in messages(notes)


def test_integers_beyond_int64_kept_exact_as_text() -> None:
    frame, notes = parse('[{"id": 123456789012345678901234567890}, {"id": 1}]')
    assert frame["id"].tolist() == ["123456789012345678901234567890", 1]
    assert "too large" in messages(notes)


def test_thousands_of_digits_do_not_crash() -> None:
    frame, _ = parse('[{"id": ' + "9" * 5000 + "}]")
    assert frame["id"].tolist() == ["9" * 5000]


def test_integers_beyond_2_53_stay_exact_with_missing_values() -> None:
    frame, notes = parse('[{"id": 9007199254740993}, {"id": null}, {"id": 9007199254740995}]')
    assert frame["id"].dtype == "Int64"
    assert frame["id"].tolist()[0] == 9007199254740993 and frame["id"].tolist()[2] == 9007199254740995
    assert "precision" in messages(notes)


def test_lone_surrogates_are_replaced() -> None:
    frame, notes = parse('[{"name": "ok"}, {"name": "bad \\ud800 here", "k\\udfff": 1}]')
    assert frame["name"].tolist()[1] == "bad \ufffd here"
    assert "k\ufffd" in frame.columns
    assert "invalid unicode" in messages(notes) and "surrogate" in messages(notes)
    frame.to_csv(io.StringIO())  # no UnicodeEncodeError later


def test_valid_surrogate_pairs_are_kept() -> None:
    frame, notes = parse('[{"e": "\\ud83d\\ude00"}]')
    assert frame["e"].tolist() == ["\U0001f600"] and notes.items == []


def test_depth_limit() -> None:
    with pytest.raises(DataLoadError, match="nested too deeply") as caught:
        parse('[{"a": ' + '{"b": ' * 10 + "1" + "}" * 10 + "}]", limits=Limits(max_json_depth=5))
    assert "depth" in caught.value.message


def test_deep_nesting_never_recurses() -> None:
    with pytest.raises(DataLoadError, match="nested too deeply"):
        parse("[" * 100_000 + "]" * 100_000)


def test_brackets_inside_strings_do_not_count() -> None:
    frame, _ = parse(json.dumps([{"a": "[[[[[[[[[[{{{{{{{{" * 20, "b": 'x\\"[['}]), limits=Limits(max_json_depth=3))
    assert frame.shape == (1, 2)


def test_nested_objects_are_flattened_with_dotted_names() -> None:
    records = [{"id": 1, "user": {"name": "a", "address": {"city": "x", "geo": {"lat": 1}}}}, {"id": 2, "user": None}]
    frame, notes = parse(json.dumps(records))
    assert list(frame.columns) == ["id", "user.name", "user.address.city", "user.address.geo"]
    assert frame["user.address.geo"].tolist()[0] == '{"lat": 1}'  # deeper than two levels: JSON text
    assert "nested" in messages(notes)


def test_lists_become_json_text() -> None:
    frame, notes = parse('[{"tags": ["a", "b"]}, {"tags": []}, {"tags": null}]')
    assert frame["tags"].tolist()[:2] == ['["a", "b"]', "[]"]
    assert "nested" in messages(notes)


def test_mixed_values_are_left_for_finalize() -> None:
    frame, _ = parse(
        json.dumps([{"v": 1}, {"v": "a"}, {"v": 2.5}, {"v": True}, {"v": None}, {"v": [1]}, {"v": {"k": 1}}])
    )
    assert frame.shape == (7, 1)
    assert frame["v"].tolist()[5:] == ["[1]", '{"k": 1}']


def test_varying_keys_make_a_union() -> None:
    frame, notes = parse('[{"a": 1, "b": 2}, {"a": 3, "c": 4}]')
    assert list(frame.columns) == ["a", "b", "c"]
    assert frame["c"].isna().tolist() == [True, False]
    assert "different keys" in messages(notes)


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(DataLoadError, match="line 2, column 9"):
        parse('[{"a": 1},\n{"a": 2,}]')


def test_json_lines_in_a_json_file_get_a_hint() -> None:
    with pytest.raises(DataLoadError) as caught:
        parse('{"a": 1}\n{"a": 2}\n')
    assert ".jsonl" in caught.value.hint


def test_column_limit() -> None:
    with pytest.raises(LimitExceededError, match="columns"):
        parse(json.dumps([{f"c{i}": i for i in range(20)}]), limits=Limits(max_columns=10))


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_with_blank_lines_and_crlf() -> None:
    frame, _ = parse('{"a": 1}\r\n\r\n{"a": 2, "b": "x"}\n\n', "jsonl")
    assert frame.shape == (2, 2)


def test_jsonl_bad_line_is_named() -> None:
    text = '{"a": 1, "b": "x"}\n{"a": 2, "c": true}\n{"a": "three"}\n{"broken": \n{"a": 4}\n'
    with pytest.raises(DataLoadError, match="line 4: invalid JSON"):
        parse(text, "jsonl")


def test_jsonl_line_must_be_an_object() -> None:
    with pytest.raises(DataLoadError, match="line 2: expected a JSON object"):
        parse('{"a": 1}\n[1, 2]\n', "jsonl")


def test_jsonl_empty() -> None:
    with pytest.raises(DataLoadError, match="empty"):
        parse("\n\n", "jsonl")


def test_jsonl_duplicate_keys_and_depth() -> None:
    frame, notes = parse('{"a": 1, "a": 2}\n', "jsonl")
    assert frame["a"].tolist() == [2] and "duplicate key" in messages(notes)
    with pytest.raises(DataLoadError, match="nested too deeply"):
        parse('{"a": ' + "[" * 5000 + "]" * 5000 + "}\n", "jsonl")


# ---------------------------------------------------------------- Parquet


def parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_parquet_round_trip() -> None:
    frame, notes = parse(parquet(pa.table({"x": [1, 2], "y": ["a", None], "z": [1.5, None]})), "parquet")
    assert list(frame.columns) == ["x", "y", "z"]
    assert frame["x"].tolist() == [1, 2] and frame["y"].tolist() == ["a", None]
    assert notes.items == []


def test_parquet_zero_rows_keeps_columns() -> None:
    frame, _ = parse(parquet(pa.table({"x": pa.array([], pa.int64()), "y": pa.array([], pa.string())})), "parquet")
    assert frame.shape == (0, 2)


def test_parquet_truncated() -> None:
    data = parquet(pa.table({"x": list(range(100))}))
    with pytest.raises(DataLoadError, match="not a valid Parquet file: corrupt or truncated"):
        parse(data[:-40], "parquet")


def test_parquet_nested_types_become_json_text() -> None:
    table = pa.table(
        {
            "tags": pa.array([["a", "b"], [], None], pa.list_(pa.string())),
            "point": pa.array(
                [{"x": 1, "y": 2}, None, {"x": 3, "y": None}], pa.struct([("x", pa.int32()), ("y", pa.int32())])
            ),
            "attrs": pa.array([[("k", "v")], None, []], pa.map_(pa.string(), pa.string())),
        }
    )
    frame, notes = parse(parquet(table), "parquet")
    assert frame["tags"].tolist() == ['["a", "b"]', "[]", None]
    assert frame["point"].tolist()[0] == '{"x": 1, "y": 2}'
    assert frame["attrs"].tolist()[0] == '{"k": "v"}'
    assert messages(notes).count("nested") == 3 and "unsupported type" in messages(notes)


def test_parquet_exotic_types() -> None:
    table = pa.table(
        {
            "dec_small": pa.array([decimal.Decimal("1.10"), None], pa.decimal128(5, 2)),
            "dec_big": pa.array([decimal.Decimal("99999999999999999999.99"), None], pa.decimal128(22, 2)),
            "blob": pa.array([b"\x00\x01", None], pa.binary()),
            "dur": pa.array([90, None], pa.duration("s")),
            "t": pa.array([datetime.time(1, 2, 3), None], pa.time64("us")),
            "ts_tz": pa.array([0, None], pa.timestamp("ms", tz="Asia/Kolkata")),
            "ts_far": pa.array([datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31)], pa.timestamp("us")),
            "ts_ok": pa.array([datetime.datetime(2024, 1, 2), None], pa.timestamp("us")),
            "day": pa.array([datetime.date(2024, 1, 2), None], pa.date32()),
            "cat": pa.array(["a", "b"]).dictionary_encode(),
            "u64": pa.array([0, 2**64 - 1], pa.uint64()),
            "u64_small": pa.array([0, 5], pa.uint64()),
            "half": pa.array([1.5, None], pa.float16()),
        }
    )
    frame, notes = parse(parquet(table), "parquet")
    assert frame.shape == (2, 13)
    assert frame["dec_small"].tolist()[0] == 1.1
    assert frame["dec_big"].tolist()[0] == "99999999999999999999.99"
    assert frame["blob"].tolist()[0] == "0001"
    assert frame["dur"].tolist()[0] == 90.0
    assert frame["t"].tolist()[0] == "01:02:03"
    assert str(frame["ts_tz"].dtype) == "datetime64[ns, Asia/Kolkata]"
    assert frame["ts_far"].tolist() == ["0001-01-01T00:00:00", "9999-12-31T00:00:00"]
    assert str(frame["ts_ok"].dtype) == "datetime64[ns]" and str(frame["day"].dtype) == "datetime64[ns]"
    assert frame["cat"].tolist() == ["a", "b"]
    assert frame["u64"].tolist() == ["0", str(2**64 - 1)] and frame["u64_small"].dtype == "int64"
    assert frame["half"].dtype == "float32"
    text = messages(notes)
    assert "out of bounds" in text and "unsupported" in text
    for column in ("dec_big", "blob", "dur", "t", "ts_far", "cat", "u64"):
        assert f"'{column}'" in text
    buffer = io.BytesIO()
    frame.to_parquet(buffer)  # every converted column is one Parquet can store


def test_parquet_large_ints_with_nulls_stay_exact() -> None:
    frame, _ = parse(parquet(pa.table({"id": pa.array([9007199254740993, None], pa.int64())})), "parquet")
    assert frame["id"].dtype == "Int64" and frame["id"].tolist()[0] == 9007199254740993


def test_parquet_column_limit_checked_before_reading() -> None:
    with pytest.raises(LimitExceededError, match="columns"):
        parse(parquet(pa.table({f"c{i}": [i] for i in range(12)})), "parquet", limits=Limits(max_columns=10))


def test_parquet_uncompressed_size_limit() -> None:
    with pytest.raises(LimitExceededError, match="too large"):
        parse(parquet(pa.table({"x": list(range(100_000))})), "parquet", limits=Limits(max_uncompressed_bytes=1000))


# ---------------------------------------------------------------- Excel


def workbook_bytes(*, formulas: bool = False) -> bytes:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Data"
    data.append(["x", "y", None])
    data.append([1, 2, None])
    data.append([3, "=A3*2" if formulas else 4])
    data.append([None, None, None])  # a trailing empty row
    data["E10"] = None
    other = book.create_sheet("Other")
    other.append(["o"])
    other.append([9])
    hidden = book.create_sheet("Hidden")
    hidden.append(["secret"])
    hidden.append(["s3cr3t"])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel(data: bytes, *, limits: Limits | None = None, **options: object):
    notes = Notes()
    raw = RawInput(data, "book.xlsx", "xlsx")
    frame, sheets, chosen = structured.parse_excel(
        raw, options=LoadOptions(**options), limits=limits or Limits(), notes=notes
    )  # type: ignore[arg-type]
    return frame, sheets, chosen, notes


def test_excel_first_visible_sheet_and_sheet_warning() -> None:
    frame, sheets, chosen, notes = excel(workbook_bytes())
    assert (sheets, chosen) == (["Data", "Other", "Hidden"], "Data")
    assert list(frame.columns) == ["x", "y"] and frame.shape == (2, 2)  # trailing empty row and column dropped
    assert frame["x"].tolist() == [1, 3]
    assert "3 sheets: Data (read), Other, Hidden (hidden)" in messages(notes)
    assert "sheet=" in messages(notes)


def test_excel_sheet_option() -> None:
    frame, _, chosen, _ = excel(workbook_bytes(), sheet="Hidden")
    assert chosen == "Hidden" and frame["secret"].tolist() == ["s3cr3t"]


def test_excel_unknown_sheet_lists_the_sheets() -> None:
    with pytest.raises(DataLoadError, match="no sheet named 'Nope'") as caught:
        excel(workbook_bytes(), sheet="Nope")
    assert "'Hidden'" in caught.value.message


def test_excel_empty_first_sheet_is_skipped() -> None:
    book = openpyxl.Workbook()
    book.active.title = "Empty"
    book.create_sheet("Data").append(["a"])
    book["Data"].append([1])
    buffer = io.BytesIO()
    book.save(buffer)
    frame, _, chosen, _ = excel(buffer.getvalue())
    assert chosen == "Data" and frame.shape == (1, 1)


def test_excel_formulas_use_cached_values_and_warn() -> None:
    frame, _, _, notes = excel(workbook_bytes(formulas=True))
    assert frame["y"].isna().tolist() == [False, True]  # openpyxl stores no cached value
    assert "1 formula cell(s)" in messages(notes) and "no cached value" in messages(notes)


def test_excel_header_options() -> None:
    frame, _, _, _ = excel(workbook_bytes(), header=False)
    assert list(frame.columns) == ["column_1", "column_2"] and frame.shape == (3, 2)
    frame, _, _, _ = excel(workbook_bytes(), skip_rows=1, column_names=("p", "q"))
    assert list(frame.columns) == ["p", "q"] and frame["p"].tolist() == [3]


def test_list_sheets() -> None:
    raw = RawInput(workbook_bytes(), "book.xlsx", "xlsx")
    assert structured.list_sheets(raw, limits=Limits()) == ["Data", "Other", "Hidden"]


def rewrite_member(data: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == member else content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "prolog",
    [
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>',
        b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
    ],
)
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_excel_dtd_is_refused_before_parsing(prolog: bytes, member: str) -> None:
    def add(xml: bytes) -> bytes:
        head, _, body = xml.partition(b"?>")
        return head + b"?>" + prolog + body

    data = rewrite_member(workbook_bytes(), member, add)
    with pytest.raises(UnsafeInputError, match="DTD/entities") as caught:
        excel(data)
    assert "XXE" in caught.value.message
    with pytest.raises(UnsafeInputError):
        structured.list_sheets(RawInput(data, "book.xlsx", "xlsx"), limits=Limits())


def test_excel_bomb_is_refused_by_declared_size() -> None:
    data = rewrite_member(workbook_bytes(), "xl/worksheets/sheet1.xml", lambda xml: xml + b" " * 3_000_000)
    limits = Limits(ratio_check_after_bytes=1024**2, max_compression_ratio=100)
    with pytest.raises(UnsafeInputError, match="decompressed size too large"):
        excel(data, limits=limits)
    with pytest.raises(UnsafeInputError, match="too large"):
        excel(data, limits=Limits(max_uncompressed_bytes=100_000))


def test_excel_broken_workbook() -> None:
    data = rewrite_member(workbook_bytes(), "xl/workbook.xml", lambda xml: xml[:50])
    with pytest.raises(DataLoadError, match="cannot read the workbook"):
        excel(data)


def test_excel_column_limit() -> None:
    book = openpyxl.Workbook()
    book.active.append(list(range(30)))
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(LimitExceededError, match="columns"):
        excel(buffer.getvalue(), limits=Limits(max_columns=10))


def test_excel_dates_and_numbers_keep_types() -> None:
    book = openpyxl.Workbook()
    book.active.append(["when", "n"])
    book.active.append([datetime.datetime(2024, 1, 2), 1.5])
    buffer = io.BytesIO()
    book.save(buffer)
    frame, _, _, _ = excel(buffer.getvalue())
    assert pd.api.types.is_datetime64_any_dtype(frame["when"]) and frame["n"].dtype == "float64"
