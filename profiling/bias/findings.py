"""Findings: the audit's results as plain sentences with a severity, most severe first."""

from __future__ import annotations

from profiling.bias.attributes import MISSING, OTHER
from profiling.bias.models import (
    AttributeAudit,
    Finding,
    GroupStats,
    LabelBalance,
    Proxy,
    Representation,
)
from profiling.bias.options import BiasOptions

FOUR_FIFTHS_NOTE = "the four-fifths rule is a US employment heuristic, not a verdict"
_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


def write_findings(
    *,
    outcome: str,
    balance: LabelBalance,
    attributes: list[AttributeAudit],
    intersections: list[AttributeAudit],
    representation: list[Representation],
    proxies: list[Proxy],
    options: BiasOptions,
) -> list[Finding]:
    """Every finding, most severe first."""
    found = _balance(outcome, balance)
    for audit in attributes:
        found += _disparities(outcome, audit, options) + _shares(audit) + _gaps(audit)
    for audit in intersections:
        found += _disparities(outcome, audit, options, intersection=True) + _small(audit, options)
    found += [f for r in representation for f in _representation(r)]
    found += [_proxy(p) for p in proxies if p.is_proxy]
    return sorted(found, key=lambda f: _ORDER[f.severity])


def _balance(outcome: str, balance: LabelBalance) -> list[Finding]:
    if balance.kind == "numeric":
        tails = (balance.lower_tail_share or 0) + (balance.upper_tail_share or 0)
        skew = balance.skew or 0.0
        severity = "medium" if abs(skew) > 2 or tails > 0.01 else "info"
        text = f"The numeric target has skew {skew:.2f}; {tails:.1%} of its values lie beyond 3 IQR of the quartiles."
        return [Finding(severity=severity, kind="label_balance", message=text)]
    ratio, share = balance.imbalance_ratio or 1.0, balance.minority_share or 0.0
    severity = "high" if ratio >= 10 else "medium" if ratio >= 3 else "low" if ratio >= 1.5 else "info"
    text = (
        f"Label balance: {len(balance.classes)} classes over {balance.labelled:,} labelled rows; the smallest class "
        f"holds {share:.1%} (imbalance ratio {ratio:.2f} : 1); {outcome} in {balance.positive_share or 0:.1%} of rows."
    )
    found = [Finding(severity=severity, kind="label_balance", message=text)]
    if balance.rare_classes:
        rare = ", ".join(balance.rare_classes[:8])
        found.append(
            Finding(severity="medium", kind="rare_classes", message=f"Rare classes (under 5% of rows): {rare}.")
        )
    if balance.missing:
        found.append(
            Finding(
                severity="low",
                kind="missing_labels",
                message=f"{balance.missing:,} rows have no label and are left out of every rate.",
            )
        )
    return found


def _disparities(
    outcome: str, audit: AttributeAudit, options: BiasOptions, *, intersection: bool = False
) -> list[Finding]:
    """The worst groups below the four-fifths band one by one (three at most), the rest summed up."""
    ref = next((g for g in audit.groups if g.is_reference), None)
    if ref is None or ref.positive_rate is None:
        return []
    low = sorted(
        (g for g in audit.groups if "below_four_fifths" in g.flags and not g.small_group and not _placeholder(g)),
        key=lambda g: g.rate_ratio or 0.0,
    )
    shown = low[:1] if intersection else low[:3]
    found = []
    for group in shown:
        significant = "significant" in group.flags
        severity = "high" if significant and not intersection else "medium" if significant else "low"
        text = _disparity_text(outcome, audit, group, ref, options)
        if intersection:
            text = (
                f"{len(low)} of {len(audit.groups)} intersections lie below the four-fifths band; the lowest: " + text
            )
        found.append(
            Finding(severity=severity, kind="disparity", message=text, attribute=audit.attribute, group=group.group)
        )
    if not intersection:
        found += _reference_behind(outcome, audit, ref, options)
    if len(low) > len(shown) and not intersection:
        rest = ", ".join(f"{g.group} ({g.rate_ratio:.2f})" for g in low[len(shown) :][:8])
        more = f"{audit.attribute}: {len(low) - len(shown)} more group(s) below the four-fifths band: {rest}."
        found.append(Finding(severity="medium", kind="disparity", message=more, attribute=audit.attribute))
    return found


def _reference_behind(outcome: str, audit: AttributeAudit, ref: GroupStats, options: BiasOptions) -> list[Finding]:
    """When the reference group itself trails another group by more than the four-fifths band."""
    ahead = [
        g
        for g in audit.groups
        if "above_reference_by_a_quarter" in g.flags and not g.small_group and not _placeholder(g)
    ]
    if not ahead:
        return []
    best = max(ahead, key=lambda g: g.rate_ratio or 0.0)
    significant = "significant" in best.flags
    text = (
        f"{audit.attribute}: {outcome} is {ref.positive_rate:.3f} for {ref.group} (the reference, n={ref.count:,}) vs "
        f"{best.positive_rate:.3f} for {best.group} (n={best.count:,}); the reference's rate is "
        f"{1 / (best.rate_ratio or 1):.3f} of it, below {options.four_fifths:g} ({FOUR_FIFTHS_NOTE})."
    )
    severity = "high" if significant else "low"
    return [Finding(severity=severity, kind="disparity", message=text, attribute=audit.attribute, group=ref.group)]


def _disparity_text(
    outcome: str, audit: AttributeAudit, group: GroupStats, ref: GroupStats, options: BiasOptions
) -> str:
    test = f"{group.test}, p = {group.p_value:.2g}" if group.p_value is not None else "no test"
    return (
        f"{audit.attribute}: {outcome} is {group.positive_rate:.3f} for {group.group} (n={group.count:,}) vs "
        f"{ref.positive_rate:.3f} for {ref.group} ({audit.reference_rule}); ratio {group.rate_ratio:.3f}, below "
        f"{options.four_fifths:g} ({FOUR_FIFTHS_NOTE}); {test}."
    )


def _shares(audit: AttributeAudit) -> list[Finding]:
    real = [g for g in audit.groups if not g.group.startswith("(")]
    if len(real) < 2:
        return []
    largest = max(g.share for g in real)
    thin = [g for g in real if g.share < 0.5 * largest]
    if not thin or len(real) > 2 and len(thin) == len(real) - 1 and len(real) > 6:
        return []
    listed = ", ".join(f"{g.group} {g.share:.1%} ({g.count:,} rows)" for g in thin[:6])
    severity = "medium" if min(g.share for g in thin) < 0.25 * largest else "low"
    return [
        Finding(
            severity=severity,
            kind="representation",
            message=f"{audit.attribute}: under-represented next to the largest group ({largest:.1%}): {listed}.",
            attribute=audit.attribute,
        )
    ]


def _gaps(audit: AttributeAudit) -> list[Finding]:
    return [
        Finding(
            severity="medium" if gap.difference >= 0.1 else "low",
            kind="missing_by_group",
            message=f"{audit.attribute}: {gap.column} is missing in {gap.highest_rate:.1%} of {gap.highest_group} rows "
            f"but {gap.lowest_rate:.1%} of {gap.lowest_group} rows (data quality differs by group).",
            attribute=audit.attribute,
        )
        for gap in audit.missing_gaps[:3]
    ]


def _small(audit: AttributeAudit, options: BiasOptions) -> list[Finding]:
    small = [g for g in audit.groups if g.small_group]
    if not small:
        return []
    listed = ", ".join(f"{g.group} ({g.count})" for g in small[:6])
    text = f"{audit.attribute}: {len(small)} of {len(audit.groups)} intersections have fewer than {options.min_group_size} labelled rows, too few for stable rates: {listed}."
    return [Finding(severity="info", kind="small_groups", message=text, attribute=audit.attribute)]


def _representation(table: Representation) -> list[Finding]:
    found = []
    for row in table.rows:
        if row.flag in ("under", "over", "absent"):
            expected = f"{row.expected_share:.1%}" if row.expected_share is not None else "none"
            text = f"{row.attribute}: {row.group} is {row.observed_share:.1%} of rows against {expected} in {table.reference} ({row.flag}-represented)."
            found.append(
                Finding(
                    severity="medium",
                    kind="representation_vs_reference",
                    message=text.replace("absent-represented", "absent"),
                    attribute=row.attribute,
                    group=row.group,
                )
            )
    return found


def _proxy(proxy: Proxy) -> Finding:
    measure = "Cramér's V" if proxy.measure == "cramers_v" else "correlation ratio"
    text = (
        f"{proxy.column} is strongly associated with {proxy.attribute} ({measure} {proxy.value:.2f}): a model can "
        f"learn {proxy.attribute} through it even when {proxy.attribute} is dropped."
    )
    return Finding(severity="medium", kind="proxy", message=text, attribute=proxy.attribute)


def _placeholder(group: GroupStats) -> bool:
    """'(missing)' and '(other)' are not groups of people; their gaps show as data quality instead."""
    return group.group in (MISSING, OTHER)
