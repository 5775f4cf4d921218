"""Category vocabularies: value normalisation and a proposed value mapping between two sources."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from profiling.schema.names import value_names_column

# Values that spell the same answer; each set is one meaning.
_SAME_MEANING: tuple[frozenset[str], ...] = (
    frozenset({"yes", "y", "true", "t", "1", "si", "oui", "ja"}),
    frozenset({"no", "n", "false", "f", "0", "not", "non", "none", "nein"}),
    frozenset({"male", "m", "man", "men", "boy", "masculine"}),
    frozenset({"female", "f", "woman", "women", "girl", "feminine", "w"}),
    frozenset({"first", "1st", "1", "one", "i"}),
    frozenset({"second", "2nd", "2", "two", "ii"}),
    frozenset({"third", "3rd", "3", "three", "iii"}),
    frozenset({"fourth", "4th", "4", "four", "iv"}),
)
_NEGATIVE = re.compile(r"^(not|non|no|un)[ -]?")


@dataclass(frozen=True)
class ValueMapping:
    """How the values of one column map onto a reference vocabulary."""

    mapping: dict[str, str]  # value -> reference value, only for values that differ
    pairs: dict[str, str]  # every matched value -> reference value
    unmatched: list[str]  # values of the column with no counterpart
    reference_unmatched: list[str]  # reference values with no counterpart
    score: float  # overlap of the two distributions once mapped (0-1)
    linked: int  # pairs backed by spelling or meaning (not frequency alone)
    reasons: dict[str, str] = field(default_factory=dict)

    unmatched_share: float = 0.0  # largest share of rows, on either side, whose value has no counterpart
    specific: int = 0  # linked pairs backed by more than a generic yes/no (1/0, true/false) meaning

    @property
    def one_to_one(self) -> bool:
        return not self.unmatched and not self.reference_unmatched

    @property
    def covers(self) -> bool:
        """One-to-one except for rare values (under 5% of rows on each side)."""
        return self.unmatched_share < 0.05


def value_key(value: object) -> str:
    """A value as text the way two sources can agree on it: 63.0 -> '63', True -> 'true'."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and abs(number) < 2**53:
            return str(int(number))
        return repr(number)
    return str(value)


def normalise_value(value: str) -> str:
    """'  >50K. ' -> '>50k': case, accents, surrounding spaces and trailing punctuation unified."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split()).rstrip(".;,:")


def propose_value_mapping(
    values: dict[str, float], reference: dict[str, float], *, column: str = "", reference_column: str = ""
) -> ValueMapping:
    """Map each value (fractions of rows) onto a reference value by spelling, meaning, then frequency."""
    names = list(values)
    refs = list(reference)
    if not names or not refs:
        return ValueMapping({}, {}, names, refs, 0.0, 0)
    link = np.array([[_link(v, r, column, reference_column) for r in refs] for v in names])
    closeness = np.array([[1 - abs(values[v] - reference[r]) for r in refs] for v in names])
    rows, cols = linear_sum_assignment(-(2 * link + closeness))
    pairs: dict[str, str] = {}
    reasons: dict[str, str] = {}
    linked = specific = 0
    for i, j in zip(rows, cols, strict=True):
        by_link = link[i, j] >= 0.6
        by_frequency = closeness[i, j] >= 0.97 and len(names) == len(refs)
        if by_link or by_frequency:
            pairs[names[i]] = refs[j]
            reasons[names[i]] = "spelling or meaning" if by_link else "same share of rows"
            linked += int(by_link)
            # Own-name ('Married' in married) and negation links say yes/no, not which variable it is.
            specific += int(by_link and link[i, j] not in (0.8, 0.7) and not _generic(names[i], refs[j]))
    return _finish(values, reference, pairs, reasons, linked, specific)


def _finish(
    values: dict[str, float],
    reference: dict[str, float],
    pairs: dict[str, str],
    reasons: dict[str, str],
    linked: int,
    specific: int = 0,
) -> ValueMapping:
    unmatched = [v for v in values if v not in pairs]
    ref_unmatched = [r for r in reference if r not in set(pairs.values())]
    if len(unmatched) == 1 and len(ref_unmatched) == 1 and pairs:
        # The last value left on each side: they can only mean each other.
        pairs[unmatched[0]] = ref_unmatched[0]
        reasons[unmatched[0]] = "the only value left on each side"
        unmatched, ref_unmatched = [], []
    score = sum(min(values[v], reference[r]) for v, r in pairs.items())
    mapping = {v: r for v, r in pairs.items() if v != r}
    share = max(sum(values[v] for v in unmatched), sum(reference[r] for r in ref_unmatched))
    return ValueMapping(
        mapping, pairs, unmatched, ref_unmatched, round(min(score, 1.0), 4), linked, reasons, round(share, 4), specific
    )


def _link(value: str, ref: str, column: str, reference_column: str) -> float:
    """How strongly two values' spelling or meaning says they are the same category (0-1)."""
    a, b = normalise_value(value), normalise_value(ref)
    if a == b:
        return 1.0
    if any(a in group and b in group for group in _SAME_MEANING):
        return 0.9
    own_a = column and value_names_column(value, column)
    own_b = reference_column and value_names_column(ref, reference_column)
    if own_a and (own_b or b in _YES) or own_b and a in _YES:
        return 0.8  # 'Union' in column union means yes
    if _NEGATIVE.match(a) and a != b and _NEGATIVE.sub("", a) and (b in _NO or own_b):
        return 0.7
    short, long = sorted((a, b), key=len)
    if short and long.startswith(short) and (len(short) >= 3 or len(long) >= 4 or len(short) == 1):
        return 0.75  # 'S' for 'Southampton', 'educ' for 'education'
    if len(short) >= 3 and fuzz.ratio(a, b) >= 85:
        return 0.65
    return 0.0


def _generic(value: str, ref: str) -> bool:
    """True when two values agree only as a generic yes or no (0/1 says nothing of which variable it is)."""
    a, b = normalise_value(value), normalise_value(ref)
    return a != b and (a in _YES and b in _YES or a in _NO and b in _NO)


_YES = next(group for group in _SAME_MEANING if "yes" in group)
_NO = next(group for group in _SAME_MEANING if "no" in group)
