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

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from profiling.profile.columns import Levels, base_profile, bin_plan, column_levels, shaped, top_limits
from profiling.profile.models import ColumnProfile
from profiling.profile.stats import QUANTILES, BinPlan, key

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


@dataclass(frozen=True)
class Finite:
    """The finite runs, with `ends[j]`: how many finite rows hold the values up to run j."""

    values: np.ndarray
    counts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of(cls, runs: Runs) -> Finite:
        values, counts = runs.finite()
        return cls(values=values, counts=counts, ends=np.cumsum(counts))

    @property
    def rows(self) -> int:
        return int(self.ends[-1]) if len(self.ends) else 0

    def rows_below(self, position: int) -> int:
        """Rows holding the values of the runs before `position`."""
        return int(self.ends[position - 1]) if position else 0

    def moments(self, centre: float) -> tuple[float, float]:
        """Sums of squared and cubed deviations from `centre` over the rows."""
        dev = self.values - centre
        squared = dev * dev
        weights = self.counts.astype(np.float64)
        return float(np.dot(squared, weights)), float(np.dot(squared * dev, weights))


def profile_numeric(values: np.ndarray, spec: ColumnSpec, *, ranks: bool) -> NumericColumnResult:
    """The profile of a float64 column (NaN missing; integers exact below 2**53)."""
    present = ~np.isnan(values)
    complete = bool(present.all())
    kept = values if complete else values[present]
    runs, ranked = runs_of(kept, integer=spec.integer, ranks=ranks)
    if ranked is not None and not complete:
        ranked = _spread(ranked, present)
    finite = Finite.of(runs)
    summary, moments = _summary(spec.index, runs, finite)
    levels = runs_levels(spec, runs, functools.partial(_texts, integer=spec.integer))
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
        profile = _with_shape(profile, spec, finite, moments)
    return NumericColumnResult(profile=profile, levels=levels, ranks=ranked)


def runs_of(kept: np.ndarray, *, integer: bool, ranks: bool) -> tuple[Runs, np.ndarray | None]:
    """The runs of the present values (and their mean ranks in row order, with `ranks`): counted for
    integers of a small range, sorted otherwise."""
    runs, ranked = _counted(kept, ranks=ranks) if integer else (None, None)
    return (runs, ranked) if runs is not None else _sorted(kept, ranks=ranks)


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


def _summary(i: int, runs: Runs, finite: Finite) -> tuple[dict[str, Any], tuple[float, float] | None]:
    """The summary query's statistics of column i (keyed the same way), and the central moments."""
    values, n = finite.values, finite.rows
    zero_low, zero_high = (int(np.searchsorted(values, 0.0, side)) for side in ("left", "right"))
    present = int(runs.counts.sum())
    out: dict[str, Any] = {
        key(i, "present"): present,
        key(i, "infinite"): present - n,
        key(i, "zeros"): finite.rows_below(zero_high) - finite.rows_below(zero_low),
        key(i, "negatives"): finite.rows_below(zero_low),
        key(i, "min"): float(values[0]) if n else None,
        key(i, "max"): float(values[-1]) if n else None,
        key(i, "min_positive"): float(values[zero_high]) if zero_high < len(values) else None,
        key(i, "max_negative"): float(values[zero_low - 1]) if zero_low else None,
        key(i, "quantiles"): _quantiles(values, finite.ends),
        key(i, "mean"): None,
        key(i, "std"): None,
    }
    moments = None
    with np.errstate(over="ignore", invalid="ignore"):  # sums beyond float range: no mean or std, as in SQL
        if n:
            mean = float(np.dot(values, finite.counts.astype(np.float64)) / n)
            moments = finite.moments(mean)
            out[key(i, "mean")] = mean
            out[key(i, "std")] = float(np.sqrt(moments[0] / (n - 1))) if n > 1 else None
    return out, moments


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


def runs_levels(spec: ColumnSpec, runs: Runs, texts: Callable[[np.ndarray], list[str]]) -> Levels:
    """Distinct count, entropy sum, mode and top values, from the runs; `texts` writes values as the
    engine casts them to text."""
    row: dict[str, Any] = {"col": spec.index, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(TEXT_CHECKS)
    row["count"] = int(runs.counts.sum())
    tops: list[dict[str, Any]] = []
    if len(runs.values):
        top = int(np.argmax(runs.counts))  # the first of tied counts: the smallest value, as SQL breaks ties
        limit = top_limits(
            [row | {"levels": len(runs.values), "mode_count": int(runs.counts[top])}],
            ["numeric"] * (spec.index + 1),  # any type but text: top_k where values repeat
            top_k=spec.top_k,
            full_levels=spec.full_levels,
        ).get(spec.index, 0)
        chosen = np.argsort(-runs.counts, kind="stable")[:limit]  # stable: ties by value
        written = texts(runs.values[np.r_[top, chosen].astype(np.int64)])
        row |= {
            "levels": len(runs.values),
            "nlogn": float((runs.counts * np.log(runs.counts)).sum()),
            "mode_count": int(runs.counts[top]),
            "mode": written[0],
        }
        tops = [
            {"col": spec.index, "value": text, "n": int(runs.counts[j])}
            for j, text in zip(chosen, written[1:], strict=True)
        ]
    return column_levels(row, tops)


def _texts(values: np.ndarray, *, integer: bool) -> list[str]:
    """Values as the engine writes them: integers without a point, doubles as Python's repr (DuckDB's too)."""
    return [str(int(v)) if integer and math.isfinite(v) else repr(float(v)) for v in values.tolist()]


def _with_shape(
    profile: ColumnProfile, spec: ColumnSpec, finite: Finite, moments: tuple[float, float] | None
) -> ColumnProfile:
    """Histogram, skewness and IQR outliers, as the shape query computes them (bins found by searching
    the sorted values, not by cutting every row)."""
    assert profile.min is not None and profile.max is not None
    plan = bin_plan(spec.index, profile, low=profile.min, high=profile.max, integer=spec.integer)
    if plan is None:
        return profile
    if moments is None or profile.mean is None:  # the mean overflowed: the plan centres on the range
        with np.errstate(over="ignore", invalid="ignore"):
            moments = finite.moments(plan.mean)
    counts = histogram_counts(finite, plan)
    outliers = 0
    if plan.fence_low is not None and plan.fence_high is not None:
        below = finite.rows_below(int(np.searchsorted(finite.values, plan.fence_low, "left")))
        above = finite.rows - finite.rows_below(int(np.searchsorted(finite.values, plan.fence_high, "right")))
        outliers = below + above
    m2, m3 = moments
    return shaped(profile, plan, counts, n=float(finite.rows), m2=m2, m3=m3, outliers=outliers, temporal=False)


def histogram_counts(finite: Finite, plan: BinPlan) -> list[int]:
    """Rows per bin of `plan`, from the cuts between bins in the sorted values."""
    cuts = [0] + [_first_in_bin(finite.values, plan, b) for b in range(1, plan.bins)] + [len(finite.values)]
    return [finite.rows_below(cuts[b + 1]) - finite.rows_below(cuts[b]) for b in range(plan.bins)]


def _first_in_bin(values: np.ndarray, plan: BinPlan, b: int) -> int:
    """The first sorted value whose bin is b or later, with the shape query's arithmetic: bin =
    min(floor((x - start) / width), bins - 1), which only grows with x. The search lands on the bin
    edge; rounding can move the true cut by a value or two, which the two walks correct."""

    def bin_of(x: float) -> int:
        return min(math.floor((x - plan.start) / plan.width), plan.bins - 1)

    i = int(np.searchsorted(values, plan.start + b * plan.width, "left"))
    while i > 0 and bin_of(float(values[i - 1])) >= b:
        i -= 1
    while i < len(values) and bin_of(float(values[i])) < b:
        i += 1
    return i
