"""Per-group outcome rates with Wilson intervals, disparities to a reference group, tests and flags."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from profiling.bias.attributes import MISSING, OTHER
from profiling.bias.models import AttributeAudit, GroupStats, MissingGap
from profiling.bias.options import BiasOptions
from profiling.bias.proxies import contingency
from profiling.bias.target import Outcome
from profiling.errors import ProfilingError

MAX_CLASS_SHARES = 10  # label balance per group is kept when the label has at most this many classes
MISSING_GAP = 0.05  # a column's missing rate differing this much between groups is reported


def audit_groups(
    labels: pd.Series,
    outcome: Outcome,
    missing: pd.DataFrame,
    *,
    attribute: str,
    options: BiasOptions,
    members: dict[str, list[str]] | None = None,
    parts: list[str] | None = None,
) -> AttributeAudit:
    """Every group of one attribute (categorical `labels`, one per row) against its reference group.

    `missing` is the is-missing mask of the columns other than the target and this attribute;
    for an intersection, `members` gives each group's value per attribute and `parts` the attributes.
    """
    table = _rates(labels, outcome.positive, alpha=options.alpha)
    reference, rule = _reference(table, attribute=attribute, options=options)
    ref = table.loc[reference] if reference is not None else None
    ref_rate = None if ref is None or pd.isna(ref["rate"]) else float(ref["rate"])
    shares = _class_shares(labels, outcome)
    by_group = missing.groupby(labels, observed=True).mean() if missing.shape[1] else None
    groups = []
    for group, row in table.iterrows():
        test, p_value = _test_against(row, ref) if ref is not None and group != reference else (None, None)
        groups.append(
            _group_stats(
                str(group),
                row,
                attribute=attribute,
                ref_rate=ref_rate,
                reference=reference,
                test=test,
                p_value=p_value,
                options=options,
                total=len(labels),
                missing_fraction=float(by_group.loc[group].mean()) if by_group is not None else 0.0,
                class_shares=shares.get(str(group)) if shares else None,
                members=members.get(str(group)) if members else None,
            )
        )
    ratios = [g.rate_ratio for g in groups if g.rate_ratio is not None and not g.small_group]
    return AttributeAudit(
        attribute=attribute,
        members=parts,
        reference_group=reference,
        reference_rule=rule,
        groups=groups,
        chi_square_p_value=_independence(table),
        lowest_ratio=min(ratios) if ratios else None,
        missing_gaps=_missing_gaps(by_group, table, options.min_group_size) if by_group is not None else [],
    )


def wilson_interval(positives: np.ndarray, n: np.ndarray, *, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (NaN where n is 0); stays inside [0, 1] even at 0 or n."""
    z = float(stats.norm.ppf(1 - alpha / 2))
    n = n.astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = positives / n
        denominator = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denominator
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    # at 0 or n positives the bound is exactly 0 or 1; rounding would leave it a hair inside
    low = np.where(positives == 0, 0.0, np.clip(centre - half, 0, 1))
    high = np.where(positives == n, 1.0, np.clip(centre + half, 0, 1))
    return low, high


def _rates(labels: pd.Series, positive: pd.Series, *, alpha: float) -> pd.DataFrame:
    grouped = positive.groupby(labels, observed=True)
    table = pd.DataFrame(
        {"count": labels.value_counts(sort=False), "labelled": grouped.count(), "positives": grouped.sum()}
    )
    table = table[table["count"] > 0].fillna({"labelled": 0, "positives": 0})
    table["rate"] = (table["positives"] / table["labelled"]).where(table["labelled"] > 0)
    table["ci_low"], table["ci_high"] = wilson_interval(
        table["positives"].to_numpy(), table["labelled"].to_numpy(), alpha=alpha
    )
    return table


def _reference(table: pd.DataFrame, *, attribute: str, options: BiasOptions) -> tuple[str | None, str]:
    chosen = options.reference_groups.get(attribute)
    if chosen is not None:
        if chosen not in table.index:
            raise ProfilingError(
                f"The reference group {chosen!r} is not a group of {attribute!r}.",
                f"Groups: {', '.join(map(repr, table.index.astype(str)))}.",
            )
        return chosen, "chosen by the user"
    real = table[~table.index.isin([MISSING, OTHER]) & table["rate"].notna()]
    eligible = real[real["labelled"] >= options.min_group_size]
    pool = eligible if len(eligible) else real
    if pool.empty:
        return None, "no group has labelled rows"
    if options.reference == "favoured":
        return str(pool["rate"].idxmax()), "the most favoured group (highest outcome rate)"
    return str(pool["count"].idxmax()), "the largest group"


def _group_stats(
    group: str,
    row: pd.Series,
    *,
    attribute: str,
    ref_rate: float | None,
    reference: str | None,
    test: str | None,
    p_value: float | None,
    options: BiasOptions,
    total: int,
    missing_fraction: float,
    class_shares: dict[str, float] | None,
    members: list[str] | None,
) -> GroupStats:
    rate = None if pd.isna(row["rate"]) else float(row["rate"])
    ratio = rate / ref_rate if rate is not None and ref_rate else None
    small = bool(row["labelled"] < options.min_group_size)
    flags = [
        name
        for name, on in (
            ("reference", group == reference),
            ("small_group", small),
            ("no_labels", rate is None),
            ("below_four_fifths", ratio is not None and ratio < options.four_fifths),
            ("above_reference_by_a_quarter", ratio is not None and ratio > 1 / options.four_fifths),
            ("significant", p_value is not None and p_value < options.alpha),
        )
        if on
    ]
    return GroupStats(
        attribute=attribute,
        group=group,
        members=members,
        count=int(row["count"]),
        share=float(row["count"] / total),
        labelled=int(row["labelled"]),
        positives=int(row["positives"]),
        positive_rate=rate,
        ci_low=None if rate is None else float(row["ci_low"]),
        ci_high=None if rate is None else float(row["ci_high"]),
        rate_ratio=ratio,
        rate_difference=None if rate is None or ref_rate is None else rate - ref_rate,
        test=test,
        p_value=p_value,
        small_group=small,
        is_reference=group == reference,
        flags=flags,
        missing_fraction=missing_fraction,
        class_shares=class_shares,
    )


def _test_against(row: pd.Series, ref: pd.Series) -> tuple[str | None, float | None]:
    """Group vs reference: Fisher's exact test when an expected count is below 5, else chi-square (Yates)."""
    counts = np.array(
        [
            [row["positives"], row["labelled"] - row["positives"]],
            [ref["positives"], ref["labelled"] - ref["positives"]],
        ],
        dtype="float64",
    )
    if counts[0].sum() == 0 or counts[1].sum() == 0:
        return None, None
    if counts.sum(axis=0).min() == 0:
        return "chi-square", 1.0  # nobody (or everybody) has the outcome in either group: no difference
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / counts.sum()
    if expected.min() < 5:
        return "fisher-exact", float(stats.fisher_exact(counts.astype("int64"))[1])
    return "chi-square", float(stats.chi2_contingency(counts, correction=True)[1])


def _independence(table: pd.DataFrame) -> float | None:
    """Chi-square test that the outcome rate is the same in every group."""
    used = table[table["labelled"] > 0]
    counts = np.column_stack([used["positives"], used["labelled"] - used["positives"]]).astype("float64")
    if len(used) < 2 or counts.sum(axis=0).min() == 0:
        return None
    p_value = float(stats.chi2_contingency(counts, correction=False)[1])
    return None if math.isnan(p_value) else p_value


def _class_shares(labels: pd.Series, outcome: Outcome) -> dict[str, dict[str, float]] | None:
    if outcome.kind == "numeric" or outcome.labels.nunique() > MAX_CLASS_SHARES:
        return None
    counts, groups, classes = contingency(labels, outcome.labels)
    totals = counts.sum(axis=1)
    return {
        str(g): {str(c): float(n / total) for c, n in zip(classes, row, strict=True)}
        for g, row, total in zip(groups, counts, totals, strict=True)
        if total
    }


def _missing_gaps(by_group: pd.DataFrame, table: pd.DataFrame, min_size: int) -> list[MissingGap]:
    sized = [g for g in by_group.index if table.loc[g, "count"] >= min_size and g != MISSING]
    rates = by_group.loc[sized]
    if len(rates) < 2:
        return []
    low, high = rates.idxmin(), rates.idxmax()
    spread = rates.max() - rates.min()
    gaps = [
        MissingGap(
            column=str(column),
            lowest_group=str(low[column]),
            lowest_rate=float(rates[column].min()),
            highest_group=str(high[column]),
            highest_rate=float(rates[column].max()),
            difference=float(spread[column]),
        )
        for column in spread.index[spread >= MISSING_GAP]
    ]
    return sorted(gaps, key=lambda g: -g.difference)
