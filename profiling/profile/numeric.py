"""Every statistic of one numeric column held in memory, from one sort: summary, levels, shape and ranks.

When the engine runs in this process, a numeric column costs one NumPy argsort (milliseconds for a
million doubles, SIMD) instead of a summary pass, a GROUP BY over up to a million distinct values, a
top-values query, a histogram pass and a rank window in SQL. The definitions are the SQL plan's
(`stats`): NaN is missing; infinities are present values, counted and left out of the moments,
quantiles, histogram and ranks; modes and top values break ties by the smaller value. The results
come back in the shapes the SQL passes give, so one `base_profile` / `apply_shape` builds the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from profiling.profile.columns import Levels, base_profile, bin_plan, column_levels, shaped, top_limits
from profiling.profile.models import ColumnProfile
from profiling.profile.stats import QUANTILES, key

TEXT_CHECKS = ("length_min", "length_max", "length_sum", "whitespace", "numeric_like", "with_spaces")


@dataclass(frozen=True)
class NumericColumnResult:
    """One column's profile and levels, and (when asked) its average ranks for Spearman's rho."""

    profile: ColumnProfile
    levels: Levels
    ranks: np.ndarray | None  # 1-based average ranks among the finite values; NaN elsewhere


@dataclass(frozen=True)
class ColumnSpec:
    """Where the column sits and what the profile needs to know about it besides its values."""

    name: str
    index: int
    dtype: str
    rows: int
    integer: bool
    markers: int = 0
    top_k: int = 20
    full_levels: int = 1000


def profile_numeric(values: np.ndarray, spec: ColumnSpec, *, ranks: bool) -> NumericColumnResult:
    """The profile of a float64 column (NaN missing; integers exact below 2**53), from one sort."""
    present = ~np.isnan(values)
    complete = bool(present.all())
    kept = values if complete else values[present]
    order = np.argsort(kept) if ranks else None
    ordered = kept[order] if order is not None else np.sort(kept)
    low, high = np.searchsorted(ordered, -np.inf, "right"), np.searchsorted(ordered, np.inf, "left")
    finite = ordered[low:high]
    summary = _summary(spec.index, ordered, finite)
    levels = _levels(spec, ordered, count=len(ordered))
    profile = base_profile(
        spec.name,
        index=spec.index,
        physical="numeric",
        dtype=spec.dtype,
        rows=spec.rows,
        summary=summary,
        levels=levels,
        top_k=spec.top_k,
        markers=spec.markers,
    )
    if profile.kind != "boolean" and profile.min is not None and profile.max is not None:
        profile = _with_shape(profile, spec, finite)
    ranked = None
    if order is not None:
        ranked = _average_ranks(ordered, order, low=int(low), high=int(high), present=None if complete else present)
    return NumericColumnResult(profile=profile, levels=levels, ranks=ranked)


def _summary(i: int, ordered: np.ndarray, finite: np.ndarray) -> dict[str, Any]:
    """The summary query's statistics of column i (keyed the same way)."""
    zero_low, zero_high = np.searchsorted(finite, 0.0, "left"), np.searchsorted(finite, 0.0, "right")
    n = len(finite)
    out: dict[str, Any] = {
        key(i, "present"): len(ordered),
        key(i, "infinite"): len(ordered) - n,
        key(i, "zeros"): int(zero_high - zero_low),
        key(i, "negatives"): int(zero_low),
        key(i, "min"): float(finite[0]) if n else None,
        key(i, "max"): float(finite[-1]) if n else None,
        key(i, "min_positive"): float(finite[zero_high]) if zero_high < n else None,
        key(i, "max_negative"): float(finite[zero_low - 1]) if zero_low > 0 else None,
        key(i, "quantiles"): _quantiles(finite),
    }
    with np.errstate(over="ignore", invalid="ignore"):  # sums beyond float range: no mean or std, as in SQL
        out[key(i, "mean")] = float(finite.mean()) if n else None
        out[key(i, "std")] = float(finite.std(ddof=1)) if n > 1 else None
    return out


def _quantiles(finite: np.ndarray) -> list[float] | None:
    """QUANTILES of sorted finite values, interpolated linearly (DuckDB's quantile_cont)."""
    if not len(finite):
        return None
    out = []
    for q in QUANTILES:
        h = (len(finite) - 1) * q
        low = int(np.floor(h))
        high = min(low + 1, len(finite) - 1)
        out.append(float(finite[low] + (finite[high] - finite[low]) * (h - low)))
    return out


def _levels(spec: ColumnSpec, ordered: np.ndarray, *, count: int) -> Levels:
    """Distinct count, entropy sum, mode and top values, from the runs of equal sorted values."""
    row: dict[str, Any] = {"col": spec.index, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(TEXT_CHECKS)
    row["count"] = count
    tops: list[dict[str, Any]] = []
    if len(ordered):
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        counts = np.diff(np.r_[starts, len(ordered)])
        top = int(np.argmax(counts))  # the first of tied counts: the smallest value, as SQL breaks ties
        row |= {
            "levels": len(starts),
            "nlogn": float((counts * np.log(counts)).sum()),
            "mode_count": int(counts[top]),
            "mode": _text(ordered[starts[top]], integer=spec.integer),
        }
        limit = top_limits([row], ["numeric"] * (spec.index + 1), top_k=spec.top_k, full_levels=spec.full_levels)
        if limit:
            chosen = np.argsort(-counts, kind="stable")[: limit[spec.index]]  # stable: ties by value
            tops = [
                {"col": spec.index, "value": _text(ordered[starts[j]], integer=spec.integer), "n": int(counts[j])}
                for j in chosen
            ]
    return column_levels(row, tops)


def _text(value: float, *, integer: bool) -> str:
    """A value as the engine writes it: integers without a point, doubles as Python's repr (DuckDB's too)."""
    return str(int(value)) if integer and np.isfinite(value) else repr(float(value))


def _with_shape(profile: ColumnProfile, spec: ColumnSpec, finite: np.ndarray) -> ColumnProfile:
    """Histogram, skewness and IQR outliers, as the shape query computes them."""
    assert profile.min is not None and profile.max is not None
    plan = bin_plan(spec.index, profile, low=profile.min, high=profile.max, integer=spec.integer)
    if plan is None:
        return profile
    with np.errstate(over="ignore", invalid="ignore"):
        bucket = np.minimum(np.floor((finite - plan.start) / plan.width), plan.bins - 1).astype(np.int64)
        counts = np.bincount(np.clip(bucket, 0, plan.bins - 1), minlength=plan.bins)
        dev = finite - plan.mean
        squared = dev * dev
        m2, m3 = float(squared.sum()), float((squared * dev).sum())
    outliers = 0
    if plan.fence_low is not None and plan.fence_high is not None:
        inside = np.searchsorted(finite, plan.fence_high, "right") - np.searchsorted(finite, plan.fence_low, "left")
        outliers = len(finite) - int(inside)
    return shaped(
        profile, plan, [int(c) for c in counts], n=float(len(finite)), m2=m2, m3=m3, outliers=outliers, temporal=False
    )


def _average_ranks(
    ordered: np.ndarray, order: np.ndarray, *, low: int, high: int, present: np.ndarray | None
) -> np.ndarray:
    """Ranks among the finite values (ties share their mean rank), in row order; NaN where not finite."""
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    mean_rank = (starts + ends + 1) / 2.0 - low  # rows sorted before the finite values are -inf
    within = np.repeat(mean_rank, ends - starts)
    within[:low] = np.nan
    within[high:] = np.nan
    rows = order if present is None else np.flatnonzero(present)[order]
    size = len(ordered) if present is None else len(present)
    out = np.full(size, np.nan)
    out[rows] = within
    return out
