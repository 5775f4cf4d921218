"""Privacy mode on tables, profiles and drift reports: the values of masked columns hidden."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

import pandas as pd

from profiling.drift.models import ColumnDrift, DriftReport, SchemaChange
from profiling.privacy.redact import RedactionPlan, masked_value, redact_frame
from profiling.profile import Alert, ColumnProfile, DatasetProfile
from profiling.profile.models import ValueCount

if TYPE_CHECKING:  # importing profiling.expectations loads Great Expectations (seconds); only its models are named
    pass


_HIDDEN = "values hidden: privacy mode is on"


def mask_frame(frame: pd.DataFrame, columns: Collection[str]) -> pd.DataFrame:
    """A copy with the values of `columns` masked (missing stays missing); the frame itself when none apply."""
    present = [c for c in frame.columns if c in set(columns)]
    if not present:
        return frame
    return redact_frame(frame, RedactionPlan(actions=dict.fromkeys(present, "mask")))


def mask_profile(profile: DatasetProfile, columns: Collection[str]) -> DatasetProfile:
    """The profile with every value of `columns` hidden: top values masked, value-bearing alerts reworded."""
    hidden = set(columns) & {c.name for c in profile.columns}
    if not hidden:
        return profile
    return profile.model_copy(
        update={
            "columns": [_mask_column(c) if c.name in hidden else c for c in profile.columns],
            "alerts": [_mask_alert(a) if a.column in hidden else a for a in profile.alerts],
        }
    )


def _mask_column(column: ColumnProfile) -> ColumnProfile:
    masked = [ValueCount(value=masked_value(v.value), count=v.count) for v in column.top_values]
    return column.model_copy(update={"top_values": masked, "date_min": None, "date_max": None})


def _mask_alert(alert: Alert) -> Alert:
    message = f"{alert.column}: {alert.type.replace('_', ' ')} (values hidden: privacy mode is on for this column)."
    return alert.model_copy(update={"message": message})


def mask_drift(report: DriftReport, columns: Collection[str]) -> DriftReport:
    """The drift report with the values of `columns` hidden: categories, top category, effects and schema details."""
    hidden = set(columns)
    if not hidden:
        return report
    return report.model_copy(
        update={
            "columns": [_mask_drift_column(c) if c.column in hidden else c for c in report.columns],
            "schema_changes": [_mask_change(c) if c.column in hidden else c for c in report.schema_changes],
        }
    )


def _mask_drift_column(column: ColumnDrift) -> ColumnDrift:
    categories = [c.model_copy(update={"value": masked_value(c.value)}) for c in column.categories]
    top = masked_value(column.top_category) if column.top_category is not None else None
    effect = f"{column.test or 'drift'}: values hidden (privacy mode is on for this column)"
    return column.model_copy(update={"categories": categories, "top_category": top, "effect": effect})


def _mask_change(change: SchemaChange) -> SchemaChange:
    detail = f"{change.type.replace('_', ' ')} in {change.column!r} (values hidden: privacy mode is on for this column)"
    values: dict[str, int] = {}
    for value, count in change.values.items():  # masks can coincide: add their counts up
        values[masked_value(value)] = values.get(masked_value(value), 0) + count
    return change.model_copy(update={"detail": detail, "values": values})


def masked_labels(values: Iterable[object]) -> dict[str, str]:
    """Each distinct value (as text) -> its mask, made distinct ('•••', '••• #2') so groups and bars stay apart.

    Values are labelled in sorted order, so the same values always get the same labels.
    """
    labels: dict[str, str] = {}
    taken: set[str] = set()
    for value in sorted({str(v) for v in values}):
        base = label = masked_value(value)
        number = 2
        while label in taken:
            label, number = f"{base} #{number}", number + 1
        labels[value] = label
        taken.add(label)
    return labels
