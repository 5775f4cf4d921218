"""Typed results of the fast profile: dataset summary, per-column statistics, correlations and alerts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

ColumnKind = Literal["numeric", "categorical", "boolean", "datetime", "text", "identifier", "constant"]
Severity = Literal["info", "warning"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ValueCount(BaseModel):
    """One value (as text) and how many rows hold it."""

    model_config = _FROZEN

    value: str
    count: int


class HistogramBin(BaseModel):
    """One equal-width bin: [start, end) except the last, which includes `end`."""

    model_config = _FROZEN

    start: float
    end: float
    count: int


class Quantiles(BaseModel):
    """Exact (interpolated) quantiles of the finite values."""

    model_config = _FROZEN

    p05: float
    p25: float
    p50: float
    p75: float
    p95: float


class ColumnProfile(BaseModel):
    """Statistics of one column over every row; fields that do not apply to its type are None."""

    model_config = _FROZEN

    name: str
    kind: ColumnKind
    dtype: str
    count: int
    missing_count: int
    missing_fraction: float
    missing_markers_count: int = 0
    distinct_count: int
    distinct_fraction: float
    unique: bool
    top_values: list[ValueCount] = Field(default_factory=list)
    other_values_count: int = 0
    imbalance: float | None = None
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    std: float | None = None
    skewness: float | None = None
    quantiles: Quantiles | None = None
    min_positive: float | None = None
    max_negative: float | None = None
    zeros_count: int | None = None
    negatives_count: int | None = None
    infinite_count: int | None = None
    outliers_count: int | None = None
    histogram: list[HistogramBin] = Field(default_factory=list)
    true_count: int | None = None
    length_min: int | None = None
    length_max: int | None = None
    length_mean: float | None = None
    whitespace_count: int | None = None
    numeric_like_count: int | None = None
    date_min: str | None = None
    date_max: str | None = None


class CorrelationPair(BaseModel):
    """One coefficient between two columns."""

    model_config = _FROZEN

    column_a: str
    column_b: str
    value: float


class Correlations(BaseModel):
    """Pairwise coefficients; pairs whose coefficient is undefined (a constant column) are left out.

    Missing values (NaN and infinities count as missing for numbers): Pearson's r is taken over the
    rows where both columns are present (pairwise-complete, as pandas). For Spearman's rho each
    column is ranked once within its own present values (ties share their mean rank), then Pearson's
    r of the ranks is taken pairwise-complete; pandas re-ranks each pair's complete rows instead, so
    the two differ slightly when a column has gaps (under 0.01 on the Cleveland heart data) and agree
    exactly when none has.
    """

    model_config = _FROZEN

    pearson: list[CorrelationPair] = Field(default_factory=list)
    spearman: list[CorrelationPair] = Field(default_factory=list)
    cramers_v: list[CorrelationPair] = Field(default_factory=list)
    spearman_rows: int = 0


class Alert(BaseModel):
    """One finding a user should look at: what, where, how much, in one sentence."""

    model_config = _FROZEN

    type: str
    column: str | None
    value: float | None
    message: str
    severity: Severity = "warning"


class DatasetSummary(BaseModel):
    """Whole-table figures."""

    model_config = _FROZEN

    name: str
    rows: int
    columns: int
    memory_bytes: int
    duplicate_rows: int
    duplicate_fraction: float
    missing_cells: int
    missing_cells_fraction: float
    kinds: dict[str, int]
    quality_score: float
    quality_summary: str


class DatasetProfile(BaseModel):
    """The fast profile of one dataset; `model_dump(mode="json")` is what pages, CLI and cache use."""

    model_config = _FROZEN

    schema_version: int = SCHEMA_VERSION
    dataset: DatasetSummary
    columns: list[ColumnProfile]
    alerts: list[Alert]
    correlations: Correlations
    engine: str = "duckdb"
    seconds: float = 0.0

    def column(self, name: str) -> ColumnProfile:
        """The profile of column `name` (KeyError if absent)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)
