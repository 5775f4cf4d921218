"""The profile of one numeric column from its sorted values, in bounded memory (about 3 x 8 bytes a row).

The in-memory profiler (`profiling.profile.numeric`) reads every statistic from the column's runs of
equal values, held as arrays; for 20M distinct doubles those temporaries hold about 10 x 8 bytes a row
(1.6 GB). Out of core the column is already sorted (its ranks needed the argsort), so the same
statistics (`profiling.profile.runs`) are read from the sorted array itself: every row counts once
(`Finite.over`), runs are found block by block and their values read at their starts (`Runs.over`).
"""

from __future__ import annotations

import functools

import numpy as np

from profiling.profile.columns import Levels
from profiling.profile.models import ColumnProfile
from profiling.profile.runs import ColumnSpec, Finite, Runs, number_texts, numeric_profile


def sorted_profile(ordered: np.ndarray, spec: ColumnSpec) -> tuple[ColumnProfile, Levels]:
    """The profile and levels of a column given its present values in ascending order (no NaN)."""
    texts = functools.partial(number_texts, integer=spec.integer)
    return numeric_profile(
        spec, runs=Runs.over(ordered), present=len(ordered), finite=Finite.over(ordered), texts=texts
    )
