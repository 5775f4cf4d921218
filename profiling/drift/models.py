"""Typed results of a drift comparison: per-column drift, schema changes, identifier facts, labels and the verdict."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2

Severity = Literal["negligible", "small", "moderate", "large"]
DriftKind = Literal["numeric", "categorical", "boolean", "datetime", "text", "identifier", "constant", "other"]
SchemaChangeType = Literal[
    "column_missing",
    "column_new",
    "kind_changed",
    "type_changed",
    "new_categories",
    "vanished_categories",
    "out_of_range",
    "missing_rate_change",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ColumnOptions(BaseModel):
    """A per-column override of the default test and/or its threshold."""

    model_config = _FROZEN

    test: str | None = None
    threshold: float | None = None


class DriftOptions(BaseModel):
    """What to compare and how strictly; the defaults are explained in the README (Drift) and in `choose_test`."""

    model_config = _FROZEN

    drift_share: float = Field(0.5, gt=0, le=1)
    columns: dict[str, ColumnOptions] = Field(default_factory=dict)
    missing_rise: float = Field(0.05, ge=0, le=1)
    missing_p_value: float = Field(0.05, gt=0, lt=1)
    target: str | None = None
    positive_label: str | None = None
    sensitive: tuple[str, ...] = ()
    include_identifiers: bool = False


class BinPair(BaseModel):
    """One histogram bin [start, end) with each dataset's share of its non-missing values."""

    model_config = _FROZEN

    start: float
    end: float
    reference: float
    current: float


class CategoryPair(BaseModel):
    """One category with each dataset's share; `new` if absent from the reference, `vanished` if from the current."""

    model_config = _FROZEN

    value: str
    reference: float
    current: float
    new: bool = False
    vanished: bool = False


class ColumnDrift(BaseModel):
    """The drift of one column: the test, its statistic, threshold, verdict and an effect a person can read."""

    model_config = _FROZEN

    column: str
    kind: DriftKind
    test: str | None
    statistic: float | None
    p_value: float | None
    threshold: float | None
    drifted: bool
    distribution_drifted: bool
    missing_drifted: bool
    score: float = Field(description="statistic relative to its threshold: 1.0 is the threshold, higher is worse")
    reference_count: int
    current_count: int
    reference_missing_fraction: float
    current_missing_fraction: float
    missing_p_value: float | None = None
    mean_shift_std: float | None = None
    reference_mean: float | None = None
    current_mean: float | None = None
    top_category: str | None = None
    top_share_reference: float | None = None
    top_share_current: float | None = None
    effect: str
    effect_size: float | None = Field(
        None, description="on Cohen's scale: |mean shift| or Wasserstein in reference std, or Cohen's h of shares"
    )
    severity: Severity | None = Field(None, description="negligible < 0.2 <= small < 0.5 <= moderate < 0.8 <= large")
    note: str | None = None
    bins: list[BinPair] = Field(default_factory=list)
    categories: list[CategoryPair] = Field(default_factory=list)


class SchemaChange(BaseModel):
    """One difference in structure between the datasets, with the values and counts behind it."""

    model_config = _FROZEN

    type: SchemaChangeType
    column: str
    detail: str
    count: int | None = None
    values: dict[str, int] = Field(default_factory=dict)


class IdentifierFact(BaseModel):
    """A unique-key column, left out of distribution drift: how many current keys the reference also has."""

    model_config = _FROZEN

    column: str
    reference_distinct: int
    current_distinct: int
    overlap: int
    overlap_fraction: float


class GroupRate(BaseModel):
    """The outcome rate of one group of a sensitive attribute in each dataset."""

    model_config = _FROZEN

    attribute: str
    group: str
    reference_rows: int
    current_rows: int
    reference_rate: float | None
    current_rate: float | None
    change: float | None


class LabelDrift(BaseModel):
    """The drift of the target column and the change of outcome rates per sensitive group."""

    model_config = _FROZEN

    target: str
    outcome: str
    drift: ColumnDrift
    reference_rate: float | None
    current_rate: float | None
    groups: list[GroupRate] = Field(default_factory=list)


class DriftReport(BaseModel):
    """Reference versus current: `model_dump(mode="json")` is what the page, the CLI and the cache use."""

    model_config = _FROZEN

    schema_version: int = SCHEMA_VERSION
    reference: str
    current: str
    reference_rows: int
    current_rows: int
    split: str | None = None
    columns: list[ColumnDrift]
    tested_columns: int
    drifted_columns: int
    drift_share: float
    drift_share_threshold: float
    dataset_drift: bool
    verdict: str = Field(description="'12 of 12 columns drifted; 1 with a negligible effect: alcohol'")
    schema_changes: list[SchemaChange]
    identifiers: list[IdentifierFact]
    label: LabelDrift | None = None
    options: DriftOptions
    seconds: float = 0.0

    def column(self, name: str) -> ColumnDrift:
        """The drift of column `name` (KeyError if absent)."""
        for col in self.columns:
            if col.column == name:
                return col
        raise KeyError(name)

    def drifted(self) -> list[str]:
        """Names of the drifted columns, worst first."""
        return [c.column for c in self.columns if c.drifted]
