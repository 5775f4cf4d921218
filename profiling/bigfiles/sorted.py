"""The profile of one numeric column from its sorted values, in bounded memory (about 3 x 8 bytes a row).

The in-memory profiler (`profiling.profile.numeric`) reads every statistic from the column's runs of
equal values; for 20M distinct doubles its temporaries hold about 10 x 8 bytes a row (1.6 GB). Out of
core the column is already sorted (its ranks needed the argsort), so the same statistics are read from
the sorted array: order statistics by position, counts by binary search, and sums, run lengths and
histogram counts block by block. Definitions are the profiler's: NaN is missing (not passed in);
infinities are present values, left out of the moments, quantiles, histogram and ranks; modes and top
values break ties by the smaller value.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from profiling.profile.columns import Levels, base_profile, bin_plan, column_levels, shaped, top_limits
from profiling.profile.models import ColumnProfile
from profiling.profile.numeric import TEXT_CHECKS, ColumnSpec
from profiling.profile.stats import QUANTILES, key

BLOCK = 1 << 20  # elements per block of the block-wise sums: bounds their temporaries to 8 MiB


def sorted_profile(ordered: np.ndarray, spec: ColumnSpec) -> tuple[ColumnProfile, Levels]:
    """The profile and levels of a column given its present values in ascending order (no NaN)."""
    low, high = finite_bounds(ordered)
    finite = ordered[low:high]
    starts, counts = runs(ordered)
    levels = _levels(spec, ordered, starts, counts)
    del starts, counts
    profile = base_profile(
        spec.name,
        index=spec.index,
        physical="numeric",
        dtype=spec.dtype,
        rows=spec.rows,
        summary=_summary(spec.index, ordered, finite),
        levels=levels,
        top_k=spec.top_k,
        markers=spec.markers,
    )
    if profile.kind != "boolean" and profile.min is not None and profile.max is not None:
        profile = _with_shape(profile, spec, finite)
    return profile, levels


def finite_bounds(ordered: np.ndarray) -> tuple[int, int]:
    """Where the finite values start and end in a sorted array (-inf sorts first, +inf last)."""
    return int(np.searchsorted(ordered, -np.inf, "right")), int(np.searchsorted(ordered, np.inf, "left"))


def runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and length of each run of equal values in a sorted array (int32: 4 bytes a run)."""
    if not len(ordered):
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    new = np.empty(len(ordered), bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    starts = np.empty(int(np.count_nonzero(new)), np.int32)
    at = 0
    for s in range(0, len(new), BLOCK):  # block by block: no int64 index array of every row
        found = np.flatnonzero(new[s : s + BLOCK]) + s
        starts[at : at + len(found)] = found
        at += len(found)
    del new
    counts = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(ordered) - starts[-1]
    return starts, counts


def _summary(i: int, ordered: np.ndarray, finite: np.ndarray) -> dict[str, Any]:
    """The summary query's statistics of column i (keyed the same way)."""
    n = len(finite)
    zero_low, zero_high = (int(np.searchsorted(finite, 0.0, side)) for side in ("left", "right"))
    out: dict[str, Any] = {
        key(i, "present"): len(ordered),
        key(i, "infinite"): len(ordered) - n,
        key(i, "zeros"): zero_high - zero_low,
        key(i, "negatives"): zero_low,
        key(i, "min"): float(finite[0]) if n else None,
        key(i, "max"): float(finite[-1]) if n else None,
        key(i, "min_positive"): float(finite[zero_high]) if zero_high < n else None,
        key(i, "max_negative"): float(finite[zero_low - 1]) if zero_low > 0 else None,
        key(i, "quantiles"): _quantiles(finite),
        key(i, "mean"): None,
        key(i, "std"): None,
    }
    with np.errstate(over="ignore", invalid="ignore"):  # sums beyond float range: no mean or std, as in SQL
        if n:
            mean = float(finite.sum() / n)
            out[key(i, "mean")] = mean
            squares = sum(_block_sum(finite[s : s + BLOCK], mean, 2) for s in range(0, n, BLOCK))
            out[key(i, "std")] = float(np.sqrt(squares / (n - 1))) if n > 1 else None
    return out


def _block_sum(block: np.ndarray, centre: float, power: int) -> float:
    dev = block - centre
    return float((dev * dev).sum()) if power == 2 else float((dev * dev * dev).sum())


def _quantiles(finite: np.ndarray) -> list[float] | None:
    """QUANTILES of sorted finite values, interpolated linearly between order statistics (quantile_cont)."""
    if not len(finite):
        return None
    out = []
    for q in QUANTILES:
        h = (len(finite) - 1) * q
        low = int(np.floor(h))
        below, above = float(finite[low]), float(finite[min(low + 1, len(finite) - 1)])
        out.append(below + (above - below) * (h - low))
    return out


def _levels(spec: ColumnSpec, ordered: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> Levels:
    """Distinct count, entropy sum, mode and top values, from the runs."""
    row: dict[str, Any] = {"col": spec.index, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(TEXT_CHECKS)
    row["count"] = len(ordered)
    tops: list[dict[str, Any]] = []
    if len(starts):
        top = int(np.argmax(counts))  # the first of tied counts: the smallest value
        nlogn = sum(float((c * np.log(c)).sum()) for c in (counts[s : s + BLOCK] for s in range(0, len(counts), BLOCK)))
        row |= {
            "levels": len(starts),
            "nlogn": nlogn,
            "mode_count": int(counts[top]),
            "mode": _text(ordered[starts[top]], integer=spec.integer),
        }
        limit = top_limits([row], ["numeric"] * (spec.index + 1), top_k=spec.top_k, full_levels=spec.full_levels)
        tops = [
            {"col": spec.index, "value": _text(ordered[starts[j]], integer=spec.integer), "n": int(counts[j])}
            for j in _most_frequent(counts, limit.get(spec.index, 0))
        ]
    return column_levels(row, tops)


def _most_frequent(counts: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` largest counts, ties by position (the smaller value): block by block."""
    if limit <= 0:
        return np.zeros(0, np.int64)
    picked = [s + np.argsort(-counts[s : s + BLOCK], kind="stable")[:limit] for s in range(0, len(counts), BLOCK)]
    candidates = np.sort(np.concatenate(picked))  # in position order, so the stable sort below keeps ties by value
    return candidates[np.argsort(-counts[candidates], kind="stable")[:limit]]


def _text(value: float, *, integer: bool) -> str:
    """A value as the engine writes it: integers without a point, doubles as Python's repr (DuckDB's too)."""
    return str(int(value)) if integer and np.isfinite(value) else repr(float(value))


def _with_shape(profile: ColumnProfile, spec: ColumnSpec, finite: np.ndarray) -> ColumnProfile:
    """Histogram, skewness and IQR outliers, as the shape query computes them, block by block."""
    assert profile.min is not None and profile.max is not None
    plan = bin_plan(spec.index, profile, low=profile.min, high=profile.max, integer=spec.integer)
    if plan is None:
        return profile
    binned = np.zeros(plan.bins, np.int64)
    m2 = m3 = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for s in range(0, len(finite), BLOCK):
            block = finite[s : s + BLOCK]
            bucket = np.minimum(np.floor((block - plan.start) / plan.width), plan.bins - 1).astype(np.int64)
            binned += np.bincount(np.clip(bucket, 0, plan.bins - 1), minlength=plan.bins)
            m2 += _block_sum(block, plan.mean, 2)
            m3 += _block_sum(block, plan.mean, 3)
    outliers = 0
    if plan.fence_low is not None and plan.fence_high is not None:
        inside = np.searchsorted(finite, plan.fence_high, "right") - np.searchsorted(finite, plan.fence_low, "left")
        outliers = len(finite) - int(inside)
    return shaped(
        profile, plan, [int(c) for c in binned], n=float(len(finite)), m2=m2, m3=m3, outliers=outliers, temporal=False
    )
