"""Redaction: masking, salted hashing or dropping columns, and the privacy-mode decision."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from typing import TYPE_CHECKING, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict, Field

from profiling.errors import ColumnNotFoundError, ProfilingError

if TYPE_CHECKING:
    from pathlib import Path

    from profiling.privacy.report import PrivacyReport

Action = Literal["keep", "mask", "hash", "drop"]
ACTIONS: tuple[Action, ...] = ("keep", "mask", "hash", "drop")
MASK = "•••"
BATCH_ROWS = 65_536  # rows per record batch when a Parquet file is redacted batch by batch
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
    _check_plan(plan, [str(c) for c in frame.columns])
    redacted = frame.drop(columns=plan.columns("drop"))
    for column in plan.columns("mask"):
        redacted[column] = _map_present(frame[column], masked_value)
    for column in plan.columns("hash"):
        redacted[column] = _map_present(frame[column], lambda v: hashed_value(v, plan.salt))
    return redacted


def redact_parquet(source: Path, target: Path, plan: RedactionPlan, *, batch_rows: int = BATCH_ROWS) -> int:
    """Redact a Parquet file into another one record batch at a time (never the whole table in memory).

    Values are masked or hashed by `masked_value` / `hashed_value` of each stored value as Python reads it
    (an integer as an integer); missing stays missing; dropped columns are left out. Returns the rows written.
    """
    reader = pq.ParquetFile(source)
    _check_plan(plan, reader.schema_arrow.names)
    changed = {c: a for c, a in plan.actions.items() if a in ("mask", "hash")}
    kept = [field for field in reader.schema_arrow if plan.actions.get(field.name) != "drop"]
    schema = pa.schema([pa.field(f.name, pa.string()) if f.name in changed else f for f in kept])
    rows = 0
    with pq.ParquetWriter(target, schema) as writer:
        for batch in reader.iter_batches(batch_size=batch_rows, columns=schema.names):
            arrays = [
                _redact_array(batch.column(f.name), changed[f.name], plan.salt)
                if f.name in changed
                else batch.column(f.name)
                for f in kept
            ]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            rows += batch.num_rows
    return rows


def privacy_mode_default(report: PrivacyReport) -> bool:
    """Privacy mode is on by default exactly when direct identifiers were found."""
    return bool(report.direct_identifiers)


def default_plan(report: PrivacyReport, *, salt: str = "") -> RedactionPlan:
    """Mask every direct identifier; keep the rest."""
    return RedactionPlan(actions={column: "mask" for column in report.direct_identifiers}, salt=salt)


def _check_plan(plan: RedactionPlan, columns: list[str]) -> None:
    unknown = [c for c in plan.actions if c not in columns]
    if unknown:
        raise ColumnNotFoundError(
            f"The redaction plan names column(s) not in the data: {', '.join(map(repr, unknown))}.",
            f"Use columns of this dataset: {', '.join(columns[:20])}.",
        )
    if plan.columns("hash") and not plan.salt:
        raise ProfilingError(
            "Hashing needs a salt: without one, anyone can hash guessed values and match them.",
            "Give a secret salt (keep it to hash new data the same way), or mask instead.",
        )


def _redact_array(values: pa.Array, action: Action, salt: str) -> pa.Array:
    """Masked or hashed values of one column of a batch; missing (null or NaN, as pandas counts it) stays missing."""
    out = [
        None if _missing(v) else masked_value(v) if action == "mask" else hashed_value(v, salt)
        for v in values.to_pylist()
    ]
    return pa.array(out, type=pa.string())


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _map_present(series: pd.Series, function: object) -> pd.Series:
    present = series.notna()
    out = pd.Series(pd.NA, index=series.index, dtype="string")
    out[present] = series[present].map(function)
    return out
