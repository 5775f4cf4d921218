"""Redaction: masking, salted hashing or dropping columns, and the privacy-mode decision."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import TYPE_CHECKING, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from profiling.errors import ColumnNotFoundError, ProfilingError

if TYPE_CHECKING:
    from profiling.privacy.report import PrivacyReport

Action = Literal["keep", "mask", "hash", "drop"]
ACTIONS: tuple[Action, ...] = ("keep", "mask", "hash", "drop")
MASK = "•••"
_RUN = re.compile(r"[^\W_]+")  # a run of letters or digits, in any script


class RedactionPlan(BaseModel):
    """What to do with each column (columns not listed are kept) and the salt for hashing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actions: dict[str, Action] = Field(default_factory=dict)
    salt: str = ""

    def columns(self, action: Action) -> list[str]:
        return [column for column, chosen in self.actions.items() if chosen == action]


def masked_value(value: object) -> str:
    """A value with every run of letters or digits replaced by •••: its separators stay, its content goes.

    'jane.doe@example.com' -> '•••.•••@•••.•••', 'Braund, Mr. Owen Harris' -> '•••, •••. ••• •••'.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    masked = _RUN.sub(MASK, str(value))
    return masked[:60]


def hashed_value(value: object, salt: str) -> str:
    """A keyed SHA-256 of the value (HMAC with the salt), 16 hex digits: equal values stay equal, joins still work."""
    return hmac.new(salt.encode(), str(value).encode(), hashlib.sha256).hexdigest()[:16]


def redact_frame(frame: pd.DataFrame, plan: RedactionPlan) -> pd.DataFrame:
    """A copy of the frame with each planned column masked, hashed with the salt, or dropped; missing stays missing."""
    unknown = [c for c in plan.actions if c not in frame.columns]
    if unknown:
        raise ColumnNotFoundError(
            f"The redaction plan names column(s) not in the data: {', '.join(map(repr, unknown))}.",
            f"Use columns of this dataset: {', '.join(map(str, frame.columns[:20]))}.",
        )
    if plan.columns("hash") and not plan.salt:
        raise ProfilingError(
            "Hashing needs a salt: without one, anyone can hash guessed values and match them.",
            "Give a secret salt (keep it to hash new data the same way), or mask instead.",
        )
    redacted = frame.drop(columns=plan.columns("drop"))
    for column in plan.columns("mask"):
        redacted[column] = _map_present(frame[column], masked_value)
    for column in plan.columns("hash"):
        redacted[column] = _map_present(frame[column], lambda v: hashed_value(v, plan.salt))
    return redacted


def privacy_mode_default(report: PrivacyReport) -> bool:
    """Privacy mode is on by default exactly when direct identifiers were found."""
    return bool(report.direct_identifiers)


def default_plan(report: PrivacyReport, *, salt: str = "") -> RedactionPlan:
    """Mask every direct identifier; keep the rest."""
    return RedactionPlan(actions={column: "mask" for column in report.direct_identifiers}, salt=salt)


def _map_present(series: pd.Series, function: object) -> pd.Series:
    present = series.notna()
    out = pd.Series(pd.NA, index=series.index, dtype="string")
    out[present] = series[present].map(function)
    return out
