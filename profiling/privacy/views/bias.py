"""Privacy mode on bias audits: group labels of masked targets and attributes hidden."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, overload

from profiling.bias.attributes import MISSING, OTHER
from profiling.bias.findings import write_findings
from profiling.bias.intersections import SEPARATOR
from profiling.bias.models import AttributeAudit, BiasReport, MultiBiasReport
from profiling.bias.options import BiasOptions
from profiling.privacy.redact import masked_value

if TYPE_CHECKING:  # importing profiling.expectations loads Great Expectations (seconds); only its models are named
    pass

from profiling.privacy.views.core import masked_labels


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
