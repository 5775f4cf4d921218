"""Per-column content summaries of each source, from the fast profile plus the frame where it lacks something."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from profiling.loading import LoadWarning
from profiling.profile import ColumnProfile, DatasetProfile, profile_frame
from profiling.schema.models import ColumnSummary, HistogramBin, Storage
from profiling.schema.vocabulary import value_key

MAX_VALUES = 60  # columns with at most this many distinct values are compared value by value
SAMPLE = 5_000
SENTINEL_CODES: tuple[float, ...] = (0, -1, -9, -99, -999, -9999, 99, 999, 9999, 99999)
_MARKER = re.compile(r"'((?:[^'\\]|\\.)*)' \(([\d,]+)\)")
_SHAPE_DIGITS = re.compile(r"\d")
_SHAPE_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass
class SchemaSource:
    """One dataset to compare: its name, rows, optional fast profile and load warnings. When `sampled`, the frame
    is a uniform sample of the rows the profile covers: rows, missing and distinct counts, range and quantiles then
    come from the profile, and only value-level details (shares, examples, shapes, sentinels) from the sample."""

    name: str
    frame: pd.DataFrame
    profile: DatasetProfile | None = None
    load_warnings: Sequence[LoadWarning] = ()
    sampled: bool = False


@dataclass
class Content:
    """Samples kept beside a summary for pairwise comparison (never serialised)."""

    summary: ColumnSummary
    numbers: np.ndarray = field(default_factory=lambda: np.empty(0))
    distinct: frozenset[str] = frozenset()
    code_counts: dict[float, int] = field(default_factory=dict)


def summarise(source: SchemaSource) -> list[Content]:
    """One content summary per column, in the source's column order."""
    profile = source.profile or profile_frame(source.frame, name=source.name, load_warnings=source.load_warnings)
    markers = _markers(source.load_warnings)
    if not source.sampled:
        return [
            _summarise_column(source.name, str(name), source.frame[name], _profile_of(profile, str(name)), markers)
            for name in source.frame.columns
        ]
    rows = profile.dataset.rows
    contents = []
    for name in source.frame.columns:
        column = _profile_of(profile, str(name))
        whole = (column.distinct_count, rows - column.missing_count) if column is not None else None
        content = _summarise_column(source.name, str(name), source.frame[name], column, markers, whole=whole)
        contents.append(_with_profile_counts(content, column, rows))
    return contents


def storage_of(series: pd.Series) -> Storage:
    """The physical type family of a column."""
    if series.notna().sum() == 0:
        return "empty"
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "text"


def _summarise_column(
    source: str,
    name: str,
    series: pd.Series,
    profile: ColumnProfile | None,
    markers: dict[str, dict[str, int]],
    *,
    whole: tuple[int, int] | None = None,
) -> Content:
    """`whole` (distinct values, present rows) over every row, when `series` is a sample: whether a column is
    compared value by value is then decided on every row, as it is for the whole data."""
    present = series.dropna()
    storage = storage_of(series)
    numbers = _numbers(present) if storage in ("int", "float") else np.empty(0)
    keys = present.map(value_key) if len(present) <= 200_000 else present.sample(200_000, random_state=0).map(value_key)
    counts = keys.value_counts()
    n_distinct, present_rows = whole or (len(counts), len(keys))
    categorical = storage in ("text", "bool") or (storage in ("int", "float") and n_distinct <= 12)
    few = n_distinct <= MAX_VALUES and (n_distinct <= 12 or n_distinct <= 0.5 * present_rows)
    values = {str(k): round(float(v) / len(keys), 6) for k, v in counts.items()} if categorical and few else {}
    quantiles = np.quantile(numbers, [0.05, 0.25, 0.5, 0.75, 0.95]) if len(numbers) else None
    summary = ColumnSummary(
        source=source,
        column=name,
        kind=profile.kind if profile is not None else storage,
        storage=storage,
        rows=len(series),
        missing_count=int(len(series) - len(present)),
        missing_fraction=round(float(1 - len(present) / len(series)), 6) if len(series) else 0.0,
        distinct_count=int(len(counts)),
        whole_numbers=bool(np.all(np.mod(numbers, 1) == 0)) if storage == "float" and len(numbers) else None,
        min=float(numbers.min()) if len(numbers) else None,
        max=float(numbers.max()) if len(numbers) else None,
        **_quantile_fields(quantiles),
        values=values,
        examples=[str(k)[:60] for k in counts.index[:5]],
        markers=markers.get(name, {}),
        text_pattern=_text_pattern(keys) if storage == "text" else None,
        histogram=_histogram(profile),
    )
    distinct = frozenset(counts.index[:SAMPLE].astype(str))
    codes = {code: int(np.sum(numbers == code)) for code in SENTINEL_CODES} if len(numbers) else {}
    return Content(summary, numbers, distinct, {c: n for c, n in codes.items() if n})


def _with_profile_counts(content: Content, profile: ColumnProfile | None, rows: int) -> Content:
    """The summary with the figures of every row (the profile's) in place of the sample's."""
    if profile is None:
        return content
    storage = content.summary.storage
    if storage == "empty" and profile.missing_count < rows:  # the sample drew none of the column's values
        storage = _storage_of_dtype(profile.dtype)
    update: dict[str, object] = {
        "storage": storage,
        "rows": rows,
        "missing_count": profile.missing_count,
        "missing_fraction": round(profile.missing_count / rows, 6) if rows else 0.0,
        "distinct_count": profile.distinct_count,
    }
    if storage in ("int", "float") and profile.min is not None:
        update |= {"min": profile.min, "max": profile.max}
        if profile.quantiles is not None:
            q = profile.quantiles
            update |= {"p05": q.p05, "p25": q.p25, "median": q.p50, "p75": q.p75, "p95": q.p95}
    summary = content.summary.model_copy(update=update)
    return Content(summary, content.numbers, content.distinct, content.code_counts)


def _storage_of_dtype(dtype: str) -> Storage:
    """The storage family of an engine's type name ('int64', '!float64', 'timestamp', 'string', ...)."""
    name = dtype.lstrip("!").lower()
    for prefix, storage in (("int", "int"), ("uint", "int"), ("float", "float"), ("decimal", "float")):
        if name.startswith(prefix):
            return storage  # type: ignore[return-value]
    if name.startswith("bool"):
        return "bool"
    return "datetime" if name.startswith(("timestamp", "date")) else "text"


def _numbers(present: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(present, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return numbers[np.isfinite(numbers)]


def _quantile_fields(quantiles: np.ndarray | None) -> dict[str, float | None]:
    names = ("p05", "p25", "median", "p75", "p95")
    if quantiles is None:
        return dict.fromkeys(names)
    return {n: float(q) for n, q in zip(names, quantiles, strict=True)}


def _text_pattern(keys: pd.Series) -> str | None:
    """The shape most text values share ('9999-99-99', 'a 9,999'), when at least 80% share it."""
    sample = keys.head(SAMPLE)
    if sample.empty:
        return None
    shapes = sample.map(lambda v: _SHAPE_LETTERS.sub("a", _SHAPE_DIGITS.sub("9", v))).value_counts()
    return str(shapes.index[0]) if shapes.iloc[0] >= 0.8 * len(sample) else None


def _histogram(profile: ColumnProfile | None) -> list[HistogramBin]:
    if profile is None or not profile.histogram or profile.kind not in ("numeric", "identifier", "constant"):
        return []
    total = sum(b.count for b in profile.histogram) or 1
    return [HistogramBin(start=b.start, end=b.end, fraction=round(b.count / total, 6)) for b in profile.histogram]


def _profile_of(profile: DatasetProfile, name: str) -> ColumnProfile | None:
    try:
        return profile.column(name)
    except KeyError:
        return None


def _markers(warnings: Sequence[LoadWarning]) -> dict[str, dict[str, int]]:
    """Column -> {marker: rows} from the load report's `missing_markers` warnings."""
    found: dict[str, dict[str, int]] = {}
    for warning in warnings:
        if warning.type == "missing_markers" and warning.column:
            pairs = _MARKER.findall(warning.message)
            found[warning.column] = {marker: int(count.replace(",", "")) for marker, count in pairs}
    return found
