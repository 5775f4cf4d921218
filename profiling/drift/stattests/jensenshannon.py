"""Jensen-Shannon distance (natural log, 0 to 0.83) between category shares or 30 bins of numbers: 0.1 or more is drift."""

from __future__ import annotations

import numpy as np
from scipy.spatial import distance

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register


def jensenshannon(data: ColumnData) -> Outcome:
    reference, current = data.coarse(30)
    if not reference.sum() or not current.sum():
        return Outcome(statistic=0.0)
    value = distance.jensenshannon(reference / reference.sum(), current / current.sum())
    return Outcome(statistic=float(np.nan_to_num(value)))


JENSEN_SHANNON = register(StatTest("jensenshannon", "Jensen-Shannon distance", True, True, 0.1, False, jensenshannon))
