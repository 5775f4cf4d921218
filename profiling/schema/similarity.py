"""How alike the contents of two columns are: distributions, value overlap, value mappings and unit factors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from profiling.schema.summary import Content
from profiling.schema.vocabulary import ValueMapping, normalise_value, propose_value_mapping

UNIT_FACTORS: tuple[float, ...] = (10, 100, 1000, 60, 3600, 2.54, 12, 24, 1.609344, 2.20462)


@dataclass(frozen=True)
class ContentMatch:
    """A content similarity in 0-1 with its method, a readable reason and what it found."""

    score: float
    method: str
    detail: str
    mapping: ValueMapping | None = None
    factor: float | None = None  # multiply `b`'s values by this to get `a`'s unit

    @property
    def strong(self) -> bool:
        """Similar enough to match columns on content alone (names unrelated)."""
        if self.mapping is not None:
            return self.score >= 0.97 and self.mapping.one_to_one and self.mapping.linked >= 1
        return self.method == "distribution" and self.score >= 0.97

    @property
    def identifying(self) -> bool:
        """Strong, and telling which variable it is: not two yes/no columns with similar shares."""
        if self.mapping is None:
            return self.strong
        return self.strong and (len(self.mapping.pairs) >= 3 or self.mapping.specific >= 1)


def compare_content(a: Content, b: Content) -> ContentMatch | None:
    """Similarity of b to a (a is the reference); None when either column is empty."""
    sa, sb = a.summary, b.summary
    if sa.storage == "empty" or sb.storage == "empty":
        return None
    if sa.numeric and sb.numeric and len(a.numbers) and len(b.numbers):
        return _distribution(a, b)
    if sa.values and sb.values:
        return _vocabulary(a, b)
    if sa.storage == sb.storage == "datetime" or {sa.storage, sb.storage} == {"text"} or sa.storage == sb.storage:
        return _overlap(a, b)
    return ContentMatch(0.0, "kind", f"{sa.storage} values against {sb.storage} values")


def factor_between(a: Content, b: Content) -> float | None:
    """A unit factor f such that b * f looks like a (medians in that ratio and shapes alike), else None."""
    ma, mb = a.summary.median, b.summary.median
    if not ma or not mb or len(a.numbers) < 5 or len(b.numbers) < 5:
        return None
    ratio = ma / mb
    for factor in UNIT_FACTORS:
        for candidate in (factor, 1 / factor):
            if abs(ratio / candidate - 1) <= 0.05 and _ks(a.numbers, b.numbers * candidate) >= 0.8:
                return candidate
    return None


def _distribution(a: Content, b: Content) -> ContentMatch:
    similarity = _ks(a.numbers, b.numbers)
    factor = factor_between(a, b)
    if factor is not None:
        scaled = _ks(a.numbers, b.numbers * factor)
        if scaled > similarity + 0.2:
            detail = (
                f"distributions alike once multiplied by {factor:g} (1 - KS = {scaled:.2f}, {similarity:.2f} before)"
            )
            return ContentMatch(round(scaled, 4), "distribution", detail, factor=factor)
    return ContentMatch(round(similarity, 4), "distribution", f"distribution similarity 1 - KS = {similarity:.2f}")


def _vocabulary(a: Content, b: Content) -> ContentMatch:
    sa, sb = a.summary, b.summary
    mapping = propose_value_mapping(sb.values, sa.values, column=sb.column, reference_column=sa.column)
    if not mapping.mapping:
        detail = f"same values, row shares overlap {mapping.score:.0%}"
        return ContentMatch(mapping.score, "value_overlap", detail, mapping=mapping)
    shown = ", ".join(f"{k!r}->{v!r}" for k, v in list(mapping.mapping.items())[:6])
    kind = "one-to-one" if mapping.one_to_one else "partial (not one-to-one)"
    detail = f"{kind} value mapping {shown}; row shares overlap {mapping.score:.0%} once mapped"
    return ContentMatch(mapping.score, "value_mapping", detail, mapping=mapping)


def _overlap(a: Content, b: Content) -> ContentMatch:
    if not a.distinct or not b.distinct:
        return ContentMatch(0.5, "kind", "compatible kinds, no values to compare")
    na = {normalise_value(v) for v in a.distinct}
    nb = {normalise_value(v) for v in b.distinct}
    shared = len(na & nb) / min(len(na), len(nb))
    return ContentMatch(round(shared, 4), "value_overlap", f"{shared:.0%} of the distinct values are shared")


def _ks(x: np.ndarray, y: np.ndarray) -> float:
    """1 - the two-sample Kolmogorov-Smirnov statistic (the largest gap between the two empirical CDFs)."""
    xs, ys = np.sort(x), np.sort(y)
    grid = np.concatenate([xs, ys])
    gap = np.abs(np.searchsorted(xs, grid, side="right") / len(xs) - np.searchsorted(ys, grid, side="right") / len(ys))
    return float(1 - gap.max())
