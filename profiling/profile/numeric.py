"""Every statistic of one numeric column held in memory, from its runs of equal values: summary, levels,
shape and ranks.

When the engine runs in this process, a numeric column costs one NumPy sort (milliseconds for a
million doubles, SIMD), or for integers of a small range one counting pass, instead of a summary
pass, a GROUP BY over up to a million distinct values, a top-values query, a histogram pass and a
rank window in SQL. Either way the column becomes its distinct values in order with their counts
(`Runs`), and every statistic is read from those. The definitions are the SQL plan's (`stats`): NaN
is missing; infinities are present values, counted and left out of the moments, quantiles,
histogram and ranks; modes and top values break ties by the smaller value. Results come back in the
shapes the SQL passes give, so one `base_profile` builds the profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from profiling.profile.columns import Levels, base_profile, bin_plan, column_levels, shaped, top_limits
from profiling.profile.models import ColumnProfile
from profiling.profile.stats import QUANTILES, key

TEXT_CHECKS = ("length_min", "length_max", "length_sum", "whitespace", "numeric_like", "with_spaces")
FLOAT32_RANKS = 2**23  # below this many rows, mean ranks (halves included) are exact in float32
COUNTING_SPAN = 1  # integers whose range is at most this many times the rows (or 65,536) are counted, not sorted


@dataclass(frozen=True)
class NumericColumnResult:
    """One column's profile and levels, and (when asked) its average ranks for Spearman's rho."""

    profile: ColumnProfile
    levels: Levels
    ranks: np.ndarray | None  # 1-based average ranks among the finite values; NaN elsewhere (float32 if exact)


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


@dataclass(frozen=True)
class Runs:
    """A column's distinct present values in ascending order (infinities included) and their counts."""

    values: np.ndarray
    counts: np.ndarray

    def bounds(self) -> tuple[int, int]:
        """Where the finite values start and end (-inf sorts first, +inf last)."""
        return int(np.searchsorted(self.values, -np.inf, "right")), int(np.searchsorted(self.values, np.inf, "left"))

    def finite(self) -> tuple[np.ndarray, np.ndarray]:
        low, high = self.bounds()
        return self.values[low:high], self.counts[low:high]


def profile_numeric(values: np.ndarray, spec: ColumnSpec, *, ranks: bool) -> NumericColumnResult:
    """The profile of a float64 column (NaN missing; integers exact below 2**53)."""
    present = ~np.isnan(values)
    complete = bool(present.all())
    kept = values if complete else values[present]
    runs, ranked = _counted(kept, ranks=ranks) if spec.integer else (None, None)
    if runs is None:
        runs, ranked = _sorted(kept, ranks=ranks)
    if ranked is not None and not complete:
        ranked = _spread(ranked, present)
    summary = _summary(spec.index, runs)
    levels = _levels(spec, runs)
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
        profile = _with_shape(profile, spec, runs)
    return NumericColumnResult(profile=profile, levels=levels, ranks=ranked)


def _sorted(kept: np.ndarray, *, ranks: bool) -> tuple[Runs, np.ndarray | None]:
    """Runs from a sort; with `ranks`, an argsort, whose order spreads each run's mean rank back."""
    order = np.argsort(kept) if ranks else None
    ordered = kept[order] if order is not None else np.sort(kept)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, np.int64)
    runs = Runs(values=ordered[starts], counts=np.diff(np.r_[starts, len(ordered)]))
    if order is None:
        return runs, None
    ranked = np.empty(len(kept), dtype=_rank_type(len(kept)))
    ranked[order] = np.repeat(_mean_ranks(runs), runs.counts)
    return runs, ranked


def _counted(kept: np.ndarray, *, ranks: bool) -> tuple[Runs | None, np.ndarray | None]:
    """Runs of an integer column by counting each value (None when its range is too wide to count)."""
    if not len(kept):
        return None, None
    low, high = float(kept.min()), float(kept.max())
    if high - low > max(COUNTING_SPAN * len(kept), 65_536):
        return None, None
    codes = (kept - low).astype(np.int64)
    tally = np.bincount(codes)
    held = np.flatnonzero(tally)
    runs = Runs(values=held + low, counts=tally[held])
    if not ranks:
        return runs, None
    lookup = np.empty(len(tally), dtype=_rank_type(len(kept)))
    lookup[held] = _mean_ranks(runs)
    return runs, lookup[codes]


def _mean_ranks(runs: Runs) -> np.ndarray:
    """Each run's mean 1-based rank among the finite values; NaN for the infinities."""
    low, high = runs.bounds()
    ends = np.cumsum(runs.counts)
    below = int(ends[low - 1]) if low else 0  # rows holding -inf
    out = (2 * ends - runs.counts + 1) / 2.0 - below
    out[:low] = np.nan
    out[high:] = np.nan
    return out


def _rank_type(rows: int) -> type[np.floating]:
    """float32 halves the memory ranks hold while it represents every mean rank exactly."""
    return np.float32 if rows < FLOAT32_RANKS else np.float64


def _spread(ranked: np.ndarray, present: np.ndarray) -> np.ndarray:
    out = np.full(len(present), np.nan, dtype=ranked.dtype)
    out[present] = ranked
    return out


def _summary(i: int, runs: Runs) -> dict[str, Any]:
    """The summary query's statistics of column i (keyed the same way)."""
    values, counts = runs.finite()
    ends = np.cumsum(counts)
    n = int(ends[-1]) if len(ends) else 0
    zero_low, zero_high = (int(np.searchsorted(values, 0.0, side)) for side in ("left", "right"))
    present = int(runs.counts.sum())

    def rows_below(position: int) -> int:  # rows in the runs before `position`
        return int(ends[position - 1]) if position else 0

    out: dict[str, Any] = {
        key(i, "present"): present,
        key(i, "infinite"): present - n,
        key(i, "zeros"): rows_below(zero_high) - rows_below(zero_low),
        key(i, "negatives"): rows_below(zero_low),
        key(i, "min"): float(values[0]) if n else None,
        key(i, "max"): float(values[-1]) if n else None,
        key(i, "min_positive"): float(values[zero_high]) if zero_high < len(values) else None,
        key(i, "max_negative"): float(values[zero_low - 1]) if zero_low else None,
        key(i, "quantiles"): _quantiles(values, ends),
        key(i, "mean"): None,
        key(i, "std"): None,
    }
    with np.errstate(over="ignore", invalid="ignore"):  # sums beyond float range: no mean or std, as in SQL
        if n:
            weights = counts.astype(np.float64)
            mean = float(np.dot(values, weights) / n)
            out[key(i, "mean")] = mean
            dev = values - mean
            out[key(i, "std")] = float(np.sqrt(np.dot(dev * dev, weights) / (n - 1))) if n > 1 else None
    return out


def _quantiles(values: np.ndarray, ends: np.ndarray) -> list[float] | None:
    """QUANTILES of the finite values (runs ending at rows `ends`), interpolated linearly (quantile_cont)."""
    n = int(ends[-1]) if len(ends) else 0
    if not n:
        return None

    def at(k: int) -> float:  # the k-th smallest value, 0-based
        return float(values[np.searchsorted(ends, k, "right")])

    out = []
    for q in QUANTILES:
        h = (n - 1) * q
        low = int(np.floor(h))
        below, above = at(low), at(min(low + 1, n - 1))
        out.append(below + (above - below) * (h - low))
    return out


def _levels(spec: ColumnSpec, runs: Runs) -> Levels:
    """Distinct count, entropy sum, mode and top values, from the runs."""
    row: dict[str, Any] = {"col": spec.index, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(TEXT_CHECKS)
    row["count"] = int(runs.counts.sum())
    tops: list[dict[str, Any]] = []
    if len(runs.values):
        top = int(np.argmax(runs.counts))  # the first of tied counts: the smallest value, as SQL breaks ties
        row |= {
            "levels": len(runs.values),
            "nlogn": float((runs.counts * np.log(runs.counts)).sum()),
            "mode_count": int(runs.counts[top]),
            "mode": _text(runs.values[top], integer=spec.integer),
        }
        limit = top_limits([row], ["numeric"] * (spec.index + 1), top_k=spec.top_k, full_levels=spec.full_levels)
        if limit:
            chosen = np.argsort(-runs.counts, kind="stable")[: limit[spec.index]]  # stable: ties by value
            tops = [
                {"col": spec.index, "value": _text(runs.values[j], integer=spec.integer), "n": int(runs.counts[j])}
                for j in chosen
            ]
    return column_levels(row, tops)


def _text(value: float, *, integer: bool) -> str:
    """A value as the engine writes it: integers without a point, doubles as Python's repr (DuckDB's too)."""
    return str(int(value)) if integer and np.isfinite(value) else repr(float(value))


def _with_shape(profile: ColumnProfile, spec: ColumnSpec, runs: Runs) -> ColumnProfile:
    """Histogram, skewness and IQR outliers, as the shape query computes them."""
    assert profile.min is not None and profile.max is not None
    plan = bin_plan(spec.index, profile, low=profile.min, high=profile.max, integer=spec.integer)
    if plan is None:
        return profile
    values, counts = runs.finite()
    with np.errstate(over="ignore", invalid="ignore"):
        bucket = np.minimum(np.floor((values - plan.start) / plan.width), plan.bins - 1).astype(np.int64)
        binned = np.bincount(np.clip(bucket, 0, plan.bins - 1), weights=counts, minlength=plan.bins)
        dev = values - plan.mean
        squared = dev * dev
        m2, m3 = float(np.dot(squared, counts)), float(np.dot(squared * dev, counts))
    outliers = 0
    if plan.fence_low is not None and plan.fence_high is not None:
        outliers = int(counts[(values < plan.fence_low) | (values > plan.fence_high)].sum())
    return shaped(
        profile,
        plan,
        [int(c) for c in binned],
        n=float(counts.sum()),
        m2=m2,
        m3=m3,
        outliers=outliers,
        temporal=False,
    )
