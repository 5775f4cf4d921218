"""Chi-square test of homogeneity over categories (or 30 equal-width bins of numbers): p-value below 0.05 is drift."""

from __future__ import annotations

import numpy as np

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register


def chisquare(data: ColumnData) -> Outcome:
    reference, current = data.coarse(30)
    seen = (reference + current) > 0
    table = np.vstack([reference[seen], current[seen]])
    if table.shape[1] < 2 or not reference.sum() or not current.sum():
        return Outcome(statistic=0.0, p_value=1.0)
    from scipy import stats  # only small samples use p-value tests: keep SciPy off the big-data path

    statistic, p_value, _, _ = stats.chi2_contingency(table, correction=False)
    return Outcome(statistic=float(statistic), p_value=float(p_value))


CHISQUARE = register(StatTest("chisquare", "chi-square", True, True, 0.05, True, chisquare))
