"""Typed results of the bias audit: label balance, groups, intersections, representation, proxies, findings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

TargetKind = Literal["binary", "multiclass", "numeric"]
ReferenceRule = Literal["largest", "favoured"]
Severity = Literal["high", "medium", "low", "info"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ClassCount(BaseModel):
    """One label value (as text), its rows and its share of the labelled rows."""

    model_config = _FROZEN

    value: str
    count: int
    share: float
    rare: bool = False


class LabelBalance(BaseModel):
    """How the label is spread: classes for a classification target, skew and tails for a numeric one."""

    model_config = _FROZEN

    kind: TargetKind
    labelled: int
    missing: int
    classes: list[ClassCount] = Field(default_factory=list)
    imbalance_ratio: float | None = None  # majority count / minority count
    minority_share: float | None = None
    balance_score: float | None = None  # normalised Shannon entropy: 1 = even, 0 = one class
    rare_classes: list[str] = Field(default_factory=list)
    positive_share: float | None = None
    skew: float | None = None
    lower_tail_share: float | None = None  # below Q1 - 3 IQR
    upper_tail_share: float | None = None  # above Q3 + 3 IQR


class TargetSuggestion(BaseModel):
    """A column that looks like a label, and why."""

    model_config = _FROZEN

    column: str
    kind: TargetKind
    reason: str
    score: float


class SensitiveAttribute(BaseModel):
    """A column audited as a sensitive attribute; `bins` holds the edges when numeric values were binned."""

    model_config = _FROZEN

    column: str
    detected: bool
    reason: str
    category: str  # sex, race, age, nationality, religion, marital status, disability, other
    bins: list[float] | None = None


class GroupStats(BaseModel):
    """One group of one attribute (or of an intersection of two)."""

    model_config = _FROZEN

    attribute: str
    group: str
    members: list[str] | None = None  # the value of each attribute, for intersections
    count: int
    share: float
    labelled: int
    positives: int | None = None
    positive_rate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    rate_ratio: float | None = None
    rate_difference: float | None = None
    test: Literal["chi-square", "fisher-exact"] | None = None
    p_value: float | None = None
    small_group: bool
    is_reference: bool = False
    flags: list[str] = Field(default_factory=list)
    missing_fraction: float  # share of missing cells in the other columns, for this group's rows
    class_shares: dict[str, float] | None = None  # label balance inside the group


class MissingGap(BaseModel):
    """A column whose missing rate differs between groups of an attribute (quality that depends on the group)."""

    model_config = _FROZEN

    column: str
    lowest_group: str
    lowest_rate: float
    highest_group: str
    highest_rate: float
    difference: float


class AttributeAudit(BaseModel):
    """Every group of one attribute with its reference group and an overall test of independence."""

    model_config = _FROZEN

    attribute: str
    members: list[str] | None = None  # the two attributes of an intersection
    reference_group: str | None
    reference_rule: str
    groups: list[GroupStats]
    chi_square_p_value: float | None = None
    lowest_ratio: float | None = None
    missing_gaps: list[MissingGap] = Field(default_factory=list)


class RepresentationRow(BaseModel):
    """A group's share in the data against an expected share (typed by the user or from another dataset)."""

    model_config = _FROZEN

    attribute: str
    group: str
    count: int
    observed_share: float
    expected_share: float | None
    ratio: float | None
    flag: Literal["under", "over", "ok", "absent", "unexpected"]


class Representation(BaseModel):
    """Representation of one attribute's groups against a reference."""

    model_config = _FROZEN

    attribute: str
    reference: str  # "typed shares" or the other dataset's name
    rows: list[RepresentationRow]


class Proxy(BaseModel):
    """A column strongly associated with a sensitive attribute: it can stand in for it in a model."""

    model_config = _FROZEN

    attribute: str
    column: str
    measure: Literal["cramers_v", "correlation_ratio"]
    value: float
    is_proxy: bool


class Finding(BaseModel):
    """One plain sentence a reader acts on, with its severity."""

    model_config = _FROZEN

    severity: Severity
    kind: str
    message: str
    attribute: str | None = None
    group: str | None = None


class BiasReport(BaseModel):
    """The audit of one dataset: label balance, groups, intersections, representation, proxies and findings."""

    model_config = _FROZEN

    schema_version: int = SCHEMA_VERSION
    dataset: str
    rows: int
    target: str
    target_kind: TargetKind
    positive_class: str | None
    outcome: str  # the outcome in words, e.g. "income = >50K"
    overall_rate: float | None
    label_balance: LabelBalance
    sensitive_attributes: list[SensitiveAttribute]
    attributes: list[AttributeAudit]
    groups: list[GroupStats]
    intersections: list[AttributeAudit]
    representation: list[Representation]
    proxies: list[Proxy]
    findings: list[Finding]
    settings: dict[str, object]
    notes: list[str] = Field(default_factory=list)

    def attribute(self, column: str) -> AttributeAudit:
        """The audit of one attribute by column name."""
        return next(a for a in self.attributes if a.attribute == column)

    def group(self, attribute: str, group: str) -> GroupStats:
        """One group of one attribute (or intersection)."""
        return next(
            g
            for a in (*self.attributes, *self.intersections)
            for g in a.groups
            if (g.attribute, g.group) == (attribute, group)
        )


class DatasetColumn(BaseModel):
    """One group's figures in one dataset, for the side-by-side table."""

    model_config = _FROZEN

    dataset: str
    count: int
    share: float
    positive_rate: float | None
    rate_ratio: float | None


class ComparisonRow(BaseModel):
    """One group of one attribute across several datasets."""

    model_config = _FROZEN

    attribute: str
    group: str
    datasets: list[DatasetColumn]


class MultiBiasReport(BaseModel):
    """The same audit across several datasets side by side, plus the pooled audit of all their rows."""

    model_config = _FROZEN

    schema_version: int = SCHEMA_VERSION
    datasets: list[str]
    reports: list[BiasReport]
    pooled: BiasReport | None
    comparison: list[ComparisonRow]
    notes: list[str] = Field(default_factory=list)
