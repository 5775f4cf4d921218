"""Typed results of a schema comparison: column summaries, aligned groups, issues and the report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

IssueType = Literal[
    "missing_column",
    "type_mismatch",
    "unit_mismatch",
    "format_mismatch",
    "missing_marker_mismatch",
    "vocabulary_mismatch",
    "missing_rate_difference",
    "range_difference",
]
ISSUE_TYPES: tuple[IssueType, ...] = IssueType.__args__  # type: ignore[attr-defined]
Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
Storage = Literal["int", "float", "text", "bool", "datetime", "empty"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class HistogramBin(BaseModel):
    """One bin of a numeric column: [start, end) and its share of the non-missing values."""

    model_config = _FROZEN

    start: float
    end: float
    fraction: float


class ColumnSummary(BaseModel):
    """What the alignment knows of one column of one source."""

    model_config = _FROZEN

    source: str
    column: str
    kind: str
    storage: Storage
    rows: int
    missing_count: int
    missing_fraction: float
    distinct_count: int
    whole_numbers: bool | None = None
    min: float | None = None
    max: float | None = None
    p05: float | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    p95: float | None = None
    values: dict[str, float] = Field(default_factory=dict)  # value -> share of non-missing rows (few values only)
    examples: list[str] = Field(default_factory=list)
    markers: dict[str, int] = Field(default_factory=dict)  # missing marker -> rows (from the load report)
    sentinels: dict[str, int] = Field(default_factory=dict)  # number that looks like 'missing' -> rows
    text_pattern: str | None = None  # dominant shape of text values ('9999-99-99', '9,999')
    histogram: list[HistogramBin] = Field(default_factory=list)

    @property
    def numeric(self) -> bool:
        return self.storage in ("int", "float") and self.median is not None


class Evidence(BaseModel):
    """One reason why two columns hold (or may not hold) the same variable."""

    model_config = _FROZEN

    kind: Literal["name", "content"]
    method: str
    score: float
    sources: list[str]
    columns: list[str]
    detail: str


class ColumnGroup(BaseModel):
    """One variable across the sources: its column in each source (None when absent)."""

    model_config = _FROZEN

    id: int
    name: str
    columns: dict[str, str | None]
    alternatives: dict[str, list[str]] = Field(default_factory=dict)  # further columns holding it, recoded or split
    confidence: float
    evidence: list[Evidence] = Field(default_factory=list)
    one_to_one: bool = True
    questioned: bool = False  # names agree but the contents do not

    def present(self) -> dict[str, str]:
        return {s: c for s, c in self.columns.items() if c is not None}


class SchemaIssue(BaseModel):
    """One disagreement between sources about one variable."""

    model_config = _FROZEN

    type: IssueType
    severity: Severity
    group: int
    sources: list[str]
    columns: dict[str, str]
    detail: str
    value_mapping: dict[str, dict[str, str]] | None = None  # source -> {value: reference value}
    factor: float | None = None  # unit_mismatch: multiply the source's values by this
    missing_values: dict[str, list[str]] | None = None  # missing_marker_mismatch: source -> values meaning missing


class SchemaReport(BaseModel):
    """Columns of 2..N sources aligned into groups, with every disagreement found."""

    model_config = _FROZEN

    sources: list[str]
    groups: list[ColumnGroup]
    unmatched: dict[str, list[str]]
    issues: list[SchemaIssue]
    summaries: list[ColumnSummary]
    seconds: float = 0.0
    note: str | None = None  # which rows were compared, when not every row (out-of-core datasets' samples)

    def group(self, group_id: int) -> ColumnGroup:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def issues_of(self, group_id: int) -> list[SchemaIssue]:
        return [issue for issue in self.issues if issue.group == group_id]

    def summary(self, source: str, column: str) -> ColumnSummary:
        for item in self.summaries:
            if item.source == source and item.column == column:
                return item
        raise KeyError((source, column))

    def counts(self) -> dict[str, int]:
        """Issues per severity."""
        return {level: sum(1 for i in self.issues if i.severity == level) for level in SEVERITIES}
