"""Drift tests, one module per family, each registered with the data it accepts and its default threshold."""

from profiling.drift.stattests import chisquare, jensenshannon, ks, psi, wasserstein, ztest
from profiling.drift.stattests.registry import TESTS, ColumnData, Outcome, StatTest, choose_test, get_test, register

__all__ = [
    "TESTS",
    "ColumnData",
    "Outcome",
    "StatTest",
    "chisquare",
    "choose_test",
    "get_test",
    "jensenshannon",
    "ks",
    "psi",
    "register",
    "wasserstein",
    "ztest",
]
