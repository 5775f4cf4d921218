"""Jensen-Shannon distance (natural log, 0 to 0.83) between category shares or 30 bins of numbers: 0.1 or more is drift."""

from __future__ import annotations

import numpy as np

from profiling.drift.stattests.registry import ColumnData, Outcome, StatTest, register


def jensenshannon(data: ColumnData) -> Outcome:
    reference, current = data.coarse(30)
    if not reference.sum() or not current.sum():
        return Outcome(statistic=0.0)
    return Outcome(statistic=js_distance(reference / reference.sum(), current / current.sum()))


def js_distance(p: np.ndarray, q: np.ndarray) -> float:
    """sqrt((KL(p, m) + KL(q, m)) / 2) with m = (p + q) / 2, natural log (as scipy.spatial.distance.jensenshannon)."""
    m = (p + q) / 2
    divergence = 0.0
    for x in (p, q):
        seen = x > 0
        divergence += float(np.sum(x[seen] * np.log(x[seen] / m[seen])))
    return float(np.sqrt(max(divergence / 2, 0.0)))


JENSEN_SHANNON = register(StatTest("jensenshannon", "Jensen-Shannon distance", True, True, 0.1, False, jensenshannon))
