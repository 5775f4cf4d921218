"""Proxies: columns strongly associated with a sensitive attribute (Cramér's V, or the correlation ratio for numbers)."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from profiling.bias.models import Proxy

MAX_LEVELS = 100  # text columns with more distinct values look like identifiers or free text: not scored


def find_proxies(
    frame: pd.DataFrame, labels: dict[str, pd.Series], *, exclude: tuple[str, ...], threshold: float
) -> list[Proxy]:
    """The association of every other column with each attribute, strongest first; `is_proxy` above `threshold`."""
    found = []
    for column in (str(c) for c in frame.columns if str(c) not in exclude):
        prepared = _prepare(frame[column])  # once per column, shared by every attribute
        if prepared is None:
            continue
        measure, values = prepared
        for attribute, groups in labels.items():
            if attribute == column:
                continue
            value = correlation_ratio(values, groups) if measure == "correlation_ratio" else cramers_v(values, groups)
            if value is not None:
                found.append(
                    Proxy(attribute=attribute, column=column, measure=measure, value=value, is_proxy=value >= threshold)
                )
    return sorted(found, key=lambda p: -p.value)


def association(column: pd.Series, groups: pd.Series) -> tuple[str, float] | None:
    """('correlation_ratio', eta) for a numeric column, ('cramers_v', V) otherwise; None if it cannot be scored."""
    prepared = _prepare(column)
    if prepared is None:
        return None
    measure, values = prepared
    value = correlation_ratio(values, groups) if measure == "correlation_ratio" else cramers_v(values, groups)
    return None if value is None else (measure, value)


def _prepare(column: pd.Series) -> tuple[Literal["cramers_v", "correlation_ratio"], pd.Series] | None:
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    distinct = column.nunique()
    if numeric and distinct > 2:
        return "correlation_ratio", column.astype("float64")
    if distinct > MAX_LEVELS:
        return None
    codes, _ = pd.factorize(column, use_na_sentinel=False)  # missing values count as a category of their own
    return "cramers_v", pd.Series(codes, index=column.index)


def cramers_v(first: pd.Series, second: pd.Series) -> float | None:
    """Cramér's V of two categorical series (0 = independent, 1 = one determines the other)."""
    observed = contingency(first, second)[0].astype("float64")
    observed = observed[observed.sum(axis=1) > 0][:, observed.sum(axis=0) > 0]
    n = observed.sum()
    k = min(observed.shape) - 1
    if n == 0 or k < 1:
        return None
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    return min(1.0, math.sqrt(chi2 / (n * k)))


def contingency(first: pd.Series, second: pd.Series) -> tuple[np.ndarray, list[object], list[object]]:
    """Counts of each (first, second) pair of values, missing values left out; far faster than pd.crosstab."""
    codes_a, values_a = pd.factorize(first, sort=False)
    codes_b, values_b = pd.factorize(second, sort=False)
    kept = (codes_a >= 0) & (codes_b >= 0)
    size_b = len(values_b)
    flat = np.bincount(codes_a[kept] * size_b + codes_b[kept], minlength=len(values_a) * size_b)
    return flat.reshape(len(values_a), size_b), list(values_a), list(values_b)


def correlation_ratio(values: pd.Series, groups: pd.Series) -> float | None:
    """Correlation ratio eta: the share of a number's spread explained by the groups, as a square root."""
    kept = values.notna()
    values, groups = values[kept], groups[kept]
    total = float(((values - values.mean()) ** 2).sum())
    if total == 0 or len(values) == 0:
        return None
    stats = values.groupby(groups, observed=True).agg(["mean", "count"])
    between = float((stats["count"] * (stats["mean"] - values.mean()) ** 2).sum())
    return min(1.0, math.sqrt(between / total))
