"""Pair sums in memory: the one shared pass over values and ranks gives the separate passes' and pandas'
coefficients, and hands over to the separate passes where its checks fail."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from profiling.profile.arrays import NumericArrays
from profiling.profile.pairs import CACHED, _separate_passes, _shared_pass, average_ranks, local_pairs
from profiling.profile.stats import NumericColumn

ROWS = 20_000  # several blocks of the shared pass, the last one partial


def _frame(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(size=ROWS)
    gaps = base + rng.normal(size=ROWS)
    gaps[rng.random(ROWS) < 0.07] = np.nan
    gaps[[5, 17, 9_000]], gaps[[40, 12_345]] = np.inf, -np.inf  # infinities are missing too
    late = rng.exponential(size=ROWS) - base
    late[ROWS - 50 :: 7] = np.nan  # gaps in the last block only
    return pd.DataFrame(
        {
            "base": base,
            "ties": rng.integers(0, 12, ROWS).astype(float) + 0.5 * base.round(),
            "gaps": gaps,
            "late": late,
            "scaled": 1e6 + 1e-3 * base,  # a large mean: the sums only keep their precision once centred
        }
    )


def _inputs(
    frame: pd.DataFrame, *, ranked: tuple[str, ...] = ("base", "gaps", "scaled"), shuffled: bool = True
) -> tuple[NumericArrays, list[NumericColumn], dict[str, np.ndarray]]:
    """The matrix as the engine hands it over (`shuffled`: an unrelated row first, the columns in another
    order, so the rows taken are not consecutive), the columns' profile figures, and the ranks `numeric`
    gives (float32, as it does below 2**23 rows) for the columns in `ranked`."""
    names = ("other", *reversed(frame.columns)) if shuffled else (*frame.columns, "other")
    matrix = np.vstack([np.arange(len(frame), dtype=float) if c == "other" else frame[c].to_numpy() for c in names])
    arrays = NumericArrays(
        names=names, positions=tuple(range(len(names))), matrix=matrix, local=frozenset(names), integers=frozenset()
    )
    finite = frame.replace([np.inf, -np.inf], np.nan)
    columns = [
        NumericColumn(name=c, distinct=int(finite[c].nunique()), finite=int(finite[c].count()), mean=finite[c].mean())
        for c in frame.columns
    ]
    ranks = {c: average_ranks(finite[c].to_numpy()).astype(np.float32) for c in ranked}
    return arrays, columns, ranks


def _rows(arrays: NumericArrays, columns: list[NumericColumn]) -> list[int]:
    return [arrays.index(c.name) for c in columns]


def _ranked(arrays: NumericArrays, columns: list[NumericColumn], ranks: dict[str, np.ndarray]) -> list[np.ndarray]:
    """Every column's ranks: given, or of its finite values."""
    values = [np.where(np.isinf(arrays.matrix[row]), np.nan, arrays.matrix[row]) for row in _rows(arrays, columns)]
    return [ranks[c.name] if c.name in ranks else average_ranks(v) for c, v in zip(columns, values, strict=True)]


def test_one_shared_pass_gives_pandas_coefficients() -> None:
    frame = _frame()
    arrays, columns, ranks = _inputs(frame)
    width = CACHED // len(columns)
    assert ROWS > 2 * width and ROWS % width  # whole blocks and a partial one
    ranked = _ranked(arrays, columns, ranks)
    shared = _shared_pass(arrays.matrix, _rows(arrays, columns), columns, ranked)
    assert shared is not None  # the checks pass: the path the profile takes
    separate = _separate_passes(arrays.matrix.copy(), _rows(arrays, columns), columns, ranked)
    finite = frame.replace([np.inf, -np.inf], np.nan)
    centred = finite - finite.mean()  # pandas' own sums lose digits of "scaled" (r = 1 + 8e-11 with itself)
    pandas = centred.corr().to_numpy(), finite.rank().corr().to_numpy()
    for got, same, want in zip(local_pairs(arrays, columns, ranks), separate, pandas, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        np.testing.assert_allclose(got, same, rtol=0, atol=1e-13)
    for got, same in zip(shared, separate, strict=True):
        np.testing.assert_allclose(got, same, rtol=0, atol=1e-13)


def test_complete_columns_need_no_presence() -> None:
    frame = _frame(seed=6)[["base", "ties", "scaled"]]
    arrays, columns, ranks = _inputs(frame, ranked=("base", "scaled"), shuffled=False)
    assert _rows(arrays, columns) == [0, 1, 2]
    assert all(c.finite == ROWS for c in columns)
    assert _shared_pass(arrays.matrix, _rows(arrays, columns), columns, _ranked(arrays, columns, ranks)) is not None
    centred = frame - frame.mean()
    for got, want in zip(local_pairs(arrays, columns, ranks), (centred.corr(), frame.rank().corr()), strict=True):
        np.testing.assert_allclose(got, want.to_numpy(), rtol=0, atol=1e-12)


def test_columns_ranked_here_match_columns_ranked_before() -> None:
    frame = _frame(seed=4)
    given = local_pairs(*_inputs(frame))
    here = local_pairs(*_inputs(frame, ranked=()))
    for a, b in zip(given, here, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


@pytest.mark.parametrize(
    "case", ["overflow", "ranks elsewhere", "more ranks missing", "fewer ranks missing", "said complete"]
)
def test_failed_checks_take_the_separate_passes(case: str) -> None:
    """Each case would make the shared pass wrong: it returns None, and `local_pairs` gives exactly the
    separate passes' coefficients."""
    frame = _frame(seed=5)
    if case == "overflow":  # squares beyond 1.8e308
        frame["base"] *= 1e200
    if case == "said complete":
        frame.loc[ROWS // 2, "late"] = np.nan
    arrays, columns, ranks = _inputs(frame)
    if case == "ranks elsewhere":  # as many NaN as the values have gaps, one row further on
        ranks["gaps"] = np.roll(ranks["gaps"], 1)
    if case == "more ranks missing":
        ranks["gaps"][np.flatnonzero(~np.isnan(ranks["gaps"]))[:3]] = np.nan
    if case == "fewer ranks missing":  # the sums cannot tell: only the count of NaN does
        ranks["gaps"][np.flatnonzero(np.isnan(ranks["gaps"]))[:3]] = 1.0
    if case == "said complete":  # the profile counts every row of "late" finite; one is NaN
        columns = [NumericColumn(c.name, c.distinct, ROWS, c.mean) if c.name == "late" else c for c in columns]
    ranked = _ranked(arrays, columns, ranks)
    assert _shared_pass(arrays.matrix, _rows(arrays, columns), columns, ranked) is None
    want = _separate_passes(arrays.matrix.copy(), _rows(arrays, columns), columns, ranked)
    for got, same in zip(local_pairs(arrays, columns, ranks), want, strict=True):
        np.testing.assert_array_equal(got, same)
