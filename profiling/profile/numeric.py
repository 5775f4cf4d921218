"""Every statistic of one numeric column held in memory, from its runs of equal values (`runs`), and
its ranks for Spearman's rho.

When the engine runs in this process, a numeric column costs one NumPy sort (milliseconds for a
million doubles, SIMD), or for integers of a small range one counting pass, instead of a summary
pass, a GROUP BY over up to a million distinct values, a top-values query, a histogram pass and a
rank window in SQL. Results come back in the shapes the SQL passes give, so one `base_profile`
builds the profile.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from profiling.profile.columns import Levels
from profiling.profile.models import ColumnProfile
from profiling.profile.runs import (
    TEXT_CHECKS,
    ColumnSpec,
    Finite,
    Runs,
    number_texts,
    numeric_profile,
)

__all__ = ["TEXT_CHECKS", "ColumnSpec", "NumericColumnResult", "profile_numeric", "runs_of"]

FLOAT32_RANKS = 2**23  # below this many rows, mean ranks (halves included) are exact in float32
COUNTING_SPAN = 1  # integers whose range is at most this many times the rows (or 65,536) are counted, not sorted


@dataclass(frozen=True)
class NumericColumnResult:
    """One column's profile and levels, and (when asked) its average ranks for Spearman's rho."""

    profile: ColumnProfile
    levels: Levels
    ranks: np.ndarray | None  # 1-based average ranks among the finite values; NaN elsewhere (float32 if exact)


def profile_numeric(values: np.ndarray, spec: ColumnSpec, *, ranks: bool) -> NumericColumnResult:
    """The profile of a float64 column (NaN missing; integers exact below 2**53)."""
    present = ~np.isnan(values)
    complete = bool(present.all())
    kept = values if complete else values[present]
    runs, ranked = runs_of(kept, integer=spec.integer, ranks=ranks)
    if ranked is not None and not complete:
        ranked = _spread(ranked, present)
    texts = functools.partial(number_texts, integer=spec.integer)
    profile, levels = numeric_profile(spec, runs=runs, present=len(kept), finite=Finite.of(runs), texts=texts)
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
    over = Runs.over(ordered)
    runs = Runs(counts=over.counts, values=over.value_at(np.arange(len(over))))
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
    runs = Runs(counts=tally[held], values=held + low)
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
