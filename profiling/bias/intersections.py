"""Intersections of two sensitive attributes (for example sex x race), audited like single attributes."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from profiling.bias.groups import audit_groups
from profiling.bias.models import AttributeAudit
from profiling.bias.options import BiasOptions
from profiling.bias.target import Outcome

SEPARATOR = " / "


def audit_intersections(
    labels: dict[str, pd.Series], outcome: Outcome, missing: pd.DataFrame, *, options: BiasOptions
) -> list[AttributeAudit]:
    """Every pair among the first `options.intersection_attributes` attributes, with the same measures."""
    names = list(labels)[: options.intersection_attributes]
    audits = []
    for first, second in combinations(names, 2):
        combined, members = intersect(labels[first], labels[second])
        audits.append(
            audit_groups(
                combined,
                outcome,
                missing.drop(columns=[c for c in (first, second) if c in missing.columns]),
                attribute=f"{first} x {second}",
                options=options,
                members=members,
                parts=[first, second],
            )
        )
    return audits


def intersect(first: pd.Series, second: pd.Series) -> tuple[pd.Series, dict[str, list[str]]]:
    """One categorical label per row for the pair ('Female / Black'), and each label's two values."""
    a, b = first.cat, second.cat
    nb = len(b.categories)
    codes = a.codes.to_numpy().astype("int64") * nb + b.codes.to_numpy()
    names = [f"{x}{SEPARATOR}{y}" for x in a.categories for y in b.categories]
    categorical = pd.Categorical.from_codes(codes, categories=names)
    combined = pd.Series(categorical, index=first.index).cat.remove_unused_categories()
    order = [str(c) for c in combined.value_counts().index]
    combined = combined.cat.reorder_categories(order)
    parts = {f"{x}{SEPARATOR}{y}": [str(x), str(y)] for x in a.categories for y in b.categories}
    return combined, {name: parts[name] for name in order}
