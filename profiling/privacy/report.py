"""The privacy report of one dataset: findings per column, their categories, and the re-identification risk."""

from __future__ import annotations

from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

Category = Literal["direct_identifier", "quasi_identifier", "special_category"]
Evidence = Literal["values", "name", "values and name"]


class ColumnFinding(BaseModel):
    """Personal data found in one column: what, how sure, how much of it, and why it matters."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    pii_type: str
    category: Category
    confidence: float = Field(ge=0, le=1)
    match_fraction: float | None = Field(ge=0, le=1)  # share of checked values that passed; None: judged by name
    invalid_fraction: float | None = Field(default=None, ge=0, le=1)  # shaped like it, but check digits wrong
    evidence: Evidence
    detail: str
    regulations: list[str]
    examples: list[str] = Field(default_factory=list)  # always masked
    contains: list[str] = Field(default_factory=list)  # for free text: the kinds of data inside it
    values_checked: int = 0


class CombinationRisk(BaseModel):
    """How identifying one combination of quasi-identifiers is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    columns: list[str]
    k: int
    unique_fraction: float = Field(ge=0, le=1)
    groups: int


class SmallGroup(BaseModel):
    """One of the smallest groups of records sharing all quasi-identifier values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    values: dict[str, str | None]
    size: int


class Reidentification(BaseModel):
    """k-anonymity over chosen quasi-identifiers: the smallest group, unique records, riskiest combinations."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    quasi_identifiers: list[str]
    records: int
    k: int | None  # None when there are no quasi-identifiers or no rows
    unique_fraction: float | None = Field(ge=0, le=1)
    k_threshold: int
    at_risk_fraction: float | None = Field(ge=0, le=1)  # records in groups smaller than k_threshold
    groups: int
    riskiest: list[CombinationRisk] = Field(default_factory=list)
    smallest_groups: list[SmallGroup] = Field(default_factory=list)
    note: str | None = None  # which rows it was computed on, when not every row (an out-of-core dataset's sample)


class PrivacyReport(BaseModel):
    """Everything the Privacy page and `python -m profiling privacy` show for one dataset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dataset: str
    rows: int
    columns: list[ColumnFinding]
    clean_columns: list[str]
    reidentification: Reidentification
    privacy_mode_recommended: bool
    seconds: float
    note: str | None = None  # which rows it was computed on, when not every row (an out-of-core dataset's sample)

    def by_category(self, category: Category) -> list[str]:
        """The columns of one category, in dataset order."""
        return [f.column for f in self.columns if f.category == category]

    @property
    def direct_identifiers(self) -> list[str]:
        """Direct identifiers found with a confidence of at least 0.5 (these switch privacy mode on)."""
        return [c for c in self.by_category("direct_identifier") if (f := self.finding(c)) and f.confidence >= 0.5]

    def finding(self, column: str) -> ColumnFinding | None:
        return next((f for f in self.columns if f.column == column), None)

    def to_frame(self) -> pd.DataFrame:
        """The findings as a table (one row per column), for screens and CSV downloads."""
        rows = [
            {
                "column": f.column,
                "pii_type": f.pii_type,
                "category": f.category,
                "confidence": f.confidence,
                "match_fraction": f.match_fraction,
                "invalid_fraction": f.invalid_fraction,
                "evidence": f.evidence,
                "detail": f.detail,
                "examples (masked)": ", ".join(f.examples),
                "regulations": "; ".join(f.regulations),
            }
            for f in self.columns
        ]
        return pd.DataFrame(rows, columns=list(_FRAME_COLUMNS))


_FRAME_COLUMNS = (
    "column",
    "pii_type",
    "category",
    "confidence",
    "match_fraction",
    "invalid_fraction",
    "evidence",
    "detail",
    "examples (masked)",
    "regulations",
)
