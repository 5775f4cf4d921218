"""Parse the structured formats (JSON, JSON Lines, Parquet, Excel .xlsx) into frames with raw column labels."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from profiling.errors import DataLoadError, LimitExceededError, ProfilingError, UnsafeInputError
from profiling.loading import sources
from profiling.loading.models import Limits, LoadOptions, Notes
from profiling.loading.sources import RawInput

__all__ = ["list_sheets", "parse_excel", "parse_json", "parse_jsonl", "parse_parquet"]

_INT64_MAX = 2**63 - 1
_EARLIEST, _LATEST = datetime(1677, 9, 22), datetime(2262, 4, 11)  # pandas' nanosecond timestamps
_FLOAT_EXACT = 2**53
_FLATTEN_LEVELS = 2
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = np.zeros(256, dtype=np.int32)
_DEPTH_STEP[[ord("["), ord("{")]] = 1
_DEPTH_STEP[[ord("]"), ord("}")]] = -1


# ---------------------------------------------------------------- JSON


def parse_json(raw: RawInput, *, options: LoadOptions, limits: Limits, notes: Notes) -> pd.DataFrame:
    """A JSON array of records (objects) as rows; nested objects flattened, every change reported."""
    text = _decode(raw, options)
    _check_depth(text, raw.filename, limits)
    state = _JsonState(fix_surrogates=bool(_SURROGATE_ESCAPE.search(text)))
    try:
        value = state.decoder().decode(text.lstrip("\ufeff"))
    except RecursionError as exc:
        raise _too_deep(raw.filename, limits) from exc
    except json.JSONDecodeError as exc:
        hint = "Fix the JSON syntax there (a missing comma, quote or bracket is common)."
        if exc.msg == "Extra data" and text.lstrip("\ufeff \t\r\n").startswith("{"):
            hint = "It looks like JSON Lines (one object per line): rename it to .jsonl."
        raise DataLoadError(
            f"{raw.filename}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.", hint
        ) from exc
    records = _records(value, raw.filename, notes)
    state.report(raw.filename, notes)
    return _records_frame(records, raw.filename, limits=limits, notes=notes, state=state)


def parse_jsonl(raw: RawInput, *, options: LoadOptions, limits: Limits, notes: Notes) -> pd.DataFrame:
    """JSON Lines: one record (object) per line; blank lines skipped, a bad line named by its number."""
    text = _decode(raw, options).lstrip("\ufeff")
    _check_depth(text, raw.filename, limits)
    state = _JsonState(fix_surrogates=bool(_SURROGATE_ESCAPE.search(text)))
    decoder = state.decoder()
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = decoder.decode(line.strip())
        except RecursionError as exc:
            raise _too_deep(raw.filename, limits) from exc
        except json.JSONDecodeError as exc:
            raise DataLoadError(
                f"{raw.filename}: line {number}: invalid JSON ({exc.msg} at column {exc.colno}).",
                "Fix or remove that line; each line must hold one complete JSON object.",
            ) from exc
        if not isinstance(value, dict):
            raise DataLoadError(
                f"{raw.filename}: line {number}: expected a JSON object (a record), found {_kind(value)}.",
                'Each line of a JSON Lines file must be one object such as {"a": 1}.',
            )
        records.append(value)
    if not records:
        raise DataLoadError(f"{raw.filename}: the file is empty: no records.", "Load a file with at least one line.")
    state.report(raw.filename, notes)
    return _records_frame(records, raw.filename, limits=limits, notes=notes, state=state)


@dataclass
class _JsonState:
    """What the JSON decoder hooks saw: duplicate keys, NaN literals, huge integers, bad surrogates."""

    fix_surrogates: bool
    duplicates: int = 0
    duplicate_keys: list[str] = field(default_factory=list)
    constants: int = 0
    too_large: int = 0
    beyond_float: int = 0
    surrogates: int = 0

    def decoder(self) -> json.JSONDecoder:
        return json.JSONDecoder(
            object_pairs_hook=self.on_object, parse_constant=self.on_constant, parse_int=self.on_int
        )

    def on_object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)  # a repeated key keeps its last value
        if len(result) < len(pairs):
            self.duplicates += len(pairs) - len(result)
            seen: set[str] = set()
            self.duplicate_keys += [k for k, _ in pairs if k in seen or seen.add(k)][:3]  # type: ignore[func-returns-value]
        if self.fix_surrogates:
            result = {self.fix(k): self.fix(v) if isinstance(v, str) else v for k, v in result.items()}
        return result

    def on_constant(self, name: str) -> float:
        self.constants += 1
        return float(name)

    def on_int(self, digits: str) -> int | str:
        if len(digits.lstrip("-")) > 19:  # beyond int64 for sure; int() of 4,300+ digits would raise
            self.too_large += 1
            return digits
        value = int(digits)
        if abs(value) > _INT64_MAX:
            self.too_large += 1
            return digits
        if abs(value) > _FLOAT_EXACT:
            self.beyond_float += 1
        return value

    def fix(self, text: str) -> str:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            self.surrogates += 1
            return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return text

    def report(self, filename: str, notes: Notes) -> None:
        if self.duplicates:
            keys = ", ".join(repr(k) for k in dict.fromkeys(self.duplicate_keys))
            notes.warn(
                "json_duplicate_key",
                f"{filename}: {self.duplicates} duplicate key(s) inside objects (e.g. {keys}); the last value was kept.",
                count=self.duplicates,
            )
        if self.constants:
            notes.warn(
                "json_non_standard",
                f"{filename}: {self.constants} non-standard NaN/Infinity literal(s) (not valid JSON); read as numbers.",
                count=self.constants,
            )
        if self.too_large:
            notes.warn(
                "json_int_too_large",
                f"{filename}: {self.too_large} integer(s) too large for 64 bits; kept exact as text (no precision loss).",
                count=self.too_large,
            )
        if self.beyond_float:
            notes.warn(
                "json_int_precision",
                f"{filename}: {self.beyond_float} integer(s) above 2**53 would lose precision as floats; kept exact as "
                "integers.",
                count=self.beyond_float,
            )
        if self.surrogates:
            notes.warn(
                "json_invalid_unicode",
                f"{filename}: {self.surrogates} text value(s) held invalid unicode (a lone surrogate escape such as "
                "\\ud800); each bad character was replaced by U+FFFD.",
                count=self.surrogates,
            )


def _decode(raw: RawInput, options: LoadOptions) -> str:
    encoding = options.encoding or json.detect_encoding(raw.data)
    try:
        return raw.data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DataLoadError(
            f"{raw.filename}: not valid {encoding} text (invalid unicode at byte {exc.start:,}); JSON must be UTF-8.",
            "Re-save it as UTF-8, or set encoding= to the encoding it was written in.",
        ) from exc
    except LookupError as exc:
        raise DataLoadError(f"{raw.filename}: unknown encoding {encoding!r}.", "Use a name such as utf-8.") from exc


def _check_depth(text: str, filename: str, limits: Limits) -> None:
    """Refuse deep nesting before parsing: count brackets outside strings (vectorised, no recursion)."""
    brackets = _STRING.sub("", text).encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    if not brackets:
        return
    depth = int(np.cumsum(_DEPTH_STEP[np.frombuffer(brackets, dtype=np.uint8)]).max())
    if depth > limits.max_json_depth:
        raise _too_deep(filename, limits, depth)


def _too_deep(filename: str, limits: Limits, depth: int | None = None) -> DataLoadError:
    found = f"depth {depth:,}" if depth else "too deep to parse"
    return DataLoadError(
        f"{filename}: the JSON is nested too deeply ({found}; the depth limit is {limits.max_json_depth}).",
        "A table needs records a few levels deep; raise Limits.max_json_depth if the file is genuine.",
    )


def _records(value: Any, filename: str, notes: Notes) -> list[dict[str, Any]]:
    """The list of records in a parsed JSON document, or a clear refusal."""
    if isinstance(value, list):
        if not value:
            raise DataLoadError(f"{filename}: the JSON array is empty: no records.", "Load a file with records.")
        bad = next((i for i, item in enumerate(value) if not isinstance(item, dict)), None)
        if bad is None:
            return value
        raise DataLoadError(
            f"{filename}: not tabular: expected an array of records (objects), but item {bad + 1} is "
            f"{_kind(value[bad])}.",
            'Each item must be an object such as {"a": 1, "b": 2}.',
        )
    if isinstance(value, dict):
        keys = [k for k, v in value.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        if len(keys) == 1:
            others = [k for k in value if k != keys[0]]
            notes.warn(
                "json_records_key",
                f"{filename}: the records were taken from the key {keys[0]!r}, the only array of records; other "
                f"keys ignored: {', '.join(map(repr, others)) or 'none'}.",
            )
            return list(value[keys[0]])
        shown = ", ".join(repr(k) for k in list(value)[:10])
        raise DataLoadError(
            f"{filename}: not tabular: expected an array of records (objects), found an object with keys {shown}"
            f"{' (nested objects)' if any(isinstance(v, dict) for v in value.values()) else ''}.",
            "Extract the array of records you want (for example with jq) and load that.",
        )
    raise DataLoadError(
        f"{filename}: not tabular: expected an array of records (objects), found {_kind(value)}.",
        'Write the data as [{"column": value, ...}, ...].',
    )


def _records_frame(
    records: list[dict[str, Any]], filename: str, *, limits: Limits, notes: Notes, state: _JsonState
) -> pd.DataFrame:
    keys = list(dict.fromkeys(k for record in records for k in record))
    if len(keys) > limits.max_columns:
        raise _too_many_columns(filename, len(keys), limits)
    varying = [k for k in keys if any(k not in record for record in records)]
    if varying:
        notes.warn(
            "json_varying_keys",
            f"{filename}: records have different keys; {len(varying)} column(s) are missing from some records and "
            f"left missing there (e.g. {', '.join(map(repr, varying[:5]))}).",
            count=len(varying),
        )
    columns: list[tuple[str, list[Any]]] = []
    for key in keys:
        columns += _flatten(key, [record.get(key) for record in records], filename, notes, state, level=0)
    if len(columns) > limits.max_columns:
        raise _too_many_columns(filename, len(columns), limits)
    series = [_series(values, state) for _, values in columns]
    frame = pd.concat(series, axis=1, ignore_index=True) if series else pd.DataFrame(index=range(len(records)))
    frame.columns = pd.Index([name for name, _ in columns], dtype=object)
    return frame


def _flatten(
    name: str, values: list[Any], filename: str, notes: Notes, state: _JsonState, *, level: int
) -> list[tuple[str, list[Any]]]:
    """Objects in every present value become dotted columns (two levels); other nesting becomes JSON text."""
    present = [v for v in values if v is not None]
    if level < _FLATTEN_LEVELS and present and all(isinstance(v, dict) and v for v in present):
        subkeys = list(dict.fromkeys(k for v in present for k in v))
        notes.warn(
            "json_nested_flattened",
            f"{filename}: column {name!r} held nested objects; flattened into {len(subkeys)} dotted column(s) "
            f"({', '.join(repr(f'{name}.{k}') for k in subkeys[:5])}).",
            column=name,
        )
        out: list[tuple[str, list[Any]]] = []
        for key in subkeys:
            sub = [v.get(key) if isinstance(v, dict) else None for v in values]
            out += _flatten(f"{name}.{key}", sub, filename, notes, state, level=level + 1)
        return out
    nested = sum(isinstance(v, (dict, list)) for v in present)
    if nested:
        notes.warn(
            "json_nested_as_text",
            f"{filename}: column {name!r} holds {nested} nested value(s) (lists or objects); kept as JSON text.",
            column=name,
            count=nested,
        )
        values = [state.fix(json.dumps(v, ensure_ascii=False)) if isinstance(v, (dict, list)) else v for v in values]
    return [(name, values)]


def _series(values: list[Any], state: _JsonState) -> pd.Series:
    if state.beyond_float and None in values:
        ints = [v for v in values if v is not None]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in ints) and any(
            abs(v) > _FLOAT_EXACT for v in ints
        ):
            return pd.Series(values, dtype="Int64")  # a float column would round these ids
    return pd.Series(values)


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _too_many_columns(filename: str, count: int, limits: Limits) -> LimitExceededError:
    return LimitExceededError(
        f"{filename}: {count:,} columns is over the limit of {limits.max_columns:,} columns.",
        "Raise the limit (PRISM_MAX_COLUMNS), or select fewer columns before loading.",
    )


# ---------------------------------------------------------------- Parquet


def parse_parquet(raw: RawInput, *, options: LoadOptions, limits: Limits, notes: Notes) -> pd.DataFrame:
    """A Parquet file via pyarrow; nested and exotic types converted to plain columns, each with a warning."""
    table = _read_parquet(raw, limits)
    series = [_arrow_series(table.column(i), table.field(i), raw.filename, notes) for i in range(table.num_columns)]
    if not series:
        return pd.DataFrame(index=range(table.num_rows))
    frame = pd.concat([s.reset_index(drop=True) for s in series], axis=1, ignore_index=True)
    frame.columns = pd.Index(table.column_names, dtype=object)
    return frame


def _read_parquet(raw: RawInput, limits: Limits) -> pa.Table:
    try:
        parquet = pq.ParquetFile(io.BytesIO(raw.data))
        schema = parquet.schema_arrow
        if len(schema) > limits.max_columns:
            raise _too_many_columns(raw.filename, len(schema), limits)
        meta = parquet.metadata
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if size > limits.max_uncompressed_bytes:
            raise LimitExceededError(
                f"{raw.filename}: the decompressed data is too large ({size:,} bytes; the limit is "
                f"{limits.max_uncompressed_bytes:,}).",
                "Raise the limit (PRISM_MAX_UNCOMPRESSED_MB), or load a subset of the columns or row groups.",
            )
        return parquet.read()
    except ProfilingError:
        raise
    except (pa.ArrowException, OSError, ValueError, EOFError) as exc:
        raise DataLoadError(
            f"{raw.filename}: not a valid Parquet file: corrupt or truncated (missing footer/magic, or a damaged "
            f"page): {str(exc)[:200]}",
            "Write the file again, or copy it completely.",
        ) from exc
    except MemoryError as exc:
        raise LimitExceededError(f"{raw.filename}: not enough memory to read it.", "Load fewer columns.") from exc


def _arrow_series(column: pa.ChunkedArray, field_: pa.Field, filename: str, notes: Notes) -> pd.Series:
    """One Arrow column as a pandas Series of a type pandas and Parquet both handle."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        decoded = [chunk.dictionary_decode() for chunk in column.chunks]
        notes.warn(
            "parquet_dictionary",
            f"{filename}: column {field_.name!r} is dictionary-encoded (categorical); decoded to plain values.",
            column=field_.name,
        )
        return _arrow_series(pa.chunked_array(decoded, kind.value_type), field_, filename, notes)
    if isinstance(kind, pa.ExtensionType):
        storage = pa.chunked_array([chunk.storage for chunk in column.chunks], kind.storage_type)
        return _arrow_series(storage, field_, filename, notes)
    for test, convert in _CONVERSIONS:
        if test(kind):
            result, what = convert(column)
            if what:
                notes.warn(
                    "parquet_type_converted",
                    f"{filename}: column {field_.name!r} has the unsupported type {kind}; {what}.",
                    column=field_.name,
                )
            return result
    try:
        return column.to_pandas()
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        notes.warn(
            "parquet_type_converted",
            f"{filename}: column {field_.name!r} has the unsupported type {kind}; converted to text.",
            column=field_.name,
        )
        return _as_text(column, str)


Converted = tuple[pd.Series, str]  # the new column and what was done ("" when nothing worth a warning)


def _nested(column: pa.ChunkedArray) -> Converted:
    values = column.to_pylist(maps_as_pydicts="lossy")
    texts = [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in values]
    return pd.Series(texts, dtype=object), "nested values (list/struct/map) converted to JSON text"


def _as_text(column: pa.ChunkedArray, render: Callable[[Any], str]) -> pd.Series:
    return pd.Series([None if v is None else render(v) for v in column.to_pylist()], dtype=object)


def _temporal(column: pa.ChunkedArray) -> Converted:
    tz = getattr(column.type, "tz", None)
    stamps = column.cast(pa.timestamp("s")) if pa.types.is_date(column.type) else column
    bounds = pc.min_max(stamps)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is not None and (low.replace(tzinfo=None) < _EARLIEST or high.replace(tzinfo=None) > _LATEST):
        text = _as_text(stamps, lambda v: v.isoformat())
        return text, "values out of bounds for pandas timestamps (years 1677-2262); kept as ISO text"
    return stamps.cast(pa.timestamp("ns", tz=tz)).to_pandas(), ""


def _uint64(column: pa.ChunkedArray) -> Converted:
    high = pc.max(column).as_py()
    if high is not None and high > _INT64_MAX:
        return _as_text(column, str), "values too large for 64-bit signed integers; kept exact as text"
    return column.cast(pa.int64()).to_pandas(), ""


def _decimal(column: pa.ChunkedArray) -> Converted:
    if column.type.precision <= 15:
        return column.cast(pa.float64()).to_pandas(), "decimals converted to float"
    return _as_text(column, str), "decimals with more digits than a float holds; kept exact as text"


def _duration(column: pa.ChunkedArray) -> Converted:
    per_second = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[column.type.unit]
    seconds = pc.divide(column.cast(pa.int64()).cast(pa.float64()), float(per_second))
    return seconds.to_pandas(), "durations converted to seconds (a number)"


def _integers(column: pa.ChunkedArray) -> Converted:
    bounds = pc.min_max(column)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if column.null_count and low is not None and max(abs(low), abs(high)) > _FLOAT_EXACT:
        return pd.Series(column.to_pylist(), dtype="Int64"), ""  # a float column would round these values
    return column.to_pandas(), ""


def _binary(column: pa.ChunkedArray) -> Converted:
    return _as_text(column, bytes.hex), "binary values shown as hex text"


def _is_binary(kind: pa.DataType) -> bool:
    return bool(pa.types.is_binary(kind) or pa.types.is_large_binary(kind) or pa.types.is_fixed_size_binary(kind))


_CONVERSIONS: tuple[tuple[Callable[[pa.DataType], bool], Callable[[pa.ChunkedArray], Converted]], ...] = (
    (pa.types.is_nested, _nested),
    (_is_binary, _binary),
    (pa.types.is_time, lambda c: (_as_text(c, lambda v: v.isoformat()), "times of day kept as text (HH:MM:SS)")),
    (pa.types.is_duration, _duration),
    (pa.types.is_decimal, _decimal),
    (pa.types.is_interval, lambda c: (_as_text(c, str), "intervals kept as text")),
    (pa.types.is_float16, lambda c: (c.cast(pa.float32()).to_pandas(), "half floats widened to float32")),
    (lambda t: pa.types.is_timestamp(t) or pa.types.is_date(t), _temporal),
    (pa.types.is_uint64, _uint64),
    (pa.types.is_integer, _integers),
    (
        lambda t: pa.types.is_string_view(t) or pa.types.is_large_string(t),
        lambda c: (c.cast(pa.string()).to_pandas(), ""),
    ),
)


# ---------------------------------------------------------------- Excel


def parse_excel(
    raw: RawInput, *, options: LoadOptions, limits: Limits, notes: Notes
) -> tuple[pd.DataFrame, list[str], str]:
    """The first visible sheet with data (or `options.sheet`) of an .xlsx, with cached formula values."""
    archive = _check_workbook(raw, limits)
    workbook = _open_workbook(raw)
    try:
        names = list(workbook.sheetnames)
        sheet, rows = _choose_sheet(workbook, raw.filename, options.sheet, limits)
        _warn_sheets(workbook, sheet, raw.filename, notes)
        _warn_formulas(archive, workbook[sheet], raw.filename, limits, notes)
    finally:
        workbook.close()
    return _sheet_frame(rows, f"{raw.filename} [{sheet}]", options, limits), names, sheet


def list_sheets(raw: RawInput, *, limits: Limits) -> list[str]:
    """All sheet names of an .xlsx workbook (hidden ones included), after the safety checks."""
    _check_workbook(raw, limits)
    workbook = _open_workbook(raw)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _check_workbook(raw: RawInput, limits: Limits) -> zipfile.ZipFile:
    """Refuse bombs (declared sizes, ratio) and any DTD or entity declaration before openpyxl parses XML."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw.data))
    except sources.ZIP_ERRORS as exc:
        raise DataLoadError(
            f"{raw.filename}: not a valid .xlsx workbook ({exc}).", "Save it again from Excel."
        ) from exc
    infos = [info for info in archive.infolist() if not info.is_dir()]
    sources.check_member_sizes(infos, raw.filename, limits)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            _refuse_dtd(archive, info, raw.filename, limits)
    return archive


_DTD_MARKERS = tuple(
    marker.encode(codec) for marker in ("<!DOCTYPE", "<!ENTITY") for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, limits: Limits) -> None:
    tail = b""
    for chunk in sources.iter_member(archive, info, f"{filename}/{info.filename}", limits):
        window = tail + chunk
        if any(marker in window for marker in _DTD_MARKERS):
            raise UnsafeInputError(
                f"{filename}: {info.filename} declares a DTD/entities, which are forbidden in workbooks "
                "(XML entity amplification / XXE); refused before parsing.",
                "A genuine Excel file never has one: save the data again from Excel or export it as CSV.",
            )
        tail = window[-32:]


def _open_workbook(raw: RawInput) -> Any:
    import openpyxl  # the only importer of openpyxl; imported late because it is slow to load

    try:
        return openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, TypeError, InvalidFileException...)
        raise DataLoadError(
            f"{raw.filename}: cannot read the workbook ({type(exc).__name__}: {str(exc)[:200]}).",
            "Open it in Excel and save it again as .xlsx.",
        ) from exc


def _choose_sheet(workbook: Any, filename: str, wanted: str | None, limits: Limits) -> tuple[str, list[list[Any]]]:
    names = list(workbook.sheetnames)
    if wanted is not None:
        if wanted not in names:
            raise DataLoadError(
                f"{filename}: no sheet named {wanted!r}; the sheets are: {', '.join(map(repr, names))}.",
                "Choose one of them with sheet=.",
            )
        return wanted, _sheet_rows(workbook[wanted], filename, limits)
    visible = [n for n in names if workbook[n].sheet_state == "visible"] or names
    if not visible:
        raise DataLoadError(f"{filename}: the workbook has no sheets.", "Save a workbook with a data sheet.")
    for name in visible:
        rows = _sheet_rows(workbook[name], filename, limits)
        if rows:
            return name, rows
    return visible[0], []


def _sheet_rows(sheet: Any, filename: str, limits: Limits) -> list[list[Any]]:
    """The sheet's cell values, without trailing empty rows and columns."""
    if not hasattr(sheet, "iter_rows"):  # a chart sheet holds no cells
        return []
    rows: list[list[Any]] = []
    try:
        for row in sheet.iter_rows(values_only=True):
            if len(row) > limits.max_columns:
                raise _too_many_columns(f"{filename} [{sheet.title}]", len(row), limits)
            rows.append(list(row))
    except ProfilingError:
        raise
    except Exception as exc:  # a malformed sheet: openpyxl raises many kinds
        raise DataLoadError(
            f"{filename} [{sheet.title}]: cannot read the sheet ({type(exc).__name__}: {str(exc)[:200]}).",
            "Open it in Excel and save it again as .xlsx.",
        ) from exc
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if not _blank(v)), default=0) for r in rows), default=0)
    return [(r + [None] * width)[:width] for r in rows]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _warn_sheets(workbook: Any, chosen: str, filename: str, notes: Notes) -> None:
    names = list(workbook.sheetnames)
    if len(names) < 2:
        return
    labels = []
    for name in names:
        state = workbook[name].sheet_state
        tags = ["read"] if name == chosen else []
        tags += [] if state == "visible" else [f"{'very ' if state == 'veryHidden' else ''}hidden"]
        labels.append(f"{name} ({', '.join(tags)})" if tags else name)
    hidden = sum(workbook[n].sheet_state != "visible" for n in names)
    notes.warn(
        "excel_sheets",
        f"{filename}: {len(names)} sheets: {', '.join(labels)}"
        f"{f'; {hidden} hidden sheet(s)' if hidden else ''}. Choose another with sheet=.",
        count=len(names),
    )


_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>")


def _warn_formulas(archive: zipfile.ZipFile, sheet: Any, filename: str, limits: Limits, notes: Notes) -> None:
    path = getattr(sheet, "_worksheet_path", None)
    if path is None or path not in archive.namelist():
        return
    xml = sources.read_member_limited(archive, archive.getinfo(path), f"{filename}/{path}", limits)
    if not _FORMULA.search(xml):
        return
    cells = [m.group(1) for m in _CELL.finditer(xml) if _FORMULA.search(m.group(1))]
    uncached = sum(1 for cell in cells if not _VALUE.search(cell))
    notes.warn(
        "excel_formulas",
        f"{filename} [{sheet.title}]: {len(cells)} formula cell(s); formulas are never run, their cached "
        f"(last calculated) values were used; {uncached} formula cell(s) have no cached value and are missing.",
        count=len(cells),
    )


def _sheet_frame(rows: list[list[Any]], shown: str, options: LoadOptions, limits: Limits) -> pd.DataFrame:
    rows = rows[options.skip_rows or 0 :]
    width = len(rows[0]) if rows else 0
    if options.header is False:
        header: list[Any] = [f"column_{i}" for i in range(1, width + 1)]
    else:
        header, rows = (rows[0], rows[1:]) if rows else ([], [])
    if options.column_names is not None:
        if len(options.column_names) != width:
            raise DataLoadError(
                f"{shown}: {len(options.column_names)} column names given for {width} columns.",
                "Give one name per column.",
            )
        header = list(options.column_names)
    frame = pd.DataFrame(rows, columns=range(width)) if width else pd.DataFrame(index=range(len(rows)))
    frame.columns = pd.Index(header, dtype=object)
    return frame
