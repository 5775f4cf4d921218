"""The registry of drift tests, what each test reads, and the default choice of test by column kind and size."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SMALL_SAMPLE = 1000  # reference rows at or below this get p-value tests; above, distances (as Evidently)
FEW_VALUES = 5  # numeric columns with at most this many values are compared as categories
CATEGORY_KINDS = frozenset({"categorical", "boolean", "constant"})


@dataclass(frozen=True)
class Outcome:
    """What a test computed: its statistic, and a p-value when the test has one."""

    statistic: float
    p_value: float | None = None


@dataclass(frozen=True)
class ColumnData:
    """Everything a test may read about one column, computed beforehand by the engine.

    `labels`, `reference`, `current`: aligned counts per category (categorical-like columns), or per
    equal-width bin over the combined range (numeric columns, `edges` then holds the bin edges).
    `exact_*`: sorted distinct values and their counts (numeric columns whose test needs every value).
    """

    labels: list[str]
    reference: np.ndarray
    current: np.ndarray
    edges: np.ndarray | None = None
    reference_std: float | None = None
    exact_reference: tuple[np.ndarray, np.ndarray] | None = None
    exact_current: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def numeric(self) -> bool:
        return self.edges is not None

    def coarse(self, bins: int) -> tuple[np.ndarray, np.ndarray]:
        """Counts in `bins` equal-width bins (numbers) or per category (categories)."""
        if self.edges is None or len(self.reference) % bins:
            return self.reference, self.current
        return self.reference.reshape(bins, -1).sum(axis=1), self.current.reshape(bins, -1).sum(axis=1)


@dataclass(frozen=True)
class StatTest:
    """One registered test: its name, the data it accepts, default threshold and how it decides drift."""

    name: str
    title: str
    numeric: bool
    categorical: bool
    default_threshold: float
    uses_p_value: bool
    compute: Callable[[ColumnData], Outcome]

    def drifted(self, outcome: Outcome, threshold: float) -> bool:
        """p-value tests drift below their threshold; distances at or above it."""
        if self.uses_p_value:
            return outcome.p_value is not None and outcome.p_value < threshold
        return outcome.statistic >= threshold

    def score(self, outcome: Outcome, threshold: float) -> float:
        """How far past the threshold: 1.0 at the threshold, 0 for identical data, higher is worse."""
        if self.uses_p_value:
            p = max(outcome.p_value if outcome.p_value is not None else 1.0, 1e-300)
            return math.log(p) / math.log(threshold)
        return outcome.statistic / threshold if threshold > 0 else math.inf


TESTS: dict[str, StatTest] = {}


def register(test: StatTest) -> StatTest:
    TESTS[test.name] = test
    return test


def get_test(name: str) -> StatTest:
    """A registered test by name (KeyError names the known ones)."""
    try:
        return TESTS[name]
    except KeyError:
        raise KeyError(f"unknown drift test {name!r}; known: {', '.join(sorted(TESTS))}") from None


def choose_test(kind: str, n_rows: int, *, n_values: int) -> str | None:
    """The default test of a column, as Evidently chooses it; None when the kind is not tested.

    - identifier, text, datetime and other columns: no distribution test (keys are reported as overlap,
      time always moves forward, free text needs a text model).
    - reference rows <= 1,000 (small samples), p-value tests at 0.05:
      numbers with more than 5 values: two-sample Kolmogorov-Smirnov; categories (and numbers with
      at most 5 values): chi-square, or the z-test for two proportions when there are at most 2 values.
    - more rows, distances at 0.1: numbers: Wasserstein distance normalised by the reference standard
      deviation; categories (and numbers with at most 5 values): Jensen-Shannon distance.
    """
    if kind not in CATEGORY_KINDS and kind != "numeric":
        return None
    as_categories = kind in CATEGORY_KINDS or n_values <= FEW_VALUES
    if n_rows <= SMALL_SAMPLE:
        if as_categories:
            return "z" if n_values <= 2 else "chisquare"
        return "ks"
    return "jensenshannon" if as_categories else "wasserstein"
