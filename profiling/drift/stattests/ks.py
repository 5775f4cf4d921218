"""Two-sample Kolmogorov-Smirnov test on every value (numbers, small samples): p-value below 0.05 is drift."""

from __future__ import annotations

import numpy as np

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register


def ks(data: ColumnData) -> Outcome:
    if data.exact_reference is None or data.exact_current is None:
        raise ValueError("the KS test needs every value (exact_reference, exact_current)")
    reference = np.repeat(*data.exact_reference)
    current = np.repeat(*data.exact_current)
    if not len(reference) or not len(current):
        return Outcome(statistic=0.0, p_value=1.0)
    from scipy import stats  # only small samples use p-value tests: keep SciPy off the big-data path

    result = stats.ks_2samp(reference, current)
    return Outcome(statistic=float(result.statistic), p_value=float(result.pvalue))


KS = register(StatTest("ks", "Kolmogorov-Smirnov", True, False, 0.05, True, ks))
