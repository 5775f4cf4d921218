"""Column-name similarity: normalisation, known prefixes, synonyms, abbreviations and fuzzy ratios."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

# Prefixes that tell which system wrote a column, not what it holds (TLC yellow/green trips).
PREFIXES: tuple[str, ...] = ("tpep", "lpep")

# Words that name one variable; each tuple is one set of synonyms (first word is canonical).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("sex", "gender"),
    ("education", "educ", "edu", "schooling"),
    ("experience", "exper", "exp"),
    ("birth date", "dob", "birthdate", "date of birth", "birth day", "birthday"),
    ("ethnicity", "race"),
    ("id", "identifier"),
    ("number", "num", "no", "nr"),
    ("amount", "amt"),
    ("longitude", "lon", "lng", "long"),
    ("latitude", "lat"),
    ("datetime", "date time", "dt"),
    ("distance", "dist"),
    ("year", "yr"),
    ("month", "mnth", "mo"),
    ("quantity", "qty"),
    ("percent", "pct", "percentage"),
    ("income", "salary", "earnings"),
    ("age", "age years"),
    ("postcode", "zip", "zipcode", "postal code", "zip code"),
    ("start", "pickup"),
    ("end", "dropoff"),
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class NameMatch:
    """How two column names relate: a score in 0-1, the method and a readable reason."""

    score: float
    method: str
    detail: str


def normalise(name: str) -> str:
    """'  Trip_Pickup-DateTime ' -> 'trip pickup date time': accents, case, separators and camelCase unified."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).strip()
    text = _CAMEL.sub(" ", text).lower()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def without_prefix(normalised: str) -> str:
    """'tpep pickup date time' -> 'pickup date time'."""
    words = normalised.split()
    if len(words) > 1 and words[0] in PREFIXES:
        words = words[1:]
    return " ".join(words)


def canonical(normalised: str) -> str:
    """Each word (or the whole name) replaced by the first word of its synonym set."""
    whole = _SYNONYM_OF.get(normalised)
    if whole is not None:
        return whole
    words = [_SYNONYM_OF.get(word, word) for word in normalised.split()]
    return " ".join(words)


def compare_names(a: str, b: str) -> NameMatch:
    """The strongest relation between two column names (score 0 when they are unrelated)."""
    if a == b:
        return NameMatch(1.0, "exact", f"same name {a!r}")
    na, nb = normalise(a), normalise(b)
    if na.replace(" ", "") == nb.replace(" ", ""):
        return NameMatch(0.95, "normalised", f"{a!r} and {b!r} differ only in case, spaces, separators or accents")
    pa, pb = without_prefix(na), without_prefix(nb)
    if pa == pb:
        return NameMatch(0.92, "prefix", f"{a!r} and {b!r} are equal once the system prefix is removed")
    ca, cb = canonical(pa), canonical(pb)
    if ca == cb:
        return NameMatch(0.88, "synonym", f"{a!r} and {b!r} are synonyms or abbreviations ({ca!r})")
    ja, jb = ca.replace(" ", ""), cb.replace(" ", "")
    short, long = sorted((ja, jb), key=len)
    if len(short) >= 3 and long.startswith(short) and len(short) >= 0.4 * len(long):
        return NameMatch(0.82, "abbreviation", f"{short!r} abbreviates {long!r}")
    ratio = fuzz.ratio(ja, jb) / 100
    if ratio >= 0.75:
        return NameMatch(round(0.8 * ratio, 3), "fuzzy", f"{a!r} and {b!r} are spelled alike ({ratio:.0%})")
    return NameMatch(0.0, "none", f"{a!r} and {b!r} are unrelated names")


def value_names_column(value: str, column: str) -> bool:
    """True when a category value is the column's own name ('Union' in column 'union', 'hispanic' in 'hispanic')."""
    nv, nc = normalise(value), normalise(column)
    return bool(nv) and (nv == nc or canonical(nv) == canonical(nc))


_SYNONYM_OF: dict[str, str] = {word: group[0] for group in SYNONYMS for word in group}
