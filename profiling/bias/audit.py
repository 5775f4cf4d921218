"""The bias audit of one dataset: label balance, groups, intersections, representation, proxies, findings."""

from __future__ import annotations

import pandas as pd

from profiling.bias.attributes import attribute_labels, choose_attributes
from profiling.bias.findings import FOUR_FIFTHS_NOTE, write_findings
from profiling.bias.groups import audit_groups
from profiling.bias.intersections import audit_intersections
from profiling.bias.models import BiasReport, Representation, SensitiveAttribute
from profiling.bias.options import BiasOptions
from profiling.bias.proxies import find_proxies
from profiling.bias.representation import against_dataset, against_shares
from profiling.bias.target import label_balance, resolve_outcome
from profiling.errors import ProfilingError


def audit_frame(
    frame: pd.DataFrame,
    options: BiasOptions,
    *,
    name: str,
    reference: tuple[str, pd.DataFrame] | None = None,
) -> BiasReport:
    """Audit `frame` for label imbalance and bias; `reference` (name, frame) adds representation against it."""
    if frame.empty:
        raise ProfilingError(f"{name}: the dataset has no rows; there is nothing to audit.", "Load a file with data.")
    outcome = resolve_outcome(frame, options.target, options.positive)
    balance = label_balance(outcome, rare_share=options.rare_share)
    attributes = choose_attributes(frame, sensitive=options.sensitive, target=options.target, age_bins=options.age_bins)
    labels = {a.column: attribute_labels(frame, a, max_groups=options.max_groups) for a in attributes}
    missing = frame.drop(columns=[options.target]).isna()
    audits = [
        audit_groups(labels[a.column], outcome, missing.drop(columns=[a.column]), attribute=a.column, options=options)
        for a in attributes
    ]
    intersections = audit_intersections(labels, outcome, missing, options=options)
    representation = _representation(labels, attributes, options, reference)
    proxies = find_proxies(frame, labels, exclude=(options.target,), threshold=options.proxy_threshold)
    findings = write_findings(
        outcome=outcome.description,
        balance=balance,
        attributes=audits,
        intersections=intersections,
        representation=representation,
        proxies=proxies,
        options=options,
    )
    return BiasReport(
        dataset=name,
        rows=len(frame),
        target=options.target,
        target_kind=outcome.kind,
        positive_class=outcome.positive_class,
        outcome=outcome.description,
        overall_rate=balance.positive_share,
        label_balance=balance,
        sensitive_attributes=attributes,
        attributes=audits,
        groups=[g for a in audits for g in a.groups],
        intersections=intersections,
        representation=representation,
        proxies=proxies,
        findings=findings,
        settings=_settings(options),
        notes=_notes(options, attributes, positive_given=options.positive is not None, outcome=outcome.description),
    )


def _representation(
    labels: dict[str, pd.Series],
    attributes: list[SensitiveAttribute],
    options: BiasOptions,
    reference: tuple[str, pd.DataFrame] | None,
) -> list[Representation]:
    tables = []
    for attribute in attributes:
        column = attribute.column
        if column in options.expected_shares:
            tables.append(
                against_shares(
                    labels[column], options.expected_shares[column], attribute=column, band=options.four_fifths
                )
            )
        if reference is not None:
            other_name, other = reference
            if column not in other.columns:
                continue
            other_labels = attribute_labels(other, attribute, max_groups=options.max_groups)
            tables.append(
                against_dataset(
                    labels[column], other_labels, attribute=column, reference=other_name, band=options.four_fifths
                )
            )
    unknown = sorted(set(options.expected_shares) - set(labels))
    if unknown:
        raise ProfilingError(
            f"Expected shares were given for {', '.join(map(repr, unknown))}, which is not an audited attribute.",
            "Add it to the sensitive attributes or remove its shares.",
        )
    return tables


def _settings(options: BiasOptions) -> dict[str, object]:
    return options.model_dump(mode="json")


def _notes(
    options: BiasOptions, attributes: list[SensitiveAttribute], *, positive_given: bool, outcome: str
) -> list[str]:
    notes = [
        f"Reference group per attribute: {'the largest group' if options.reference == 'largest' else 'the most favoured group (highest rate)'}"
        f" among groups with at least {options.min_group_size} labelled rows, unless chosen.",
        f"Groups with fewer than {options.min_group_size} labelled rows are flagged small: their rates are unstable.",
        f"The four-fifths flag marks a rate below {options.four_fifths:g} x the reference rate; {FOUR_FIFTHS_NOTE}.",
        "Confidence intervals are Wilson score intervals at "
        f"{1 - options.alpha:.0%}; tests compare each group with the reference group (Fisher's exact test "
        "when an expected count is under 5, else chi-square with Yates' correction).",
    ]
    if not positive_given:
        notes.append(
            f"Outcome of interest not given: using {outcome} (the minority class, or '>0' for a 0-based code)."
        )
    if not attributes:
        notes.append("No sensitive attribute was detected: name them explicitly.")
    for attribute in attributes:
        if attribute.bins is not None:
            edges = ", ".join(f"{b:g}" for b in attribute.bins)
            notes.append(f"{attribute.column} is numeric and was binned at {edges} (right-closed bins; editable).")
    return notes
