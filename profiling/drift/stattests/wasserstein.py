"""Wasserstein (earth mover's) distance over fine bins, in reference standard deviations: 0.1 or more is drift."""

from __future__ import annotations

import numpy as np

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register


def wasserstein(data: ColumnData) -> Outcome:
    """W1 = sum over bins of |F_ref - F_cur| x bin width (mass at bin centres), divided by the reference std.

    A constant reference divides by 0.0001, as Evidently does, so any move of a constant is drift.
    """
    if data.edges is None:
        raise ValueError("the Wasserstein distance needs numeric bins")
    n_ref, n_cur = data.reference.sum(), data.current.sum()
    if not n_ref or not n_cur:
        return Outcome(statistic=0.0)
    gap = np.abs(np.cumsum(data.reference) / n_ref - np.cumsum(data.current) / n_cur)
    distance = float(gap[:-1].sum() * (data.edges[1] - data.edges[0]))
    std = data.reference_std or 0.0
    return Outcome(statistic=distance / (std if std > 0 else 0.0001))


WASSERSTEIN = register(StatTest("wasserstein", "Wasserstein distance (normed)", True, False, 0.1, False, wasserstein))
