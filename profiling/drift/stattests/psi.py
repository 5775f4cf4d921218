"""Population stability index over categories or 30 equal-width bins (empty cells count as 0.0001): 0.1 or more is drift."""

from __future__ import annotations

import numpy as np

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register

_EMPTY = 0.0001


def psi(data: ColumnData) -> Outcome:
    reference, current = data.coarse(30)
    if not reference.sum() or not current.sum():
        return Outcome(statistic=0.0)
    p = np.where(reference > 0, reference / reference.sum(), _EMPTY)
    q = np.where(current > 0, current / current.sum(), _EMPTY)
    return Outcome(statistic=float(np.sum((p - q) * np.log(p / q))))


PSI = register(StatTest("psi", "population stability index", True, True, 0.1, False, psi))
