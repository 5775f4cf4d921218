"""Drift between a reference and a current dataset: tests, schema changes, labels, splits and the verdict."""

from profiling.drift.detector import detect_drift
from profiling.drift.models import (
    ColumnDrift,
    ColumnOptions,
    DriftOptions,
    DriftReport,
    GroupRate,
    IdentifierFact,
    LabelDrift,
    SchemaChange,
)
from profiling.drift.stattests import TESTS, choose_test

__all__ = [
    "TESTS",
    "ColumnDrift",
    "ColumnOptions",
    "DriftOptions",
    "DriftReport",
    "GroupRate",
    "IdentifierFact",
    "LabelDrift",
    "SchemaChange",
    "choose_test",
    "detect_drift",
]
