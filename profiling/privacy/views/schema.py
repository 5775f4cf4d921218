"""Privacy mode on schema-dispersion reports and mapping specs (display and downloads only)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from profiling.privacy.redact import masked_value
from profiling.schema.mapping import MappingSpec, propose_mapping
from profiling.schema.models import ColumnGroup, ColumnSummary, SchemaIssue, SchemaReport

if TYPE_CHECKING:  # importing profiling.expectations loads Great Expectations (seconds); only its models are named
    pass

from profiling.privacy.views.core import _HIDDEN, masked_labels


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
