"""Representation: each group's share in the data against expected shares (typed, or from another dataset)."""

from __future__ import annotations

import math

import pandas as pd

from profiling.bias.attributes import MISSING
from profiling.bias.models import Representation, RepresentationRow
from profiling.errors import ProfilingError


def parse_expected(text: str) -> dict[str, dict[str, float]]:
    """'sex=Male:0.49,Female:0.51' (one attribute per line or ';') -> {'sex': {'Male': 0.49, 'Female': 0.51}}."""
    expected: dict[str, dict[str, float]] = {}
    for line in (part.strip() for part in text.replace(";", "\n").splitlines()):
        if not line:
            continue
        column, sep, spec = line.partition("=")
        pairs = [p.rpartition(":") for p in spec.split(",") if p.strip()]
        if not sep or not column.strip() or not pairs or any(not colon for _, colon, _ in pairs):
            raise ProfilingError(
                f"Expected shares {line!r} are not COLUMN=GROUP:SHARE,GROUP:SHARE.",
                "For example sex=Male:0.49,Female:0.51.",
            )
        try:
            expected[column.strip()] = {group.strip(): float(share) for group, _, share in pairs}
        except ValueError as err:
            raise ProfilingError(
                f"Expected shares {line!r}: a share is not a number.", "Shares are fractions such as 0.49."
            ) from err
    return expected


def against_shares(labels: pd.Series, expected: dict[str, float], *, attribute: str, band: float) -> Representation:
    """Observed shares against shares typed by the user (for example census shares); they may sum to less than 1."""
    bad = {g: s for g, s in expected.items() if not (0 <= s <= 1) or math.isnan(s)}
    if bad or sum(expected.values()) > 1.0001:
        raise ProfilingError(
            f"The expected shares for {attribute!r} must each lie in 0-1 and sum to at most 1; got {expected}.",
            "Type shares as fractions, for example Male=0.49, Female=0.51.",
        )
    return _compare(labels, expected, attribute=attribute, reference="typed shares", band=band)


def against_dataset(
    labels: pd.Series, other: pd.Series, *, attribute: str, reference: str, band: float
) -> Representation:
    """Observed shares against the shares of the same attribute in another dataset (for example production)."""
    shares = other[other != MISSING].value_counts(normalize=False)
    total = len(other)
    expected = {str(g): float(c / total) for g, c in shares.items() if c > 0}
    return _compare(labels, expected, attribute=attribute, reference=reference, band=band)


def _compare(
    labels: pd.Series, expected: dict[str, float], *, attribute: str, reference: str, band: float
) -> Representation:
    counts = labels[labels != MISSING].value_counts()
    total = len(labels)
    groups = [str(g) for g in counts.index if counts[g] > 0] + [g for g in expected if g not in counts.index]
    rows = []
    for group in groups:
        count = int(counts.get(group, 0))
        observed = count / total if total else 0.0
        share = expected.get(group)
        ratio = observed / share if share else None
        rows.append(
            RepresentationRow(
                attribute=attribute,
                group=group,
                count=count,
                observed_share=observed,
                expected_share=share,
                ratio=ratio,
                flag=_flag(count, share, ratio, band),
            )
        )
    return Representation(attribute=attribute, reference=reference, rows=rows)


def _flag(count: int, share: float | None, ratio: float | None, band: float) -> str:
    if not share:
        return "unexpected" if count else "ok"
    if count == 0:
        return "absent"
    assert ratio is not None
    return "under" if ratio < band else "over" if ratio > 1 / band else "ok"
