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
    cumulative,
    number_texts,
    numeric_profile,
)

__all__ = ["TEXT_CHECKS", "ColumnSpec", "NumericColumnResult", "profile_numeric", "runs_of"]

FLOAT32_RANKS = 2**23  # below this many rows, mean ranks (halves included) are exact in float32
COUNTING_SPAN = 1  # integers whose range is at most this many times the rows (or 65,536) are counted, not sorted
INDEX_BITS = 32  # row indices take at most this many low bits of a sort key (see `_argsort`)
UNSORTED_SHARE = 64  # above one place in this many out of order after the key sort, the plain argsort runs
LOCAL_FIXES = 256  # at most this many places out of order after the key sort are sorted around one by one
FIX_WINDOW = 32  # values on each side of such a place sorted with it
SIGN_BIT = np.uint64(1 << 63)


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
    order, ordered = _argsort(kept) if ranks else (None, np.sort(kept))
    runs = Runs.over(ordered)
    if runs.starts is not None:  # values repeat: each run's value read at its start, once
        runs = Runs(counts=runs.counts, values=ordered[runs.starts])
    if order is None:
        return runs, None
    ranked = np.empty(len(kept), dtype=_rank_type(len(kept)))
    if runs.singles:
        ranked[order] = _mean_ranks(runs, dtype=ranked.dtype.type)
    else:
        ranked[order] = np.repeat(_mean_ranks(runs), runs.counts)
    return runs, ranked


def _argsort(kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The order that sorts `kept` (NaN-free), and the sorted values.

    NumPy sorts 64-bit integers with SIMD several times faster than it argsorts doubles, so each double
    becomes an integer key that sorts the same way (sign flipped, or every bit for negatives), whose low
    bits are replaced by the row's index: one sort gives the order, equal values (and -0.0 beside 0.0:
    a run's first row gives its value) in row order. Values that differ only in those low
    bits (a relative 2**-32 for a million rows) fall in index order: the few places left out of order
    are put right by sorting around them (`_put_right`). Sorted values need no sort; too many places out
    of order, or too many rows for the index bits, and the plain argsort runs.
    """
    bits = max((len(kept) - 1).bit_length(), 1)
    if not _descents(kept):
        return np.arange(len(kept)), kept
    if bits > INDEX_BITS:
        return _plain_argsort(kept)
    low_bits = np.uint64((1 << bits) - 1)
    key = np.add(kept, 0.0).view(np.uint64)  # -0.0 + 0.0 is 0.0: the zeros share a key, so keep row order
    flips = (key.view(np.int64) >> 63).view(np.uint64)  # every bit for negatives, none otherwise
    flips |= SIGN_BIT
    key ^= flips
    del flips
    key &= ~low_bits
    key |= np.arange(len(kept), dtype=np.uint64)
    key.sort()
    order = np.bitwise_and(key, low_bits, out=key).view(np.intp)
    ordered = kept[order]
    descents = _descents(ordered)
    if descents * UNSORTED_SHARE > len(kept):
        return _plain_argsort(kept)
    if 0 < descents <= LOCAL_FIXES:
        _put_right(order, ordered)
        descents = _descents(ordered)
    return _resorted(order, ordered) if descents else (order, ordered)


def _put_right(order: np.ndarray, ordered: np.ndarray) -> None:
    """Sort a window around each place out of order, in place: values tied in their high bits lie side by
    side, so the window holds them all unless more than FIX_WINDOW tie."""
    for i in np.flatnonzero(ordered[1:] < ordered[:-1]).tolist():
        window = slice(max(i - FIX_WINDOW, 0), i + FIX_WINDOW + 2)
        fix = np.argsort(ordered[window], kind="stable")
        order[window], ordered[window] = order[window][fix], ordered[window][fix]


def _resorted(order: np.ndarray, ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A stable sort of nearly sorted values (quick: it merges the sorted stretches) and their order."""
    fix = np.argsort(ordered, kind="stable")
    return order[fix], ordered[fix]


def _descents(values: np.ndarray) -> int:
    """Places where the next value is smaller."""
    return int(np.count_nonzero(values[1:] < values[:-1]))


def _plain_argsort(kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(kept)
    return order, kept[order]


def _counted(kept: np.ndarray, *, ranks: bool) -> tuple[Runs | None, np.ndarray | None]:
    """Runs of an integer column by counting each value (None when its range is too wide to count)."""
    if not len(kept):
        return None, None
    low, high = float(kept.min()), float(kept.max())
    if high - low > max(COUNTING_SPAN * len(kept), 65_536):
        return None, None
    codes = kept.astype(np.int64)  # whole numbers below 2**53: exact, and so is the shift
    codes -= int(low)
    tally = np.bincount(codes)
    held = np.flatnonzero(tally)
    runs = Runs.of_rows(held + low) if len(held) == len(kept) else Runs(counts=tally[held], values=held + low)
    if not ranks:
        return runs, None
    lookup = np.empty(len(tally), dtype=_rank_type(len(kept)))
    lookup[held] = _mean_ranks(runs, dtype=lookup.dtype.type)
    return runs, lookup[codes]


def _mean_ranks(runs: Runs, *, dtype: type[np.floating] = np.float64) -> np.ndarray:
    """Each run's mean 1-based rank among the finite values; NaN for the infinities. Runs of one row
    each are ranked 1, 2, 3, ... straight in `dtype` (whole numbers: exact in the rank type); other runs'
    halves are reckoned in float64."""
    low, high = runs.bounds()
    if runs.singles:
        out = np.arange(1 - low, len(runs) + 1 - low, dtype=dtype)
    else:
        ends = cumulative(runs.counts)
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
