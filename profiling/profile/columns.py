"""Per-column profiles assembled from the engine's aggregate rows, and each column's semantic kind."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from profiling.profile.models import ColumnKind, ColumnProfile, HistogramBin, Quantiles, ValueCount
from profiling.profile.stats import BinPlan, key

_ID_NAME = re.compile(r"(^|[^a-z])(id|uuid|guid|key)$|^id[^a-z]", re.IGNORECASE)
_CAMEL_ID = re.compile(r"[a-z]Id$")
MAX_BINS = 20
CATEGORICAL_MAX_DISTINCT = 1000
TEXT_MIN_LENGTH = 50.0


@dataclass(frozen=True)
class Levels:
    """What the value counts of one column say: its top values (all of them when `complete`)."""

    values: list[ValueCount]
    distinct: int
    nlogn: float
    complete: bool


def top_limits(
    level_rows: Sequence[Mapping[str, Any]], physical: Sequence[str], *, top_k: int, full_levels: int
) -> dict[int, int]:
    """Which columns need a top-values query, and how many values: all levels of small text columns,
    `top_k` where values repeat; none for near-unique columns, whose mode is enough."""
    limits = {}
    for row in level_rows:
        i, levels, mode_count = row["col"], row["levels"], row["mode_count"] or 0
        count = row["count"]
        if levels <= 1 or mode_count <= 1:
            continue
        if physical[i] in ("string", "other") and levels <= full_levels:
            limits[i] = levels
        elif levels <= 0.5 * count or mode_count >= 0.01 * count:
            limits[i] = top_k
    return limits


def group_levels(
    level_rows: Sequence[Mapping[str, Any]], top_rows: Iterable[Mapping[str, Any]], columns: int
) -> list[Levels]:
    """One `Levels` per column from the levels query and the top-values query."""
    tops: list[list[Mapping[str, Any]]] = [[] for _ in range(columns)]
    for row in top_rows:
        tops[row["col"]].append(row)
    out = [Levels(values=[], distinct=0, nlogn=0.0, complete=True) for _ in range(columns)]
    for row in level_rows:
        out[row["col"]] = column_levels(row, tops[row["col"]])
    return out


def column_levels(row: Mapping[str, Any], top_rows: Iterable[Mapping[str, Any]]) -> Levels:
    """A column's `Levels` from its levels row and its top-values rows (`value`, `n`)."""
    values = sorted((ValueCount(value=t["value"], count=t["n"]) for t in top_rows), key=lambda v: (-v.count, v.value))
    if not values and row["mode"] is not None and (row["mode_count"] or 0) > 1 or row["levels"] == 1:
        values = [ValueCount(value=row["mode"], count=row["mode_count"])]
    complete = len(values) == row["levels"]
    return Levels(values=values, distinct=int(row["levels"]), nlogn=float(row["nlogn"] or 0.0), complete=complete)


def base_profile(
    name: str,
    *,
    index: int,
    physical: str,
    dtype: str,
    rows: int,
    summary: Mapping[str, Any],
    levels: Levels,
    top_k: int,
    markers: int,
) -> ColumnProfile:
    """Everything the first two passes know about a column; shape fields come later."""
    count = int(summary[key(index, "present")] or 0)  # NaN is missing; infinities are present values
    top = levels.values[:top_k]
    fields: dict[str, Any] = {
        "name": name,
        "dtype": dtype,
        "count": count,
        "missing_count": rows - count,
        "missing_fraction": _fraction(rows - count, rows),
        "missing_markers_count": markers,
        "distinct_count": levels.distinct,
        "distinct_fraction": _fraction(levels.distinct, count),
        "unique": count > 0 and levels.distinct == count,
        "top_values": top,
        "other_values_count": count - sum(v.count for v in top),
    }
    fields.update(_typed_fields(index, physical, summary))
    spaced = int(summary.get(key(index, "with_spaces")) or 0) >= 0.5 * count
    fields["kind"] = infer_kind(
        name,
        physical=physical,
        dtype=dtype,
        count=count,
        levels=levels,
        spaced=spaced,
        length_mean=fields.get("length_mean"),
    )
    fields["imbalance"] = imbalance(levels, count) if fields["kind"] in ("categorical", "boolean") else None
    return ColumnProfile(**fields)


def _typed_fields(i: int, physical: str, summary: Mapping[str, Any]) -> dict[str, Any]:
    def get(stat: str) -> Any:
        return summary.get(key(i, stat))

    if physical == "numeric":
        qs = get("quantiles")
        return {
            "min": _num(get("min")),
            "max": _num(get("max")),
            "mean": _num(get("mean")),
            "std": _num(get("std")),
            "quantiles": Quantiles(**dict(zip(("p05", "p25", "p50", "p75", "p95"), qs, strict=True))) if qs else None,
            "min_positive": _num(get("min_positive")),
            "max_negative": _num(get("max_negative")),
            "zeros_count": int(get("zeros") or 0),
            "negatives_count": int(get("negatives") or 0),
            "infinite_count": int(get("infinite") or 0),
        }
    if physical == "boolean":
        return {"true_count": int(get("true") or 0)}
    if physical == "temporal":
        return {"date_min": _iso(get("min")), "date_max": _iso(get("max"))}
    present = int(get("present") or 0)
    return {
        "length_min": _int(get("length_min")),
        "length_max": _int(get("length_max")),
        "length_mean": _num(get("length_sum") / present) if present and get("length_sum") is not None else None,
        "whitespace_count": int(get("whitespace") or 0),
        "numeric_like_count": int(get("numeric_like") or 0),
    }


def infer_kind(
    name: str,
    *,
    physical: str,
    dtype: str,
    count: int,
    levels: Levels,
    spaced: bool = False,
    length_mean: float | None = None,
) -> ColumnKind:
    """constant / boolean / datetime / identifier / numeric / categorical / text, from aggregates only."""
    distinct = levels.distinct
    if distinct <= 1:
        return "constant"
    if physical == "boolean":
        return "boolean"
    if physical == "temporal":
        return "datetime"
    id_name = bool(_ID_NAME.search(name) or _CAMEL_ID.search(name))
    if physical == "numeric":
        if distinct == 2 and {v.value for v in levels.values} <= {"0", "1", "0.0", "1.0"}:
            return "boolean"
        integer = "int" in dtype.lower() and "float" not in dtype.lower()
        if integer and id_name and distinct >= 0.95 * count:
            return "identifier"
        return "numeric"
    near_unique = count >= 20 and distinct >= 0.95 * count
    long_text = (length_mean or 0.0) >= TEXT_MIN_LENGTH
    if near_unique:
        return "text" if (spaced or long_text) and not id_name else "identifier"
    if distinct == count and id_name:
        return "identifier"
    if long_text or (distinct > CATEGORICAL_MAX_DISTINCT and distinct > 0.2 * count):
        return "text"
    return "categorical"


def imbalance(levels: Levels, count: int) -> float | None:
    """ydata's imbalance: 1 - H/log2(k) with H the entropy (bits) of the level frequencies."""
    k = levels.distinct
    if k < 2 or count <= 0:
        return None
    entropy = math.log(count) - levels.nlogn / count  # nats; the ratio is base-free
    return min(1.0, max(0.0, 1.0 - entropy / math.log(k)))


def bin_plan(index: int, profile: ColumnProfile, *, low: float, high: float, integer: bool) -> BinPlan | None:
    """Equal-width bins: one per integer when an integer column spans at most MAX_BINS values."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low or not math.isfinite(high - low):
        return None  # a span beyond float range (values near 1e308) cannot be cut into bins
    if integer and high - low + 1 <= MAX_BINS:
        start, width, bins = low - 0.5, 1.0, int(high - low) + 1
    else:
        start, width, bins = low, (high - low) / MAX_BINS, MAX_BINS
    q = profile.quantiles
    fences = (q.p25 - 1.5 * (q.p75 - q.p25), q.p75 + 1.5 * (q.p75 - q.p25)) if q else (None, None)
    mean = profile.mean if profile.mean is not None else (low + high) / 2
    return BinPlan(index, profile.name, start, width, bins, mean, fences[0], fences[1])


def apply_shape(
    profile: ColumnProfile, plan: BinPlan, rows: Iterable[Mapping[str, Any]], *, temporal: bool
) -> ColumnProfile:
    """Histogram, skewness and IQR outliers from the per-bin rows of the shape query."""
    counts = [0] * plan.bins
    n = m2 = m3 = 0.0
    outliers = 0
    for row in sorted(rows, key=lambda r: r["b"]):  # bin order: the float sums come out the same every run
        counts[min(max(int(row["b"]), 0), plan.bins - 1)] += int(row["n"])
        n += row["n"]
        m2 += row["m2"] or 0.0
        m3 += row["m3"] or 0.0
        outliers += int(row["outliers"] or 0)
    return shaped(profile, plan, counts, n=n, m2=m2, m3=m3, outliers=outliers, temporal=temporal)


def shaped(
    profile: ColumnProfile,
    plan: BinPlan,
    counts: Sequence[int],
    *,
    n: float,
    m2: float,
    m3: float,
    outliers: int,
    temporal: bool,
) -> ColumnProfile:
    """The profile with its histogram (rows per bin of `plan`) and, for numbers, skewness and outliers."""
    bins = [
        HistogramBin(start=plan.start + b * plan.width, end=plan.start + (b + 1) * plan.width, count=c)
        for b, c in enumerate(counts)
    ]
    if temporal:
        return profile.model_copy(update={"histogram": bins})
    return profile.model_copy(update={"histogram": bins, "skewness": skewness(n, m2, m3), "outliers_count": outliers})


def skewness(n: float, m2: float, m3: float) -> float | None:
    """The adjusted Fisher-Pearson skewness (what pandas' Series.skew gives) from central sums."""
    if n < 3 or m2 <= 0:
        return None
    try:
        g1 = (m3 / n) / (m2 / n) ** 1.5
        return _num(g1 * math.sqrt(n * (n - 1)) / (n - 2))
    except (OverflowError, ZeroDivisionError):  # moments beyond float range (values near 1e100)
        return None


def _fraction(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return None if value is None else str(value)
