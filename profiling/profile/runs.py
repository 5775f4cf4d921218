"""Statistics of a column read from its sorted values or its runs of equal values: summary, quantiles,
levels, histogram, outliers and moments, as the SQL plan (`stats`) defines them.

The in-memory profiler (`numeric`, `temporal`) turns a column into its distinct values in order with
their counts (`Runs`); the out-of-core profiler (`profiling.bigfiles`) keeps a big column as one sorted
array, whose runs are read lazily through their starts (`Runs.over`) and whose rows each count once
(`Finite.over`), so no per-row array beyond the sorted values is built. Definitions: NaN is missing
(never passed in); infinities are present values, left out of the moments, quantiles and histogram;
modes and top values break ties by the smaller value.
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
BLOCK = 1 << 20  # elements per block of the block-wise passes: bounds their temporaries to 8 MiB


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
    """A column's distinct present values in ascending order (infinities included) and their counts;
    the values either held (`values`) or read from a sorted array at the runs' starts (`over`).
    `singles` says every count is 1 (continuous values mostly are): the runs are then the rows."""

    counts: np.ndarray
    values: np.ndarray | None = None
    ordered: np.ndarray | None = None
    starts: np.ndarray | None = None
    singles: bool = False

    @classmethod
    def over(cls, ordered: np.ndarray) -> Runs:
        """The runs of a sorted array, found block by block (int32 starts where they fit: 4 bytes a run);
        a sorted array without repeats is its own runs (no starts to find)."""
        if not len(ordered):
            return cls(counts=np.zeros(0, np.int64), values=ordered[:0])
        new = np.empty(len(ordered), bool)
        new[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        runs = int(np.count_nonzero(new))
        if runs == len(ordered):
            return cls.of_rows(ordered)
        starts = np.empty(runs, np.int32 if len(ordered) < 2**31 else np.int64)
        at = 0
        for s in range(0, len(new), BLOCK):  # no int64 index array of every row
            found = np.flatnonzero(new[s : s + BLOCK])
            placed = starts[at : at + len(found)]
            placed[:] = found
            np.add(placed, s, out=placed)
            at += len(found)
        del new
        counts = np.empty_like(starts)
        np.subtract(starts[1:], starts[:-1], out=counts[:-1])
        counts[-1] = len(ordered) - starts[-1]
        return cls(counts=counts, ordered=ordered, starts=starts)

    @classmethod
    def of_rows(cls, values: np.ndarray) -> Runs:
        """Runs of one row each, of distinct sorted values: their counts a read-only view of a single 1."""
        return cls(counts=np.broadcast_to(np.ones(1, np.int32), len(values)), values=values, singles=True)

    def __len__(self) -> int:
        return len(self.counts)

    def value_at(self, index: np.ndarray) -> np.ndarray:
        if self.values is not None:
            return self.values[index]
        assert self.ordered is not None and self.starts is not None
        return self.ordered[self.starts[index]]

    @property
    def held(self) -> np.ndarray:
        """The values of runs built with them (`values`)."""
        assert self.values is not None, "runs read over a sorted array hold no values"
        return self.values

    def bounds(self) -> tuple[int, int]:
        """Where the finite values start and end among held runs (-inf sorts first, +inf last)."""
        return finite_bounds(self.held)


def cumulative(counts: np.ndarray) -> np.ndarray:
    """Running totals of counts, as int64 (NumPy sums int64 to int64 twice as fast as int32 to int64)."""
    return np.cumsum(counts.astype(np.int64, copy=False))


def finite_bounds(ordered: np.ndarray) -> tuple[int, int]:
    """Where the finite values start and end in sorted values (-inf sorts first, +inf last)."""
    return int(np.searchsorted(ordered, -np.inf, "right")), int(np.searchsorted(ordered, np.inf, "left"))


@dataclass(frozen=True)
class Finite:
    """The finite values in order: runs with `ends[j]` finite rows up to run j, or a sorted array whose
    every row counts once (`counts` and `ends` None: `over`, and runs of one row each).

    Sums are NumPy's pairwise sums, of the values or of their products with the counts, never a BLAS
    dot: OpenBLAS splits a long dot over its threads, which then spin-wait (about 60 ms of CPU for a
    million-row column, several times the sum itself)."""

    values: np.ndarray
    counts: np.ndarray | None = None
    ends: np.ndarray | None = None

    @classmethod
    def of(cls, runs: Runs) -> Finite:
        low, high = runs.bounds()
        if runs.singles:
            return cls(values=runs.held[low:high])
        counts = runs.counts[low:high]
        return cls(values=runs.held[low:high], counts=counts, ends=cumulative(counts))

    @classmethod
    def over(cls, ordered: np.ndarray) -> Finite:
        low, high = finite_bounds(ordered)
        return cls(values=ordered[low:high])

    @property
    def rows(self) -> int:
        if self.ends is None:
            return len(self.values)
        return int(self.ends[-1]) if len(self.ends) else 0

    def rows_below(self, position: int) -> int:
        """Rows holding the values before `position`."""
        if self.ends is None:
            return position
        return int(self.ends[position - 1]) if position else 0

    def at_row(self, k: int) -> float:
        """The k-th smallest value (0-based)."""
        if self.ends is None:
            return float(self.values[k])
        return float(self.values[np.searchsorted(self.ends, k, "right")])

    @functools.cached_property
    def weights(self) -> np.ndarray:
        """The counts as float64, made once for the mean and the moments."""
        assert self.counts is not None
        return self.counts.astype(np.float64)

    def mean(self) -> float:
        if self.counts is None:
            return float(self.values.sum() / len(self.values))
        return float((self.values * self.weights).sum() / self.rows)

    def moments(self, centre: float) -> tuple[float, float]:
        """Sums of squared and cubed deviations from `centre` over the rows (block by block, in place:
        the deviations become the cubes, and both are weighted where they stand)."""
        m2 = m3 = 0.0
        for s in range(0, len(self.values), BLOCK):
            dev = self.values[s : s + BLOCK] - centre
            squared = dev * dev
            cubed = np.multiply(squared, dev, out=dev)
            if self.counts is not None:
                squared *= self.weights[s : s + BLOCK]
                cubed *= self.weights[s : s + BLOCK]
            m2, m3 = m2 + float(squared.sum()), m3 + float(cubed.sum())
        return m2, m3


def summary_stats(i: int, present: int, finite: Finite) -> tuple[dict[str, Any], tuple[float, float] | None]:
    """The summary query's statistics of numeric column i (keyed the same way), and its central moments."""
    values, n = finite.values, finite.rows
    zero_low, zero_high = (int(np.searchsorted(values, 0.0, side)) for side in ("left", "right"))
    out: dict[str, Any] = {
        key(i, "present"): present,
        key(i, "infinite"): present - n,
        key(i, "zeros"): finite.rows_below(zero_high) - finite.rows_below(zero_low),
        key(i, "negatives"): finite.rows_below(zero_low),
        key(i, "min"): float(values[0]) if n else None,
        key(i, "max"): float(values[-1]) if n else None,
        key(i, "min_positive"): float(values[zero_high]) if zero_high < len(values) else None,
        key(i, "max_negative"): float(values[zero_low - 1]) if zero_low else None,
        key(i, "quantiles"): quantiles(finite),
        key(i, "mean"): None,
        key(i, "std"): None,
    }
    moments = None
    with np.errstate(over="ignore", invalid="ignore"):  # sums beyond float range: no mean or std, as in SQL
        if n:
            mean = finite.mean()
            moments = finite.moments(mean)
            out[key(i, "mean")] = mean
            out[key(i, "std")] = float(np.sqrt(moments[0] / (n - 1))) if n > 1 else None
    return out, moments


def quantiles(finite: Finite) -> list[float] | None:
    """QUANTILES of the finite values, interpolated linearly between order statistics (quantile_cont)."""
    n = finite.rows
    if not n:
        return None
    out = []
    for q in QUANTILES:
        h = (n - 1) * q
        low = int(np.floor(h))
        below, above = finite.at_row(low), finite.at_row(min(low + 1, n - 1))
        out.append(below + (above - below) * (h - low))
    return out


def runs_levels(spec: ColumnSpec, runs: Runs, texts: Callable[[np.ndarray], list[str]]) -> Levels:
    """Distinct count, entropy sum, mode and top values, from the runs; `texts` writes values as the
    engine casts them to text."""
    row: dict[str, Any] = {"col": spec.index, "levels": 0, "nlogn": None, "mode_count": None, "mode": None}
    row |= dict.fromkeys(TEXT_CHECKS)
    row["count"] = len(runs) if runs.singles else int(runs.counts.sum())
    tops: list[dict[str, Any]] = []
    if len(runs):
        # The first of tied counts: the smallest value, as SQL breaks ties.
        top = 0 if runs.singles else int(np.argmax(runs.counts))
        limit = top_limits(
            [row | {"levels": len(runs), "mode_count": int(runs.counts[top])}],
            ["numeric"] * (spec.index + 1),  # any type but text: top_k where values repeat
            top_k=spec.top_k,
            full_levels=spec.full_levels,
        ).get(spec.index, 0)
        chosen = most_frequent(runs.counts, limit)
        written = texts(runs.value_at(np.r_[top, chosen].astype(np.int64)))
        nlogn = 0.0 if runs.singles else _nlogn(runs.counts)  # 1 ln 1 is 0
        row |= {"levels": len(runs), "nlogn": nlogn, "mode_count": int(runs.counts[top])}
        row["mode"] = written[0]
        tops = [
            {"col": spec.index, "value": text, "n": int(runs.counts[j])}
            for j, text in zip(chosen, written[1:], strict=True)
        ]
    return column_levels(row, tops)


def _nlogn(counts: np.ndarray) -> float:
    """Sum of n ln n over the runs (block by block). Runs of one row add 1 ln 1 = 0: only the others'
    terms are computed (the same products, each in its place, so the same sum)."""
    total = 0.0
    for s in range(0, len(counts), BLOCK):
        block = counts[s : s + BLOCK]
        terms = np.zeros(len(block))
        repeated = np.flatnonzero(block > 1)
        many = block[repeated].astype(np.float64)
        terms[repeated] = many * np.log(many)
        total += float(terms.sum())
    return total


def most_frequent(counts: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` largest counts, ties by position (the smaller value), block by block."""
    if limit <= 0:
        return np.zeros(0, np.int64)
    picked = [s + np.argsort(-counts[s : s + BLOCK], kind="stable")[:limit] for s in range(0, len(counts), BLOCK)]
    candidates = np.sort(np.concatenate(picked))  # in position order: the stable sort below keeps ties by value
    return candidates[np.argsort(-counts[candidates], kind="stable")[:limit]]


def number_texts(values: np.ndarray, *, integer: bool) -> list[str]:
    """Numbers as the engine writes them: integers without a point, doubles as Python's repr (DuckDB's too)."""
    return [str(int(v)) if integer and math.isfinite(v) else repr(float(v)) for v in values.tolist()]


def spec_profile(spec: ColumnSpec, *, physical: str, summary: dict[str, Any], levels: Levels) -> ColumnProfile:
    """`base_profile` of the column `spec` describes."""
    return base_profile(
        spec.name,
        index=spec.index,
        physical=physical,
        dtype=spec.dtype,
        rows=spec.rows,
        summary=summary,
        levels=levels,
        top_k=spec.top_k,
        markers=spec.markers,
    )


def numeric_profile(
    spec: ColumnSpec, *, runs: Runs, present: int, finite: Finite, texts: Callable[[np.ndarray], list[str]]
) -> tuple[ColumnProfile, Levels]:
    """A numeric column's whole profile (summary, levels, shape) from its runs and finite values."""
    levels = runs_levels(spec, runs, texts)
    summary, moments = summary_stats(spec.index, present, finite)
    profile = spec_profile(spec, physical="numeric", summary=summary, levels=levels)
    if profile.kind != "boolean" and profile.min is not None and profile.max is not None:
        profile = numeric_shape(profile, spec, finite, moments)
    return profile, levels


def numeric_shape(
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
