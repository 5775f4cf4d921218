"""The NumPy numeric path's fast paths: the key-sort argsort, runs of one row each, and their ranks."""

from __future__ import annotations

import decimal
import functools
import math
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from scipy import stats as sps

from profiling.profile import numeric
from profiling.profile.arrays import _largest, fill_float64
from profiling.profile.numeric import ColumnSpec, profile_numeric, runs_of
from profiling.profile.runs import Finite, Runs, _nlogn, number_texts, numeric_profile

RNG = np.random.default_rng(20261129)


def _collided(rows: int, pairs: int) -> np.ndarray:
    """Normal values, `pairs` of them moved to a neighbour differing only in the last mantissa bits (the
    bits the key sort gives to the row index), the larger of each pair placed first."""
    values = RNG.normal(size=rows)
    at = RNG.choice(rows // 2, size=pairs, replace=False) * 2
    values[at] = np.nextafter(np.nextafter(values[at + 1], np.inf), np.inf)
    return values


CASES = {
    "normal": RNG.normal(size=50_000),
    "few collisions": _collided(50_000, 20),  # put right around each place
    "many collisions": _collided(100_000, 1_200),  # more than LOCAL_FIXES: a stable sort of the whole
    "all collide": 1.0 + RNG.permutation(20_000) * 2.0**-52,  # every value in one key: the plain argsort
    "sorted": np.sort(RNG.normal(size=10_000)),
    "reversed": np.sort(RNG.normal(size=10_000))[::-1].copy(),
    "constant": np.zeros(1_000),
    "ties": np.round(RNG.normal(size=30_000), 2),
    "signs and extremes": np.r_[
        RNG.normal(size=5_000) * 1e300, -0.0, 0.0, 5e-324, -5e-324, np.inf, -np.inf, 1e-310, -1e-310
    ],
    "one": np.array([3.5]),
    "empty": np.zeros(0),
}


@pytest.mark.parametrize("case", CASES)
def test_key_sort_orders_like_argsort(case: str) -> None:
    kept = RNG.permutation(CASES[case]) if case not in ("sorted", "reversed") else CASES[case]
    order, ordered = numeric._argsort(kept)
    assert np.array_equal(np.sort(order), np.arange(len(kept)))  # a permutation
    assert np.array_equal(kept[order], ordered)
    assert np.array_equal(ordered, np.sort(kept))


def test_collisions_take_the_paths_they_are_meant_to(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases above reach each way of putting the key sort right (else they test less than they say)."""
    calls: list[str] = []
    for name in ("_plain_argsort", "_put_right", "_resorted"):
        original = getattr(numeric, name)
        monkeypatch.setattr(numeric, name, functools.partial(_recorded, original, calls, name))
    expected = {
        "normal": [],
        "few collisions": ["_put_right"],
        "many collisions": ["_resorted"],
        "all collide": ["_plain_argsort"],
        "sorted": [],
    }
    for case, paths in expected.items():
        calls.clear()
        numeric._argsort(RNG.permutation(CASES[case]) if case != "sorted" else CASES[case])
        assert calls == paths, case


def _recorded(function: Any, calls: list[str], name: str, *args: Any) -> Any:
    calls.append(name)
    return function(*args)


@pytest.mark.parametrize("case", ["normal", "few collisions", "ties", "signs and extremes", "constant"])
def test_ranks_are_scipy_average_ranks_among_the_finite_values(case: str) -> None:
    values = RNG.permutation(CASES[case]).copy()
    values[RNG.random(len(values)) < 0.05] = np.nan
    spec = ColumnSpec(name="x", index=0, dtype="float64", rows=len(values), integer=False)
    ranks = profile_numeric(values, spec, ranks=True).ranks
    assert ranks is not None and ranks.dtype == np.float32
    finite = np.isfinite(values)
    expected = np.full(len(values), np.nan)
    expected[finite] = sps.rankdata(values[finite])
    assert np.array_equal(ranks, expected, equal_nan=True)


def test_counted_integers_without_repeats_are_single_runs() -> None:
    values = RNG.permutation(100_000).astype(np.float64) - 50_000
    runs, ranks = runs_of(values, integer=True, ranks=True)
    assert runs.singles and len(runs) == len(values)
    assert ranks is not None and np.array_equal(ranks, sps.rankdata(values))
    repeated = np.r_[values, 7.0]
    assert not runs_of(repeated, integer=True, ranks=False)[0].singles


@pytest.mark.parametrize("case", ["normal", "signs and extremes", "one"])
@pytest.mark.parametrize("integer", [False, True])
def test_single_runs_profile_as_the_general_runs(case: str, integer: bool) -> None:
    """Runs flagged `singles` (no cumulative counts, no n ln n, ranks 1..n) give the profile the same runs
    give without the flag, to the last bit."""
    ordered = np.sort(np.round(CASES[case]) if integer else CASES[case])
    ordered = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]  # no repeats
    fast = Runs.over(ordered)
    assert fast.singles and fast.values is ordered
    general = Runs(counts=fast.counts.copy(), values=ordered)
    spec = ColumnSpec(name="x", index=0, dtype="float64", rows=len(ordered) + 3, integer=integer)
    texts = functools.partial(number_texts, integer=integer)
    profiles = [
        numeric_profile(spec, runs=runs, present=len(ordered), finite=Finite.of(runs), texts=texts)
        for runs in (fast, general)
    ]
    assert profiles[0] == profiles[1]
    assert profiles[0][1].nlogn == 0.0 and profiles[0][1].distinct == len(ordered)
    assert np.array_equal(numeric._mean_ranks(fast, dtype=np.float32), numeric._mean_ranks(general), equal_nan=True)


def test_runs_over_repeats_are_not_singles() -> None:
    runs = Runs.over(np.array([1.0, 2.0, 2.0, 3.0]))
    assert not runs.singles and runs.counts.tolist() == [1, 2, 1]
    assert runs.value_at(np.arange(3)).tolist() == [1.0, 2.0, 3.0]
    finite = Finite.of(Runs(counts=runs.counts, values=runs.value_at(np.arange(3))))
    assert finite.rows == 4 and finite.at_row(2) == 2.0 and finite.rows_below(2) == 3


def _arrow_float64(column: pa.ChunkedArray) -> np.ndarray:
    """The conversion the buffer copy replaces: Arrow's cast, nulls filled with NaN."""
    return pc.fill_null(column.cast(pa.float64(), safe=False), np.nan).to_numpy()


@pytest.mark.parametrize(
    "column",
    [
        pa.chunked_array([pa.array([1.5, None, -np.inf, np.nan, 2.0])]),
        pa.chunked_array([pa.array([1, None, -(2**62) - 1, 2**53 + 1], pa.int64())]),
        pa.chunked_array([pa.array([0, None, 2**64 - 1, 2**63 + 3], pa.uint64())]),
        pa.chunked_array([pa.array([-1, 7, None], pa.int8()), pa.array([], pa.int8()), pa.array([None, 3], pa.int8())]),
        pa.chunked_array([pa.array([1.25, None, 3.1], pa.float32())]),
        pa.chunked_array([pa.array([None, None], pa.float64())]),
        pa.chunked_array([pa.array(list(range(10)) + [None], pa.int32()).slice(3, 6)]),  # an offset into its buffers
        pa.chunked_array([pa.array([decimal.Decimal("1.10"), None], pa.decimal128(5, 2))]),  # through Arrow's cast
    ],
)
def test_buffer_copy_writes_what_arrow_casts(column: pa.ChunkedArray) -> None:
    row = np.full(len(column) + 2, 99.0)
    fill_float64(row[1:-1], column)
    assert row[0] == row[-1] == 99.0
    assert np.array_equal(row[1:-1], _arrow_float64(column), equal_nan=True)


def test_weighted_sums_are_numpy_sums_close_to_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mean and moments of runs with counts: no BLAS dot (its threads spin-wait), and within a few units
    in the last place of the exact sums (math.fsum over every row)."""
    monkeypatch.setattr(np, "dot", lambda *args: pytest.fail("a BLAS dot"))
    values = np.sort(RNG.normal(10.0, 3.0, size=200_000).round(3))
    runs = Runs.over(values)
    assert not runs.singles
    finite = Finite.of(Runs(counts=runs.counts, values=runs.value_at(np.arange(len(runs)))))
    mean = finite.mean()
    assert mean == pytest.approx(math.fsum(values) / len(values), rel=1e-14)
    m2, m3 = finite.moments(mean)
    assert m2 == pytest.approx(math.fsum((values - mean) ** 2), rel=1e-13)
    assert m3 == pytest.approx(math.fsum((values - mean) ** 3), rel=1e-9, abs=1e-9 * m2)


@pytest.mark.parametrize(
    "row", [[], [np.nan], [1.0, -5.0, np.nan], [-np.inf, 2.0], [3.0, np.inf], [-0.0], [2.0**53, -(2.0**60)]]
)
def test_largest_magnitude_skips_nan(row: list[float]) -> None:
    values = np.array(row, dtype=np.float64)
    assert _largest(values) == float(np.max(np.abs(values), initial=0.0, where=~np.isnan(values)))


def test_single_runs_hold_no_count_array() -> None:
    runs = Runs.over(np.arange(5.0))
    assert runs.singles and runs.counts.strides == (0,) and runs.counts.tolist() == [1] * 5
    levels = numeric_profile(
        ColumnSpec(name="x", index=0, dtype="float64", rows=5, integer=False),
        runs=runs,
        present=5,
        finite=Finite.of(runs),
        texts=functools.partial(number_texts, integer=False),
    )[1]
    assert (levels.distinct, levels.nlogn, levels.values) == (5, 0.0, [])


@pytest.mark.parametrize("first", [0.0, -0.0])
def test_signed_zeros_keep_row_order_and_the_first_names_the_run(first: float) -> None:
    """-0.0 and 0.0 are one value; the key sort keeps them in row order (the plain argsort did not say
    which came first), so the zero run reads as its first row."""
    values = RNG.permutation(np.r_[RNG.normal(size=5_000), np.full(300, 0.0), np.full(300, -0.0)])
    values = np.r_[first, values]
    order, ordered = numeric._argsort(values)
    zeros = order[ordered == 0]
    assert np.array_equal(zeros, np.sort(zeros))
    spec = ColumnSpec(name="x", index=0, dtype="float64", rows=len(values), integer=False)
    profile = profile_numeric(values, spec, ranks=True).profile  # the profiler's call: ranks, so the key sort
    assert profile.top_values[0].value == repr(first) and profile.top_values[0].count == 601


def test_n_ln_n_sums_every_run() -> None:
    counts = np.ones(300_000, np.int32)
    counts[RNG.choice(len(counts), 5_000, replace=False)] = RNG.integers(2, 10_000, 5_000)
    every = counts.astype(np.float64)
    assert _nlogn(counts) == float((every * np.log(every)).sum())  # the terms of ones are 0, not left out
    assert _nlogn(np.ones(7, np.int64)) == 0.0 and _nlogn(np.zeros(0, np.int64)) == 0.0
