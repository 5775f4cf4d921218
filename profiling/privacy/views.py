"""Privacy mode applied to what Prism shows and exports: masked frames and masked profiles."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from profiling.privacy.redact import RedactionPlan, masked_value, redact_frame
from profiling.profile import Alert, ColumnProfile, DatasetProfile
from profiling.profile.models import ValueCount


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
