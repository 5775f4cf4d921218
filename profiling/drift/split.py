"""One dataset as reference and current: split by a column's value, or by time windows of a date column."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from profiling.drift.engine import to_arrow
from profiling.errors import ColumnNotFoundError, ProfilingError


def split_by_value(
    data: pd.DataFrame | pa.Table, column: str, *, reference: object, current: object
) -> tuple[pa.Table, pa.Table, str]:
    """Rows where `column` equals `reference`, rows where it equals `current` (the column itself is dropped).

    Values are compared as text, so `yr` 0 and 1 can be given as '0' and '1' from a command line or a picker.
    """
    table = _checked(data, column)
    text = pc.cast(table[column], pa.string())
    parts = []
    for value in (reference, current):
        part = table.filter(pc.equal(text, _text(value))).drop_columns([column])
        if part.num_rows == 0:
            raise ProfilingError(
                f"No row has {column} = {value!r}.",
                f"Values of {column!r} include: {', '.join(split_values(table, column)[:10])}.",
            )
        parts.append(part)
    return parts[0], parts[1], f"{column} = {_text(reference)} vs {column} = {_text(current)}"


def split_by_period(
    data: pd.DataFrame | pa.Table, column: str, *, reference: str, current: str, freq: str = "month"
) -> tuple[pa.Table, pa.Table, str]:
    """Rows of one time window against another: `reference='2011-01'`, `current='2012-01'` with freq 'month'
    ('year': '2011'; 'day': '2011-01-31'). The date column stays (its range is reported, never tested)."""
    table = _checked(data, column)
    periods = _periods(table, column, freq)
    parts = []
    for value in (reference, current):
        part = table.filter(pc.equal(periods, value))
        if part.num_rows == 0:
            raise ProfilingError(
                f"No row of {column!r} falls in the {freq} {value!r}.",
                f"Periods there: {', '.join(period_values(table, column, freq=freq)[:12])}.",
            )
        parts.append(part)
    return parts[0], parts[1], f"{column} in {reference} vs {column} in {current} (by {freq})"


def split_values(data: pd.DataFrame | pa.Table, column: str, *, limit: int = 200) -> list[str]:
    """The distinct values of a column, as text, most frequent first (for pickers and hints)."""
    table = _checked(data, column)
    counts = pc.value_counts(pc.drop_null(pc.cast(table[column], pa.string()))).to_pylist()
    ranked = sorted(counts, key=lambda item: (-item["counts"], item["values"]))
    return [item["values"] for item in ranked[:limit]]


def period_values(data: pd.DataFrame | pa.Table, column: str, *, freq: str = "month") -> list[str]:
    """The periods (as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD') present in a date column, in time order."""
    table = _checked(data, column)
    return sorted(v for v in pc.unique(_periods(table, column, freq)).to_pylist() if v is not None)


_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


def _periods(table: pa.Table, column: str, freq: str) -> pa.ChunkedArray:
    if freq not in _FORMATS:
        raise ProfilingError(f"Unknown period {freq!r}.", "Use year, month or day.")
    values = table[column]
    if not (pa.types.is_timestamp(values.type) or pa.types.is_date(values.type)):
        raise ProfilingError(
            f"Column {column!r} holds {values.type}, not dates: it cannot be split by time.",
            "Pick a date column, or split by value instead.",
        )
    if pa.types.is_date(values.type):
        values = pc.cast(values, pa.timestamp("s"))
    return pc.strftime(values, format=_FORMATS[freq])


def _checked(data: pd.DataFrame | pa.Table, column: str) -> pa.Table:
    table = to_arrow(data)
    if column not in table.column_names:
        raise ColumnNotFoundError(
            f"Column {column!r} is not in the dataset.", f"Columns: {', '.join(table.column_names[:30])}."
        )
    return table


def _text(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
