"""Recognising patterned text (emails, ISO dates, fixed-width codes) so a suite can pin the pattern down."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

MIN_FRACTION = 0.95  # a pattern most values follow; the rest become `mostly`
_SAMPLE = 20_000

# Checked in order; the first that most values follow wins.
_PATTERNS: list[tuple[str, str]] = [
    ("email addresses", r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    ("ISO dates (YYYY-MM-DD)", r"^\d{4}-\d{2}-\d{2}$"),
    ("ISO timestamps", r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"),
    ("numeric codes", r"^\d+$"),
    ("upper-case codes", r"^[A-Z0-9][A-Z0-9_-]*$"),
]


@dataclass(frozen=True)
class Pattern:
    """A regex most text values match: what it is, and the share of values that match."""

    label: str
    regex: str
    fraction: float


def find_pattern(values: pd.Series) -> Pattern | None:
    """The first known pattern that at least 95% of the (sampled) filled text values match."""
    text = values.dropna()
    if text.empty:
        return None
    if len(text) > _SAMPLE:
        text = text.sample(_SAMPLE, random_state=0)
    text = text.astype(str)
    for label, regex in _PATTERNS:
        fraction = float(text.str.match(regex).mean())
        if fraction >= MIN_FRACTION:
            regex_out = _fixed_width(text, regex) if label == "numeric codes" else regex
            return Pattern(label=label, regex=regex_out, fraction=fraction)
    return None


def _fixed_width(text: pd.Series, regex: str) -> str:
    """Digit codes of one width (zip codes, '00501') keep that width."""
    lengths = text.str.len().unique()
    return rf"^\d{{{int(lengths[0])}}}$" if len(lengths) == 1 else regex
