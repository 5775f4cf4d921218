"""The label: likely targets, the outcome of interest, and how balanced the classes are."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from profiling.bias.models import ClassCount, LabelBalance, TargetKind, TargetSuggestion
from profiling.errors import ColumnNotFoundError, ProfilingError

MAX_CLASSES = 20  # a numeric column with more distinct values is treated as a numeric target
_COMPARISON = re.compile(r"^\s*(>=|<=|!=|==|>|<|=)\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*$")
_TARGET_NAMES = re.compile(
    r"(^|_|-|\b)(target|label|class|outcome|income|survived|survival|alive|default|churn|y|num|quality|"
    r"diagnosis|disease|response|approved|fraud|salary|readmitted|result|status)($|_|-|\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Outcome:
    """The outcome of interest per row: 1.0 positive, 0.0 not, NaN where the label is missing."""

    kind: TargetKind
    positive: pd.Series
    positive_class: str | None
    description: str
    labels: pd.Series  # the label as text (classification) or the raw numbers (numeric target)


def suggest_targets(frame: pd.DataFrame, *, exclude: tuple[str, ...] = (), limit: int = 5) -> list[TargetSuggestion]:
    """Columns that look like a label: a label-like name, few classes, or the last column."""
    found: list[TargetSuggestion] = []
    last = str(frame.columns[-1]) if len(frame.columns) else None
    for name in (str(c) for c in frame.columns if str(c) not in exclude):
        distinct = int(frame[name].nunique(dropna=True))
        if distinct < 2:
            continue
        kind = target_kind(frame[name])
        score, reasons = 0.0, list[str]()
        if _TARGET_NAMES.search(name):
            score, reasons = score + 2, [*reasons, "label-like name"]
        if kind == "binary":
            score, reasons = score + 1.5, [*reasons, "two classes"]
        elif kind == "multiclass" and distinct <= 10:
            score, reasons = score + 0.5, [*reasons, f"{distinct} classes"]
        if name == last:
            score, reasons = score + 1, [*reasons, "last column"]
        if score >= 1.5:
            found.append(TargetSuggestion(column=name, kind=kind, reason=", ".join(reasons), score=score))
    return sorted(found, key=lambda s: -s.score)[:limit]


def target_kind(series: pd.Series) -> TargetKind:
    """Binary (two values), multiclass (text, or at most MAX_CLASSES numbers) or numeric."""
    distinct = int(series.nunique(dropna=True))
    if distinct <= 2:
        return "binary"
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    return "numeric" if numeric and distinct > MAX_CLASSES else "multiclass"


def resolve_outcome(frame: pd.DataFrame, target: str, positive: str | None) -> Outcome:
    """The outcome of interest: the class `positive`, a comparison such as '>0', or a stated default."""
    if target not in frame.columns:
        raise ColumnNotFoundError(
            f"The target column {target!r} is not in the data.", f"Columns: {', '.join(map(str, frame.columns))}."
        )
    series = frame[target]
    if int(series.nunique(dropna=True)) < 2:
        raise ProfilingError(
            f"The target column {target!r} has fewer than two distinct values: there is no balance to audit.",
            "Pick the column that holds the label.",
        )
    kind = target_kind(series)
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    labels = series if kind == "numeric" else value_labels(series)
    spec = positive if positive is not None else _default_positive(series, labels, kind, numeric)
    match = _COMPARISON.match(spec) if numeric else None
    if match:
        op, number = match.group(1), float(match.group(2))
        hits = _compare(series.astype("float64"), op, number)
        text = f"{op}{match.group(2)}"
        return Outcome(kind, hits.where(series.notna()), text, f"{target} {op} {match.group(2)}", labels)
    if kind == "numeric":
        raise ProfilingError(
            f"{target!r} is a numeric target with many values; {spec!r} is not a comparison.",
            "Give the outcome as a comparison such as '>50000' or '<=0'.",
        )
    classes = sorted(labels.dropna().unique().tolist())
    if spec not in classes:
        raise ProfilingError(
            f"{spec!r} is not a class of the target {target!r}.", f"Classes: {', '.join(map(repr, classes[:30]))}."
        )
    hits = (labels == spec).astype("float64").where(labels.notna())
    return Outcome(kind, hits, spec, f"{target} = {spec}", labels)


def label_balance(outcome: Outcome, *, rare_share: float = 0.05) -> LabelBalance:
    """Counts and shares per class, imbalance ratio, minority share and entropy score; skew and tails if numeric."""
    labelled = int(outcome.positive.notna().sum())
    missing = len(outcome.positive) - labelled
    positive_share = float(outcome.positive.mean()) if labelled else None
    if outcome.kind == "numeric":
        return _numeric_balance(outcome.labels, labelled, missing, positive_share)
    counts = outcome.labels.value_counts(dropna=True)
    shares = counts / labelled
    classes = [
        ClassCount(value=str(v), count=int(c), share=float(s), rare=bool(s < rare_share))
        for v, c, s in zip(counts.index, counts.to_numpy(), shares.to_numpy(), strict=True)
    ]
    p = shares.to_numpy()
    score = float(-(p * np.log(p)).sum() / math.log(len(p))) if len(p) > 1 else 0.0
    return LabelBalance(
        kind=outcome.kind,
        labelled=labelled,
        missing=missing,
        classes=classes,
        imbalance_ratio=float(counts.iloc[0] / counts.iloc[-1]),
        minority_share=float(shares.iloc[-1]),
        balance_score=min(1.0, max(0.0, score)),
        rare_classes=[c.value for c in classes if c.rare],
        positive_share=positive_share,
    )


def value_labels(series: pd.Series) -> pd.Series:
    """Values as text, whole floats without '.0' (1.0 -> '1'); missing stays missing. Works on the distinct values."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    texts = np.array([_text(u) for u in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=series.index, dtype=object)


def _text(value: object) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    return str(value)


def _default_positive(series: pd.Series, labels: pd.Series, kind: TargetKind, numeric: bool) -> str:
    if kind == "numeric":
        return f">{_text(float(series.median()))}"
    counts = labels.value_counts()
    if kind == "multiclass" and numeric and (series == 0).any():
        return ">0"  # an integer-coded label with 0 as 'none' (heart disease 0-4): the outcome is 'any'
    if kind == "binary" and set(counts.index) == {"0", "1"}:
        return "1"
    return str(counts.sort_index(ascending=False).sort_values(kind="stable").index[0])


def _compare(values: pd.Series, op: str, number: float) -> pd.Series:
    result = {
        ">": values > number,
        ">=": values >= number,
        "<": values < number,
        "<=": values <= number,
        "!=": values != number,
        "==": values == number,
        "=": values == number,
    }[op]
    return result.astype("float64")


def _numeric_balance(values: pd.Series, labelled: int, missing: int, positive_share: float | None) -> LabelBalance:
    numbers = values.astype("float64").dropna()
    q1, q3 = numbers.quantile([0.25, 0.75]).to_numpy()
    spread = 3 * (q3 - q1)
    skew = numbers.skew()
    return LabelBalance(
        kind="numeric",
        labelled=labelled,
        missing=missing,
        positive_share=positive_share,
        skew=None if pd.isna(skew) else float(skew),
        lower_tail_share=float((numbers < q1 - spread).mean()),
        upper_tail_share=float((numbers > q3 + spread).mean()),
    )


def outcome_choices(frame: pd.DataFrame, target: str) -> list[str]:
    """What a user can pick as the outcome: the classes (most frequent first), or comparisons for numbers."""
    series = frame[target]
    kind = target_kind(series)
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if kind == "numeric":
        return [f">{_text(float(series.median()))}", f">{_text(float(series.quantile(0.9)))}"]
    classes = [str(v) for v in value_labels(series).value_counts().index]
    extra = [">0"] if kind == "multiclass" and numeric and (series == 0).any() else []
    return extra + classes
