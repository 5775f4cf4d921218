"""The semantic kind of a column in one dataset, from how it is stored and what its summary says."""

from __future__ import annotations

from collections.abc import Callable

from profiling.drift.engine import Physical, Summary
from profiling.drift.models import DriftKind

MAX_CATEGORIES = 1000  # text columns with more distinct values are free text, not categories
TEXT_MIN_LENGTH = 50.0  # nor are text columns whose values are this long on average
MIN_KEY_ROWS = 20  # a column is an identifier only with at least this many values, all distinct


def column_kind(summary: Summary, physical: Physical, *, integer: bool, exact_distinct: Callable[[], int]) -> DriftKind:
    """numeric / categorical / boolean / datetime / text / identifier / constant / other.

    Identifiers are integer or text columns whose values are all distinct (checked exactly, only when
    the approximate distinct count says it is possible): unique keys, not measurements.
    """
    if physical == "other":
        return "other"
    if physical == "temporal":
        return "datetime"
    if summary.count and summary.distinct <= 1 and exact_distinct() <= 1:
        return "constant"
    if physical == "boolean":
        return "boolean"
    keyable = physical == "string" or integer
    if keyable and summary.count >= MIN_KEY_ROWS and summary.distinct >= 0.9 * summary.count:
        if exact_distinct() == summary.count:
            return "identifier"
    if physical == "numeric":
        return "numeric"
    if summary.distinct > MAX_CATEGORIES or (summary.length or 0.0) >= TEXT_MIN_LENGTH:
        return "text"
    return "categorical"
