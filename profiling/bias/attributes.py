"""Sensitive attributes: detected from column names and values, always overridable; numeric ages binned."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from profiling.bias.models import SensitiveAttribute
from profiling.bias.target import value_labels
from profiling.errors import ColumnNotFoundError, ProfilingError

MISSING = "(missing)"
OTHER = "(other)"
_VALUE_SCAN_LIMIT = 50  # columns with more distinct values are not scanned for tell-tale values

# category -> name pattern (matched on the column name with separators turned into spaces)
_NAMES: dict[str, re.Pattern[str]] = {
    "sex": re.compile(r"\b(sex|gender|is male|is female)\b"),
    "race": re.compile(r"\b(race|races|ethnic|ethnicity|ethnicities|skin colou?r|hispanic)\b"),
    "age": re.compile(r"\b(age|ages|age group|agegroup|age band|age bracket|birth year|year of birth|dob)\b"),
    "nationality": re.compile(r"\b(nationality|native country|country of birth|citizenship|immigrant|immigration)\b"),
    "religion": re.compile(r"\b(religion|religious|faith)\b"),
    "marital status": re.compile(r"\b(marital|marital status|married|civil status)\b"),
    "disability": re.compile(r"\b(disability|disabled|handicap|impairment)\b"),
    "sexual orientation": re.compile(r"\b(sexual orientation|orientation|lgbt\w*)\b"),
    "pregnancy": re.compile(r"\b(pregnan\w*|maternity)\b"),
}
# category -> tell-tale values (lower case); a column needs two of them to be detected by value
_VALUES: dict[str, frozenset[str]] = {
    "sex": frozenset({"male", "female", "man", "woman", "men", "women", "boy", "girl"}),
    "race": frozenset(
        {
            "white",
            "black",
            "asian",
            "hispanic",
            "latino",
            "caucasian",
            "cauc",
            "african-american",
            "amer-indian-eskimo",
            "asian-pac-islander",
            "native american",
            "pacific islander",
        }
    ),
    "marital status": frozenset(
        {"married", "single", "divorced", "widowed", "separated", "never-married", "married-civ-spouse"}
    ),
    "religion": frozenset({"christian", "muslim", "jewish", "hindu", "buddhist", "atheist", "catholic", "protestant"}),
}


def detect_sensitive(frame: pd.DataFrame, *, exclude: tuple[str, ...] = ()) -> list[SensitiveAttribute]:
    """Columns that look like sensitive attributes, by name first, then by their values."""
    found = []
    for name in (str(c) for c in frame.columns if str(c) not in exclude):
        category, reason = _by_name(name) or _by_values(frame[name]) or (None, "")
        if category is not None:
            found.append(_attribute(frame, name, category=category, reason=reason, detected=True, age_bins=()))
    return found


def choose_attributes(
    frame: pd.DataFrame, *, sensitive: tuple[str, ...] | None, target: str, age_bins: tuple[float, ...]
) -> list[SensitiveAttribute]:
    """The attributes to audit: the ones named (in that order), or the detected ones; ages get `age_bins`."""
    detected = {a.column: a for a in detect_sensitive(frame, exclude=(target,))}
    if sensitive is None:
        names = list(detected)
    else:
        missing = [s for s in sensitive if s not in frame.columns]
        if missing:
            raise ColumnNotFoundError(
                f"Sensitive column(s) {', '.join(map(repr, missing))} not in the data.",
                f"Columns: {', '.join(map(str, frame.columns))}.",
            )
        if target in sensitive:
            raise ProfilingError(f"{target!r} is the target; it cannot also be a sensitive attribute.", "")
        names = list(dict.fromkeys(sensitive))
    chosen = []
    for name in names:
        seen = detected.get(name)
        category = seen.category if seen else "other"
        reason = seen.reason if seen else "chosen by the user"
        chosen.append(
            _attribute(frame, name, category=category, reason=reason, detected=seen is not None, age_bins=age_bins)
        )
    return chosen


def attribute_labels(frame: pd.DataFrame, attribute: SensitiveAttribute, *, max_groups: int) -> pd.Series:
    """One group label per row (categorical): bins for numbers, the largest groups plus '(other)', '(missing)'."""
    series = frame[attribute.column]
    if attribute.bins is not None:
        return _binned(series, attribute.bins)
    labels = value_labels(series)
    counts = labels.value_counts()
    if len(counts) > max_groups:
        keep = counts.index[: max_groups - 1]
        labels = labels.where(labels.isna() | labels.isin(keep), OTHER)
        counts = labels.value_counts()
    labels = labels.fillna(MISSING)
    order = [str(v) for v in counts.index if v != OTHER] + [OTHER] * (OTHER in counts.index)
    order += [MISSING] if (labels == MISSING).any() else []
    return pd.Series(pd.Categorical(labels, categories=order), index=frame.index)


def bin_labels(edges: list[float], *, whole: bool) -> list[str]:
    """Readable labels for right-closed bins: whole numbers '<=25', '26-35', ..., '>65'."""
    show = [_number(e) for e in edges]
    if whole:
        middle = [f"{_number(lo + 1)}-{hi}" for lo, hi in zip(edges, show[1:], strict=False)]
    else:
        middle = [f"({lo}, {hi}]" for lo, hi in zip(show, show[1:], strict=False)]
    return [f"<={show[0]}", *middle, f">{show[-1]}"]


def _attribute(
    frame: pd.DataFrame, name: str, *, category: str, reason: str, detected: bool, age_bins: tuple[float, ...]
) -> SensitiveAttribute:
    series = frame[name]
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    bins = None
    if numeric and category == "age" and age_bins and series.nunique() > len(age_bins) + 1:
        bins = [float(b) for b in age_bins]
    elif numeric and series.nunique() > 20:
        quantiles = series.quantile([0.2, 0.4, 0.6, 0.8]).drop_duplicates().to_numpy()
        bins = [float(q) for q in quantiles]
    return SensitiveAttribute(column=name, detected=detected, reason=reason, category=category, bins=bins)


def _binned(series: pd.Series, edges: list[float]) -> pd.Series:
    numbers = series.astype("float64")
    finite = numbers.dropna()
    whole = bool(np.all(np.mod(finite.to_numpy(), 1) == 0)) and all(float(e).is_integer() for e in edges)
    names = bin_labels(edges, whole=whole)
    codes = np.searchsorted(np.asarray(edges, dtype="float64"), numbers.to_numpy(), side="left")
    texts = np.asarray(names + [MISSING], dtype=object)
    labels = texts[np.where(numbers.isna().to_numpy(), len(names), codes)]
    present = [n for n in names if (labels == n).any()] + ([MISSING] if numbers.isna().any() else [])
    return pd.Series(pd.Categorical(labels, categories=present), index=series.index)


def _by_name(name: str) -> tuple[str, str] | None:
    words = re.sub(r"[_\-.\s]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", name)).strip().lower()
    for category, pattern in _NAMES.items():
        if pattern.search(words):
            return category, f"name {name!r} suggests {category}"
    return None


def _by_values(series: pd.Series) -> tuple[str, str] | None:
    if pd.api.types.is_numeric_dtype(series) or series.nunique() > _VALUE_SCAN_LIMIT:
        return None
    values = {str(v).strip().lower() for v in series.dropna().unique()}
    for category, vocabulary in _VALUES.items():
        hits = sorted(values & vocabulary)
        if len(hits) >= 2:
            return category, f"values such as {', '.join(hits[:3])} suggest {category}"
    return None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
