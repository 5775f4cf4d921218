"""How large a column's change is, whatever its test said: an effect size on Cohen's scale and its severity word.

A drift test answers "did it change?" (with 1M rows, tiny changes are detected); the severity answers
"by how much?", on the conventions Cohen gave for effect sizes (0.2 small, 0.5 medium, 0.8 large):

- numbers: the larger of |mean shift| and the Wasserstein distance, both in reference standard deviations
  (the Wasserstein distance is the average distance the values moved; it equals |mean shift| when the whole
  distribution moves and also counts changes of spread and shape), which is Cohen's d for a pure shift;
- categories (and numbers compared as categories): Cohen's h = |2 asin sqrt(q) - 2 asin sqrt(p)| of the
  category whose share changed most (a new category has p = 0);
- missing values: Cohen's h of the missing fraction; a column's effect size is the larger of the two.

The severity is "negligible" below 0.2, "small" below 0.5, "moderate" below 0.8, else "large".
"""

from __future__ import annotations

import math

import numpy as np

from profiling.drift.models import Severity

CUTOFFS: tuple[tuple[float, Severity], ...] = ((0.2, "negligible"), (0.5, "small"), (0.8, "moderate"))
CONSTANT_STD = 0.0001  # a constant reference: any move is large (as the normalised Wasserstein divides by it)


def severity(effect_size: float | None) -> Severity | None:
    """The word for an effect size on Cohen's scale (None when there is no effect size)."""
    if effect_size is None:
        return None
    for cutoff, word in CUTOFFS:
        if effect_size < cutoff:
            return word
    return "large"


def numeric_effect(
    edges: np.ndarray, reference: np.ndarray, current: np.ndarray, *, mean_shift_std: float | None, std: float | None
) -> float | None:
    """max(|mean shift|, Wasserstein distance over the fine bins), in reference standard deviations."""
    n_ref, n_cur = reference.sum(), current.sum()
    if not n_ref or not n_cur or len(edges) < 2:
        return None
    gap = np.abs(np.cumsum(reference) / n_ref - np.cumsum(current) / n_cur)
    distance = float(gap[:-1].sum() * (edges[1] - edges[0])) / (std if std else CONSTANT_STD)
    return max(distance, abs(mean_shift_std or 0.0))


def category_effect(reference: dict[str, int], current: dict[str, int]) -> float | None:
    """Cohen's h of the category whose share changed most."""
    n_ref, n_cur = sum(reference.values()), sum(current.values())
    if not n_ref or not n_cur:
        return None
    return max(
        proportion_effect(reference.get(v, 0) / n_ref, current.get(v, 0) / n_cur) for v in {*reference, *current}
    )


def proportion_effect(before: float, after: float) -> float:
    """Cohen's h between two proportions."""
    return abs(2 * math.asin(math.sqrt(after)) - 2 * math.asin(math.sqrt(before)))


def verdict(drifted: list[tuple[str, Severity | None]], tested: int) -> str:
    """'12 of 12 columns drifted; 1 with a negligible effect: alcohol' (at most 5 names listed)."""
    text = f"{len(drifted)} of {tested} columns drifted"
    slight = [name for name, word in drifted if word == "negligible"]
    if slight:
        listed = ", ".join(slight[:5]) + (f" and {len(slight) - 5} more" if len(slight) > 5 else "")
        text += f"; {len(slight)} with a negligible effect: {listed}"
    return text
