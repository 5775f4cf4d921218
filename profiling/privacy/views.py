"""Privacy mode applied to what Prism shows and exports: frames, profiles, drift, schema, bias and suite results."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, overload

import pandas as pd

from profiling.bias.attributes import MISSING, OTHER
from profiling.bias.findings import write_findings
from profiling.bias.intersections import SEPARATOR
from profiling.bias.models import AttributeAudit, BiasReport, MultiBiasReport
from profiling.bias.options import BiasOptions
from profiling.drift.models import ColumnDrift, DriftReport, SchemaChange
from profiling.privacy.redact import RedactionPlan, masked_value, redact_frame
from profiling.profile import Alert, ColumnProfile, DatasetProfile
from profiling.profile.models import ValueCount
from profiling.schema.mapping import MappingSpec, propose_mapping
from profiling.schema.models import ColumnGroup, ColumnSummary, SchemaIssue, SchemaReport

if TYPE_CHECKING:  # importing profiling.expectations loads Great Expectations (seconds); only its models are named
    from profiling.expectations.models import ExpectationOutcome, ExpectationSpec, ValidationReport

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


# Schema dispersion -----------------------------------------------------------------------------------------------


def mask_schema(report: SchemaReport, hidden: Mapping[str, Collection[str]]) -> SchemaReport:
    """The schema report with the values of masked columns hidden; `hidden` maps a source's name to its masked columns.

    A column's value shares and examples are masked; the value mappings, value-listing details and evidence of a
    variable are masked when any of its columns is masked (they pair its values across sources). Numbers, text
    shapes and missing markers stay.
    """
    cells = _cells(hidden)
    groups = {cell: g.id for g in report.groups for cell in _group_cells(g)}
    masked = {g.id for g in report.groups if cells & set(_group_cells(g))}
    if not masked:
        return report
    labels = {gid: masked_labels(_schema_values(report, gid)) for gid in masked}
    return report.model_copy(
        update={
            "summaries": [
                _mask_summary(s, labels.get(groups.get((s.source, s.column), -1), {}))
                if (s.source, s.column) in cells
                else s
                for s in report.summaries
            ],
            "issues": [
                _mask_issue(i, labels[i.group]) if i.group in masked and i.type == "vocabulary_mismatch" else i
                for i in report.issues
            ],
            "groups": [_mask_group(g) if g.id in masked else g for g in report.groups],
        }
    )


def mask_mapping(spec: MappingSpec, report: SchemaReport, hidden: Mapping[str, Collection[str]]) -> MappingSpec:
    """The mapping with the value recodes of masked variables shown masked, as in `mask_schema(report, hidden)`.

    For showing and downloading only: the masked recodes match no value, so apply the real spec.
    """
    cells = _cells(hidden)
    masked = {_mapping_key(g.columns) for g in report.groups if cells & set(_group_cells(g))}
    if not masked:
        return spec
    shown = {_mapping_key(c.columns): c for c in propose_mapping(mask_schema(report, hidden)).columns}
    columns = []
    for column in spec.columns:
        key = _mapping_key(column.columns)
        if key in masked and key in shown:
            column = column.model_copy(update={"recode": {s: shown[key].recode.get(s, {}) for s in column.recode}})
        columns.append(column)
    return spec.model_copy(update={"columns": columns})


def masked_mapping_columns(report: SchemaReport, hidden: Mapping[str, Collection[str]]) -> set[int]:
    """Indexes of the columns of `propose_mapping(report)` whose values privacy mode hides (one per group)."""
    cells = _cells(hidden)
    return {i for i, g in enumerate(report.groups) if cells & set(_group_cells(g))}


def _cells(hidden: Mapping[str, Collection[str]]) -> set[tuple[str, str]]:
    return {(source, column) for source, columns in hidden.items() for column in columns}


def _group_cells(group: ColumnGroup) -> list[tuple[str, str]]:
    return [*group.present().items(), *((s, c) for s, cols in group.alternatives.items() for c in cols)]


def _schema_values(report: SchemaReport, group_id: int) -> list[str]:
    cells = set(_group_cells(report.group(group_id)))
    values = [v for s in report.summaries if (s.source, s.column) in cells for v in [*s.values, *s.examples]]
    for issue in report.issues_of(group_id):
        for pairs in (issue.value_mapping or {}).values():
            values += [*pairs, *pairs.values()]
    return values


def _mask_summary(summary: ColumnSummary, labels: dict[str, str]) -> ColumnSummary:
    return summary.model_copy(
        update={
            "values": {labels.get(v, masked_value(v)): share for v, share in summary.values.items()},
            "examples": [labels.get(v, masked_value(v)) for v in summary.examples],
        }
    )


def _mask_issue(issue: SchemaIssue, labels: dict[str, str]) -> SchemaIssue:
    mapping = {
        source: {labels.get(k, masked_value(k)): labels.get(v, masked_value(v)) for k, v in pairs.items()}
        for source, pairs in (issue.value_mapping or {}).items()
    }
    spelled = sum(len(pairs) for pairs in mapping.values())
    where = " against ".join(f"{s} {c!r}" for s, c in reversed(issue.columns.items()))
    again = issue.detail.split(".", 1)[0] + ". " if " holds this variable again as " in issue.detail else ""
    detail = (
        again
        + f"{where}: the categories differ"
        + (f"; {spelled} value(s) spelled differently" if spelled else "")
        + f" ({_HIDDEN} for this variable)."
        + (" Not one-to-one." if "Not one-to-one" in issue.detail else "")
    )
    return issue.model_copy(update={"detail": detail, "value_mapping": mapping if issue.value_mapping else None})


def _mask_group(group: ColumnGroup) -> ColumnGroup:
    evidence = [
        e.model_copy(update={"detail": _mask_evidence_detail(e.detail)}) if e.method == "value_mapping" else e
        for e in group.evidence
    ]
    return group.model_copy(update={"evidence": evidence})


def _mask_evidence_detail(detail: str) -> str:
    # 'one-to-one value mapping 'M'->'male', ...; row shares overlap 97% once mapped'
    kind = "partial (not one-to-one)" if detail.startswith("partial") else "one-to-one"
    overlap = detail.rsplit("; ", 1)[-1] if "; row shares" in detail else ""
    return f"{kind} value mapping ({_HIDDEN})" + (f"; {overlap}" if overlap.startswith("row shares") else "")


def _mapping_key(columns: Mapping[str, str | None]) -> tuple[tuple[str, str | None], ...]:
    return tuple(sorted(columns.items()))


# Bias and balance ------------------------------------------------------------------------------------------------


@overload
def mask_bias(report: BiasReport, columns: Collection[str]) -> BiasReport: ...
@overload
def mask_bias(report: MultiBiasReport, columns: Collection[str]) -> MultiBiasReport: ...
def mask_bias(report: BiasReport | MultiBiasReport, columns: Collection[str]) -> BiasReport | MultiBiasReport:
    """The audit with the values of masked targets and attributes hidden in groups, classes, findings and settings.

    Every group keeps a distinct label ('•••', '••• #2'), the same in every report of a side-by-side audit; the
    findings are written again from the masked results. Rates, counts and tests are unchanged.
    """
    reports = (
        report.reports + ([report.pooled] if report.pooled else []) if isinstance(report, MultiBiasReport) else [report]
    )
    hidden = set(columns) & {c for r in reports for c in (r.target, *(a.column for a in r.sensitive_attributes))}
    if not hidden:
        return report
    values: dict[str, list[str]] = {column: [] for column in hidden}
    for item in reports:
        for column, value in _bias_values(item):
            if column in hidden and value not in _PLACEHOLDERS:
                values[column].append(value)
    labels = {column: masked_labels(found) for column, found in values.items()}

    def label(column: str, value: str) -> str:
        if column not in hidden or value in _PLACEHOLDERS:
            return value
        return labels[column].get(value, masked_value(value))

    if isinstance(report, BiasReport):
        return _mask_bias_report(report, label)
    comparison = [r.model_copy(update={"group": label(r.attribute, r.group)}) for r in report.comparison]
    return report.model_copy(
        update={
            "reports": [_mask_bias_report(r, label) for r in report.reports],
            "pooled": _mask_bias_report(report.pooled, label) if report.pooled else None,
            "comparison": comparison,
        }
    )


_PLACEHOLDERS = frozenset({MISSING, OTHER})
_Label = Callable[[str, str], str]


def _bias_values(report: BiasReport) -> Iterable[tuple[str, str]]:
    """(column, value) of every value the audit names: classes of the target and groups of each attribute."""
    yield from ((report.target, c.value) for c in report.label_balance.classes)
    for audit in (*report.attributes, *report.intersections):
        for group in audit.groups:
            yield from (
                zip(audit.members, group.members, strict=False)
                if audit.members and group.members
                else [(audit.attribute, group.group)]
            )
            yield from ((report.target, c) for c in group.class_shares or {})
    yield from ((row.attribute, row.group) for table in report.representation for row in table.rows)


def _mask_bias_report(report: BiasReport, label: _Label) -> BiasReport:
    target = report.target
    balance = report.label_balance
    balance = balance.model_copy(
        update={
            "classes": [c.model_copy(update={"value": label(target, c.value)}) for c in balance.classes],
            "rare_classes": [label(target, c) for c in balance.rare_classes],
        }
    )
    positive = (
        label(target, report.positive_class) if report.positive_class and report.target_kind != "numeric" else None
    )
    outcome = f"{target} = {positive}" if positive is not None else report.outcome
    attributes = [_mask_audit(a, label, target) for a in report.attributes]
    intersections = [_mask_audit(a, label, target) for a in report.intersections]
    representation = [
        table.model_copy(
            update={"rows": [r.model_copy(update={"group": label(r.attribute, r.group)}) for r in table.rows]}
        )
        for table in report.representation
    ]
    findings = write_findings(
        outcome=outcome,
        balance=balance,
        attributes=attributes,
        intersections=intersections,
        representation=representation,
        proxies=report.proxies,
        options=BiasOptions.model_validate(report.settings),
    )
    return report.model_copy(
        update={
            "positive_class": positive if positive is not None else report.positive_class,
            "outcome": outcome,
            "label_balance": balance,
            "attributes": attributes,
            "groups": [g for a in attributes for g in a.groups],
            "intersections": intersections,
            "representation": representation,
            "findings": findings,
            "settings": _mask_bias_settings(report.settings, label, target, positive),
            "notes": [note.replace(report.outcome, outcome) for note in report.notes],
        }
    )


def _mask_audit(audit: AttributeAudit, label: _Label, target: str) -> AttributeAudit:
    names: dict[str, str] = {}
    groups = []
    for group in audit.groups:
        members = None
        if audit.members and group.members:
            members = [label(column, value) for column, value in zip(audit.members, group.members, strict=False)]
            names[group.group] = SEPARATOR.join(members)
        else:
            names[group.group] = label(audit.attribute, group.group)
        shares = {label(target, c): s for c, s in group.class_shares.items()} if group.class_shares else None
        groups.append(
            group.model_copy(update={"group": names[group.group], "members": members, "class_shares": shares})
        )
    gaps = [
        gap.model_copy(
            update={
                "lowest_group": names.get(gap.lowest_group, gap.lowest_group),
                "highest_group": names.get(gap.highest_group, gap.highest_group),
            }
        )
        for gap in audit.missing_gaps
    ]
    reference = names.get(audit.reference_group, audit.reference_group) if audit.reference_group else None
    return audit.model_copy(update={"groups": groups, "reference_group": reference, "missing_gaps": gaps})


def _mask_bias_settings(
    settings: dict[str, object], label: _Label, target: str, positive: str | None
) -> dict[str, object]:
    masked = dict(settings)
    if positive is not None and settings.get("positive") is not None:
        masked["positive"] = positive
    references = settings.get("reference_groups")
    if isinstance(references, dict):
        masked["reference_groups"] = {a: label(a, str(g)) for a, g in references.items()}
    expected = settings.get("expected_shares")
    if isinstance(expected, dict):
        masked["expected_shares"] = {
            a: {label(a, str(g)): s for g, s in shares.items()} if isinstance(shares, dict) else shares
            for a, shares in expected.items()
        }
    return masked


# Expectation suites ----------------------------------------------------------------------------------------------

# Parameters that name columns or steer the check; every other text parameter of a masked column holds its values.
_STRUCTURAL = frozenset(
    {
        "column", "column_A", "column_B", "column_list", "column_set", "type_", "type_list", "mostly", "strictly",
        "exact_match", "result_format", "catch_exceptions", "meta", "ignore_row_if", "ties_okay", "allow_cross_type_comparisons",
        "strict_min", "strict_max", "parse_strings_as_datetimes", "match_on", "condition_parser", "batch_id",
    }
)  # fmt: skip


def mask_expectation(spec: ExpectationSpec, columns: Collection[str]) -> ExpectationSpec:
    """The expectation as privacy mode shows it: value sets, regexes from values and text bounds of masked columns
    masked, and a reason that listed values reworded. For display only: saved suites keep the real values."""
    if not _expectation_columns(spec.kwargs) & set(columns):
        return spec
    kwargs = masked_parameters(spec.kwargs)
    if kwargs == spec.kwargs:
        return spec
    values = spec.kwargs.get("value_set")
    reason = (
        f"{len(values)} distinct values in the trusted data ({_HIDDEN} for this column)"
        if isinstance(values, list)
        else f"{_HIDDEN} for this column"
    )
    return spec.model_copy(update={"kwargs": kwargs, "reason": reason})


def masked_parameters(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Expectation parameters with every data value masked: texts and value lists; numbers and known shapes stay."""
    return {key: value if key in _STRUCTURAL else _mask_parameter(key, value) for key, value in kwargs.items()}


def mask_validation(result: ValidationReport, columns: Collection[str]) -> ValidationReport:
    """The validation run with the parameters, observed values and sample unexpected values of masked columns hidden."""
    hidden = set(columns)
    if not hidden:
        return result
    return result.model_copy(
        update={"results": [_mask_outcome(r) if _expectation_columns(r.kwargs) & hidden else r for r in result.results]}
    )


def _expectation_columns(kwargs: Mapping[str, Any]) -> set[str]:
    return {v for k in ("column", "column_A", "column_B") if isinstance(v := kwargs.get(k), str)}


def _mask_parameter(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_mask_parameter(key, item) for item in value]
    if isinstance(value, dict):
        return {k: _mask_parameter(key, item) for k, item in value.items()}
    if isinstance(value, str):
        return value if key.startswith("regex") and _is_shape(value) else masked_value(value)
    return masked_value(value) if key.endswith("set") else value  # numbers in a value set are values too


def _is_shape(regex: str) -> bool:
    """A regex of classes and quantifiers only (emails, ISO dates, '^\\d{5}$') describes a shape, not values."""
    literal = re.sub(r"\[[^\]]*\]|\{[^}]*\}|\\.", "", regex)
    return not re.search(r"[^\W_]", literal)


def _mask_outcome(outcome: ExpectationOutcome) -> ExpectationOutcome:
    return outcome.model_copy(
        update={
            "kwargs": masked_parameters(outcome.kwargs),
            "observed_value": _mask_observed(outcome.observed_value),
            "unexpected_values": [masked_value(v) for v in outcome.unexpected_values],
        }
    )


def _mask_observed(value: Any) -> Any:
    """Counts and statistics stay; values (a text, a list of values) are masked."""
    if isinstance(value, str):
        return masked_value(value)
    if isinstance(value, list):
        return [masked_value(v) if not isinstance(v, int | float) or isinstance(v, bool) else v for v in value]
    return value
