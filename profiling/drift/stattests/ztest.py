"""Two-proportion z-test on the share of the reference's most frequent value: p-value below 0.05 is drift."""

from __future__ import annotations

import math

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register


def proportions_z(hits_a: int, n_a: int, hits_b: int, n_b: int) -> Outcome:
    """The pooled two-proportion z statistic and its two-sided p-value."""
    if not n_a or not n_b:
        return Outcome(statistic=0.0, p_value=1.0)
    pooled = (hits_a + hits_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if spread == 0:
        return Outcome(statistic=0.0, p_value=1.0)
    z = (hits_b / n_b - hits_a / n_a) / spread
    # two-sided normal tail, 2 x sf(|z|) = erfc(|z| / sqrt 2): exact, and no SciPy import on the common path
    return Outcome(statistic=float(z), p_value=float(math.erfc(abs(z) / math.sqrt(2))))


def ztest(data: ColumnData) -> Outcome:
    reference, current = data.coarse(30)
    if not len(reference):
        return Outcome(statistic=0.0, p_value=1.0)
    top = int(reference.argmax())
    return proportions_z(int(reference[top]), int(reference.sum()), int(current[top]), int(current.sum()))


Z = register(StatTest("z", "z-test for proportions", False, True, 0.05, True, ztest))
