"""Turn columns of text into typed columns, and apply the clean-up every loaded table gets."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from profiling.errors import LimitExceededError
from profiling.loading.models import DEFAULT_MISSING_MARKERS, Limits, Notes

__all__ = ["finalize", "infer_types"]

_INT = r"^[+-]?[0-9]+$"
_LEADING_ZERO = r"^[+-]?0[0-9]"
_THOUSANDS = r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$"
_PLAIN_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_DECIMAL_COMMA = r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$"
_CODE = r"^[A-Z]{2,3}$"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
_ISO_TZ = r"[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})$"
_SLASH = r"^[0-9]{1,2}([/.])[0-9]{1,2}([/.])[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$"
_DATE_LIKE = (
    _ISO,
    _SLASH,
    r"^[0-9]{1,2} [A-Za-z]{3,9}\.? [0-9]{4}$",
    r"^[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4}$",
    r"^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$",
)
_BOOL_WORDS = {"true": True, "false": False}
_SENTINELS = (-9, -99, -999, -9999, 999, 9999, 99999)
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_UNIQUE_NOTE_MIN_ROWS = 1_000
_PROBE_SIZE = 1_000


def infer_types(
    table: pa.Table,
    *,
    source: str,
    notes: Notes,
    missing_markers: Sequence[str] | None = None,
    decimal: str = ".",
) -> pd.DataFrame:
    """Type each all-text column (missing markers, numbers, booleans, dates); report every decision."""
    markers = tuple(DEFAULT_MISSING_MARKERS if missing_markers is None else missing_markers)
    explicit = missing_markers is not None
    data: dict[str, object] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        values = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        values = _apply_markers(values, name, markers, explicit=explicit, notes=notes)
        data[name] = _type_column(values, name, decimal=decimal, notes=notes)
    return pd.DataFrame(data, index=pd.RangeIndex(table.num_rows), columns=table.column_names, copy=False)


def finalize(frame: pd.DataFrame, *, source: str, notes: Notes, limits: Limits) -> pd.DataFrame:
    """Checks and clean-up for every format: limits, long cells, mixed types, empty/constant columns."""
    _check_column_count(frame, source, notes, limits)
    if len(frame) == 0:
        notes.warn("no_rows", f"{source}: the table has columns but no rows (0 rows); there is nothing to profile.")
    columns = {}
    for position, name in enumerate(frame.columns):
        columns[name] = _finalize_column(frame.iloc[:, position], str(name), notes, limits)
    result = pd.DataFrame(columns, index=frame.index, copy=False)
    result.columns = frame.columns
    return result


# --- missing markers ------------------------------------------------------------------------


def _apply_markers(values: pa.Array, name: str, markers: tuple[str, ...], *, explicit: bool, notes: Notes) -> pa.Array:
    if not markers or len(values) == 0:
        return values
    hits = pc.fill_null(pc.is_in(values, value_set=pa.array(markers, pa.string())), False)
    if not pc.any(hits).as_py():
        return values
    if not explicit and "NA" in markers and _is_code_column(values, hits):
        hits = _keep_na_codes(values, hits, name, notes)
    _warn_markers(values, hits, name, notes)
    return pc.if_else(hits, pa.scalar(None, pa.string()), values)


def _is_code_column(values: pa.Array, hits: pa.Array) -> bool:
    """True when the non-missing values are short upper-case codes (country codes: NA is Namibia)."""
    others = pc.filter(values, pc.invert(hits))
    others = pc.filter(others, pc.is_valid(others))
    if len(others) == 0 or not pc.any(pc.equal(values, "NA")).as_py():
        return False
    share = pc.mean(pc.cast(pc.match_substring_regex(others, _CODE), pa.int8())).as_py()
    return bool(share is not None and share >= 0.8)


def _keep_na_codes(values: pa.Array, hits: pa.Array, name: str, notes: Notes) -> pa.Array:
    is_na = pc.fill_null(pc.equal(values, "NA"), False)
    count = int(pc.sum(is_na).as_py() or 0)
    notes.warn(
        "na_kept_as_code",
        f"Column {name!r}: {count:,} value(s) 'NA' kept as a value, not treated as missing, because the column "
        "holds short upper-case codes (NA is Namibia's country code). To treat 'NA' as missing, pass "
        "missing_markers including 'NA'.",
        column=name,
        count=count,
    )
    return pc.and_(hits, pc.invert(is_na))


def _warn_markers(values: pa.Array, hits: pa.Array, name: str, notes: Notes) -> None:
    found = pc.value_counts(pc.filter(values, hits)).to_pylist()
    named = sorted(((item["values"], item["counts"]) for item in found if item["values"]), key=lambda p: -p[1])
    if not named:
        return  # empty cells only: an empty cell is missing without a marker
    total = sum(count for _, count in named)
    listing = ", ".join(f"{marker!r} ({count:,})" for marker, count in named)
    notes.warn(
        "missing_markers",
        f"Column {name!r}: {total:,} value(s) treated as missing: {listing}. To keep them as values, pass "
        "missing_markers without them.",
        column=name,
        count=total,
    )


# --- types ----------------------------------------------------------------------------------


def _type_column(values: pa.Array, name: str, *, decimal: str, notes: Notes) -> object:
    present = pc.drop_null(values)
    if len(present) == 0:
        return np.full(len(values), None, dtype=object)
    stripped = pc.utf8_trim_whitespace(values)
    if decimal != "." and _all_match(present, _DECIMAL_COMMA):
        stripped = pc.replace_substring(pc.replace_substring(stripped, ".", ""), ",", ".")
    probe = pc.drop_null(stripped).slice(0, _PROBE_SIZE)
    for convert, fits in _CONVERTERS:
        result = convert(stripped, name, notes) if fits(probe) else None
        if result is not None:
            _warn_whitespace(values, stripped, name, notes)
            if convert in (_to_int, _to_float) and pd.api.types.is_numeric_dtype(getattr(result, "dtype", object)):
                _warn_sentinels(result, name, notes)
            return result
    _warn_thousands(present, name, notes)
    return values.to_numpy(zero_copy_only=False)


def _casts(probe: pa.Array, target: pa.DataType) -> bool:
    try:
        pc.cast(probe, target)
    except pa.ArrowInvalid:
        return False
    return True


def _all_match(values: pa.Array, pattern: str) -> bool:
    present = pc.drop_null(values)
    return len(present) > 0 and bool(pc.all(pc.match_substring_regex(present, pattern)).as_py())


def _any_match(values: pa.Array, pattern: str) -> bool:
    return bool(pc.any(pc.match_substring_regex(pc.drop_null(values), pattern)).as_py())


def _warn_whitespace(values: pa.Array, stripped: pa.Array, name: str, notes: Notes) -> None:
    changed = int(pc.sum(pc.fill_null(pc.not_equal(pc.utf8_length(values), pc.utf8_length(stripped)), False)).as_py())
    if changed:
        notes.warn(
            "whitespace_stripped",
            f"Column {name!r}: spaces around {changed:,} value(s) were removed to read them as numbers or dates.",
            column=name,
            count=changed,
        )


def _to_bool(values: pa.Array, name: str, notes: Notes) -> object:
    lowered = pc.utf8_lower(values)
    if not pc.all(pc.is_in(pc.drop_null(lowered), value_set=pa.array(list(_BOOL_WORDS)))).as_py():
        return None
    flags = pc.equal(lowered, "true")
    if flags.null_count:
        return pd.array(flags.to_pylist(), dtype="boolean")
    return flags.to_numpy(zero_copy_only=False)


def _to_int(values: pa.Array, name: str, notes: Notes) -> object:
    try:
        numbers = pc.cast(values, pa.int64())
    except pa.ArrowInvalid:
        return _too_large(values, name, notes) if _all_match(values, _INT) else None
    leading = int(pc.sum(pc.match_substring_regex(pc.drop_null(values), _LEADING_ZERO)).as_py() or 0)
    if leading:
        notes.warn(
            "leading_zeros",
            f"Column {name!r}: {leading:,} value(s) have leading zeros (e.g. codes like '00501'); kept as text so "
            "the zeros are not lost.",
            column=name,
            count=leading,
        )
        return values.to_numpy(zero_copy_only=False)
    if numbers.null_count == 0:
        return numbers.to_numpy()
    _warn_precision(numbers, name, notes)
    mask = numbers.is_null().to_numpy(zero_copy_only=False)
    return pd.arrays.IntegerArray(pc.fill_null(numbers, 0).to_numpy(), mask)


def _too_large(values: pa.Array, name: str, notes: Notes) -> object:
    notes.warn(
        "integer_too_large",
        f"Column {name!r}: integers too large for 64 bits (beyond ±9,223,372,036,854,775,807); the column is "
        "kept as text (object dtype) so no digit is lost.",
        column=name,
    )
    return values.to_numpy(zero_copy_only=False)


def _warn_precision(numbers: pa.Array, name: str, notes: Notes) -> None:
    big = int(pc.sum(pc.greater(pc.abs(numbers), 2**53)).as_py() or 0)
    if big:
        notes.warn(
            "integer_precision",
            f"Column {name!r}: {big:,} integer(s) above 2**53 with missing values in the column; stored as a "
            "nullable integer (Int64) to keep full precision (a float column would have lost it).",
            column=name,
            count=big,
        )


def _to_float(values: pa.Array, name: str, notes: Notes) -> object:
    try:
        numbers = pc.cast(values, pa.float64())
    except pa.ArrowInvalid:
        return None
    special = pc.fill_null(pc.invert(pc.match_substring_regex(values, _PLAIN_NUMBER)), False)
    infinite = int(pc.sum(pc.is_inf(numbers)).as_py() or 0)
    nans = int(pc.sum(pc.and_(special, pc.is_nan(numbers))).as_py() or 0)
    if infinite:
        notes.warn(
            "infinite_values",
            f"Column {name!r}: {infinite:,} infinite value(s) (tokens like 'inf', '-inf', 'Infinity') read as ±inf.",
            column=name,
            count=infinite,
        )
    if nans:
        notes.warn(
            "nan_tokens",
            f"Column {name!r}: {nans:,} not-a-number token(s) (like '-nan') read as missing (NaN).",
            column=name,
            count=nans,
        )
    return numbers.to_numpy(zero_copy_only=False)


def _warn_thousands(present: pa.Array, name: str, notes: Notes) -> None:
    grouped = pc.match_substring_regex(present, _THOUSANDS)
    if not pc.any(grouped).as_py():
        return
    numeric = pc.or_(grouped, pc.match_substring_regex(pc.utf8_trim_whitespace(present), _PLAIN_NUMBER))
    if pc.mean(pc.cast(numeric, pa.int8())).as_py() < 0.9:
        return
    count = int(pc.sum(grouped).as_py())
    notes.warn(
        "numbers_as_text",
        f"Column {name!r} looks numeric but {count:,} value(s) use ',' thousands separators (like '1,234'); "
        "kept as text. Remove the separators at the source to get numbers.",
        column=name,
        count=count,
    )


def _to_datetime(values: pa.Array, name: str, notes: Notes) -> object:
    present = pc.drop_null(values)
    if _all_match(present, _ISO):
        return _parse_iso(values, present, name, notes)
    if _all_match(present, _SLASH):
        return _parse_day_month(values, name, notes)
    families = [pattern for pattern in _DATE_LIKE if _any_match(present, pattern)]
    like = pc.sum(pc.match_substring_regex(present, "|".join(f"({p})" for p in _DATE_LIKE))).as_py() or 0
    if len(families) >= 2 and like >= len(present) / 2:
        notes.warn(
            "mixed_date_formats",
            f"Column {name!r}: the dates use more than one date format (ambiguous: '02/01/2024' may be 2 January "
            "or 1 February); kept as text. Write the dates in one format (ISO 8601 YYYY-MM-DD) to get dates.",
            column=name,
        )
    return None


def _parse_iso(values: pa.Array, present: pa.Array, name: str, notes: Notes) -> object:
    zoned = pc.match_substring_regex(present, _ISO_TZ)
    aware = int(pc.sum(zoned).as_py() or 0)
    if not aware and _casts(present, pa.timestamp("ns")):
        return pc.cast(values, pa.timestamp("ns")).to_numpy(zero_copy_only=False)
    text = values.to_numpy(zero_copy_only=False)
    parsed = pd.to_datetime(pd.Series(text), format="ISO8601", utc=aware > 0, errors="coerce")
    bad = int(parsed.isna().sum()) - values.null_count
    if bad:
        return _reject_dates(present, parsed, bad, name, notes)
    if aware:
        _warn_zones(present, aware, name, notes)
    return parsed.to_numpy() if not aware else parsed.array


def _warn_zones(present: pa.Array, aware: int, name: str, notes: Notes) -> None:
    offsets = pc.extract_regex(present, r"(?P<zone>Z|[+-][0-9]{2}:?[0-9]{2})$")
    zones = {item["zone"] for item in offsets.to_pylist() if item} - {"Z", "+00:00", "+0000"}
    naive = len(present) - aware
    if not zones and not naive:
        return
    detail = f" {naive:,} value(s) had no time zone and were taken as UTC." if naive else ""
    notes.warn(
        "time_zones",
        f"Column {name!r}: the timestamps carry different time zones (offsets such as "
        f"{', '.join(sorted(zones)[:4]) or 'Z'}); all were converted to UTC.{detail}",
        column=name,
    )


def _reject_dates(present: pa.Array, parsed: pd.Series, bad: int, name: str, notes: Notes) -> object:
    years = pc.cast(pc.utf8_slice_codeunits(present, 0, 4), pa.int64())
    outside = int(pc.sum(pc.or_(pc.less(years, 1678), pc.greater(years, 2261))).as_py() or 0)
    if outside:
        notes.warn(
            "dates_out_of_range",
            f"Column {name!r}: {outside:,} date(s) are out of range for timestamps (before 1678 or after 2261, "
            "e.g. sentinel dates like 9999-12-31); the column is kept as text.",
            column=name,
            count=outside,
        )
    else:
        notes.warn(
            "invalid_dates",
            f"Column {name!r}: {bad:,} value(s) look like dates but are not valid dates (e.g. month 13); the "
            "column is kept as text.",
            column=name,
            count=bad,
        )
    return None


def _parse_day_month(values: pa.Array, name: str, notes: Notes) -> object:
    text = pd.Series(values.to_numpy(zero_copy_only=False)).str.replace(".", "/", regex=False)
    results = {}
    for order in ("%d/%m/%Y", "%m/%d/%Y"):
        fmt = order + (
            " %H:%M:%S" if text.str.count(":").max() == 2 else " %H:%M" if text.str.contains(":").any() else ""
        )
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        if int(parsed.isna().sum()) == values.null_count:
            results[order] = parsed
    if len(results) == 1:
        order, parsed = next(iter(results.items()))
        notes.warn("date_format", f"Column {name!r}: dates read with the format {order}.", column=name)
        return parsed.to_numpy()
    if len(results) == 2:
        notes.warn(
            "ambiguous_dates",
            f"Column {name!r}: ambiguous date format: every date fits both day/month and month/day order; "
            "kept as text. Write the dates as ISO 8601 (YYYY-MM-DD) to get dates.",
            column=name,
        )
    return None


def _warn_sentinels(result: object, name: str, notes: Notes) -> None:
    numbers = pd.Series(result).dropna().to_numpy(dtype=float)
    if len(numbers) < 3:
        return
    for code in _SENTINELS:
        hits = numbers == code
        count = int(hits.sum())
        rest = numbers[~hits]
        if count < 2 or len(rest) == 0:
            continue
        apart = rest.min() >= 0 if code < 0 else code > 2 * rest.max() and rest.max() > 0
        if apart:
            notes.warn(
                "suspected_missing_code",
                f"Column {name!r}: the value {code} occurs {count:,} times and is far from every other value "
                f"(range {rest.min():g} to {rest.max():g}); it looks like a code for missing. It was kept as a "
                f"number; to treat it as missing, pass missing_markers including '{code}'.",
                column=name,
                count=count,
            )


_CONVERTERS = (
    (_to_bool, lambda probe: _all_match(pc.utf8_lower(probe), "^(true|false)$")),
    (_to_int, lambda probe: _all_match(probe, _INT)),
    (_to_float, lambda probe: _casts(probe, pa.float64())),
    (_to_datetime, lambda probe: _any_match(probe, "|".join(f"({p})" for p in _DATE_LIKE))),
)


# --- final clean-up (every format) ----------------------------------------------------------


def _check_column_count(frame: pd.DataFrame, source: str, notes: Notes, limits: Limits) -> None:
    count = frame.shape[1]
    if count > limits.max_columns:
        raise LimitExceededError(
            f"{source}: the table has {count:,} columns; the limit is {limits.max_columns:,}.",
            "Raise the limit (PRISM_MAX_COLUMNS) or select fewer columns before loading.",
        )
    if count > limits.many_columns_warning:
        notes.warn(
            "many_columns",
            f"{source}: the table has {count:,} columns (many columns); slow sections of the profile will cap at "
            f"the limit of {limits.many_columns_warning:,} columns.",
            count=count,
        )


def _finalize_column(column: pd.Series, name: str, notes: Notes, limits: Limits) -> pd.Series:
    if column.dtype == object:
        column = _unify_types(column, name, notes)
    if column.dtype == object:
        column = _check_text(column, name, notes, limits)
    missing = int(column.isna().sum())
    if len(column) and missing == len(column):
        notes.warn("all_missing", f"Column {name!r}: all values are missing (all missing, 100%).", column=name)
        return column
    _note_distinct(column, name, missing, notes)
    return column


def _unify_types(column: pd.Series, name: str, notes: Notes) -> pd.Series:
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("string", "empty", "integer", "floating", "boolean", "datetime", "date", "decimal"):
        return column
    if kind in ("mixed-integer-float",):
        return column.astype(float)
    present = column.notna()
    converted = column.astype(object).copy()
    converted[present] = column[present].map(str)
    notes.warn(
        "mixed_types",
        f"Column {name!r}: values of mixed types ({kind}) were converted to text so the column has one type.",
        column=name,
        count=int(present.sum()),
    )
    return converted


def _check_text(column: pd.Series, name: str, notes: Notes, limits: Limits) -> pd.Series:
    if pd.api.types.infer_dtype(column, skipna=True) != "string":
        return column
    distinct = pd.unique(column.dropna().to_numpy())
    longest = max((len(value) for value in distinct), default=0)
    if longest > limits.max_cell_chars:
        lengths = column.str.len()
        long = lengths > limits.max_cell_chars
        column = column.copy()
        column[long] = column[long].str.slice(0, limits.max_cell_chars)
        notes.warn(
            "cell_truncated",
            f"Column {name!r}: {int(long.sum()):,} cell(s) longer than {limits.max_cell_chars:,} characters were "
            f"truncated (the longest had {longest:,}).",
            column=name,
            count=int(long.sum()),
        )
    if _INVISIBLE.search("\n".join(distinct)):
        count = int(column.str.contains(_INVISIBLE, na=False).sum())
        notes.warn(
            "invisible_characters",
            f"Column {name!r}: {count:,} value(s) hold invisible or control characters (zero-width spaces, "
            "right-to-left overrides, control codes); they display differently from what they compare as.",
            column=name,
            count=count,
        )
    return column


def _note_distinct(column: pd.Series, name: str, missing: int, notes: Notes) -> None:
    if len(column) < 2:
        return
    distinct = int(column.nunique(dropna=True))
    if distinct == 1:
        value = column.dropna().iloc[0]
        shown = repr(value) if isinstance(value, str) else str(value)  # 0, not np.int64(0)
        notes.warn("constant", f"Column {name!r}: constant: every value is {shown}.", column=name)
    elif (
        distinct == len(column)
        and len(column) >= _UNIQUE_NOTE_MIN_ROWS
        and (column.dtype == object or pd.api.types.is_integer_dtype(column.dtype))
    ):
        notes.warn(
            "all_unique",
            f"Column {name!r}: every one of the {distinct:,} values is unique (an identifier?).",
            column=name,
        )
