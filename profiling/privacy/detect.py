"""Per-column detection of personal data, by values and by column names, with a confidence and a match fraction."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from profiling.privacy import values as tests
from profiling.privacy.classify import classify
from profiling.privacy.names import NameHint, looks_like_sex, name_hint
from profiling.privacy.redact import masked_value
from profiling.privacy.report import ColumnFinding, Evidence

# How much a value test alone proves, when every value passes it.
_STRENGTH = {
    "iban": 0.95,
    "credit_card": 0.95,
    "email": 0.95,
    "national_id": 0.9,
    "ip_address": 0.9,
    "ssn": 0.85,
    "phone": 0.85,
    "person_name": 0.8,
    "postal_code": 0.7,
}
_CHECK_DIGITS = {"iban", "credit_card", "national_id", "ssn"}
_MAX_TEXT_VALUES = 300


class DetectOptions(BaseModel):
    """How values are checked: the phone region, how many rows are sampled, the share of values a finding needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str = "US"
    sample_rows: int = Field(default=5_000, ge=100)
    min_match_fraction: float = Field(default=0.3, gt=0, le=1)
    examples: int = Field(default=3, ge=0, le=10)
    seed: int = 0


@dataclass(frozen=True)
class _Match:
    pii_type: str
    match_fraction: float
    invalid_fraction: float | None
    examples: list[str]
    checked_by: str
    contains: tuple[str, ...] = ()


def detect_columns(frame: pd.DataFrame, *, options: DetectOptions | None = None) -> list[ColumnFinding]:
    """One finding per column where personal data is found, in column order."""
    options = options or DetectOptions()
    findings = (detect_column(str(name), frame[name], options=options) for name in frame.columns)
    return [f for f in findings if f is not None]


def detect_column(name: str, series: pd.Series, *, options: DetectOptions | None = None) -> ColumnFinding | None:
    """What personal data one column holds, judged by its values and its name; None when nothing is found."""
    options = options or DetectOptions()
    hint = name_hint(name)
    sample = _sample(series, options)
    match = _value_match(sample, hint, options)
    if match is not None:
        return _finding(name, match, hint, checked=len(sample), options=options)
    if hint is None:
        return None
    return _name_finding(name, hint, sample, options)


def _value_match(sample: pd.Series, hint: NameHint | None, options: DetectOptions) -> _Match | None:
    if sample.empty:
        return None
    if pd.api.types.is_datetime64_any_dtype(sample):
        return _date_match(sample, hint)
    if pd.api.types.is_bool_dtype(sample):
        return None
    if pd.api.types.is_numeric_dtype(sample):
        if hint is not None and hint.pii_type == "age" and sample.between(0, 120).mean() >= 0.95:
            return _Match("age", float(sample.between(0, 120).mean()), None, [], "values between 0 and 120")
        whole = sample[(sample % 1 == 0)] if pd.api.types.is_float_dtype(sample) else sample
        if len(whole) < len(sample):
            return None
        sample = whole.astype("int64").astype(str)
    texts = sample.astype(str)
    counts = texts.value_counts()
    return _best_test(counts, hint, options) or _sex_match(counts, hint) or _text_match(counts, options)


def _best_test(counts: pd.Series, hint: NameHint | None, options: DetectOptions) -> _Match | None:
    hinted = hint.pii_type if hint else None
    total = int(counts.sum())
    suite = tests.value_tests(region=options.region, zip5=hinted == "postal_code", bare_phone=hinted == "phone")
    best: tuple[float, _Match] | None = None
    for test in suite:
        valid = [v for v in counts.index if test.valid(v)]
        fraction = float(counts[valid].sum()) / total if valid else 0.0
        needed = options.min_match_fraction if hinted != test.pii_type else min(0.1, options.min_match_fraction)
        if fraction < needed:
            continue
        invalid = None
        if test.pii_type in _CHECK_DIGITS:
            shaped = [v for v in counts.index if test.shape(v)]
            invalid = round(float(counts[shaped].sum()) / total - fraction, 4)
        checked_by = test.checked_by
        if test.pii_type == "national_id":
            checked_by = ", ".join(sorted({tests.national_id_kind(v) or "" for v in valid}))
        score = fraction * _STRENGTH[test.pii_type]
        if best is None or score > best[0]:
            best = (score, _Match(test.pii_type, fraction, invalid, valid[: options.examples], checked_by))
    return best[1] if best else None


def _sex_match(counts: pd.Series, hint: NameHint | None) -> _Match | None:
    if len(counts) > 12 or not looks_like_sex([str(v) for v in counts.index]):
        return None
    return _Match("sex", 1.0, None, [str(v) for v in counts.index[:3]], "values are words for a sex or gender")


def _text_match(counts: pd.Series, options: DetectOptions) -> _Match | None:
    texty = [v for v in counts.index if len(v) >= 15 and " " in v.strip()]
    if len(texty) < 2 or counts[texty].sum() < 0.3 * counts.sum():
        return None
    checked = texty[:_MAX_TEXT_VALUES]
    found = {v: tests.find_in_text(v, region=options.region) for v in checked}
    hits = [v for v, kinds in found.items() if kinds]
    fraction = float(counts[hits].sum()) / float(counts[checked].sum()) if hits else 0.0
    if len(hits) < 2 or fraction < 0.02:
        return None
    contains = tuple(sorted(set().union(*(found[v] for v in hits))))
    return _Match("free_text", fraction, None, hits[: options.examples], "text search", contains)


def _date_match(sample: pd.Series, hint: NameHint | None) -> _Match:
    if hint is not None and hint.pii_type == "date_of_birth":
        plausible = sample.between(pd.Timestamp("1900-01-01"), pd.Timestamp.now())
        return _Match("date_of_birth", float(plausible.mean()), None, [], "dates between 1900 and today")
    return _Match("date", 1.0, None, [], "a date column")


def _finding(name: str, match: _Match, hint: NameHint | None, *, checked: int, options: DetectOptions) -> ColumnFinding:
    agrees = hint is not None and hint.pii_type == match.pii_type
    if match.pii_type == "free_text":
        confidence = 0.6 + 0.3 * min(1.0, match.match_fraction / 0.3)
    elif match.pii_type in _STRENGTH:
        confidence = _STRENGTH[match.pii_type] * min(1.0, match.match_fraction / 0.8)
    else:  # demographic values (age, sex) and dates: the values fit, the name decides how sure
        confidence = {"age": 0.6, "sex": 0.7, "date_of_birth": 0.6, "date": 0.3}[match.pii_type]
    if agrees and hint is not None:
        confidence = 1 - (1 - confidence) * (1 - hint.confidence * 0.5)
    evidence: Evidence = "values and name" if agrees else "values"
    detail = f"{match.match_fraction:.0%} of {checked:,} values checked pass: {match.checked_by}"
    if match.invalid_fraction:
        detail += f"; {match.invalid_fraction:.0%} have the shape but wrong check digits"
    if match.contains:
        detail += f"; contains {', '.join(match.contains)}"
    return _make(name, match.pii_type, confidence, evidence, detail, match, checked, options)


def _name_finding(name: str, hint: NameHint, sample: pd.Series, options: DetectOptions) -> ColumnFinding:
    confidence = hint.confidence
    testable = hint.pii_type in _STRENGTH and not pd.api.types.is_datetime64_any_dtype(sample)
    if testable and len(sample) >= 20:
        confidence /= 2  # the name says so but the values do not look like it
    detail = f"the column name ({hint.words!r}) suggests {classify(hint.pii_type).label}"
    match = _Match(hint.pii_type, 0.0, None, [str(v) for v in sample.drop_duplicates().head(options.examples)], "")
    return _make(name, hint.pii_type, confidence, "name", detail, match, len(sample), options, by_name=True)


def _make(
    name: str,
    pii_type: str,
    confidence: float,
    evidence: Evidence,
    detail: str,
    match: _Match,
    checked: int,
    options: DetectOptions,
    *,
    by_name: bool = False,
) -> ColumnFinding:
    kind = classify(pii_type)
    return ColumnFinding(
        column=name,
        pii_type=pii_type,
        category=kind.category,
        confidence=round(min(confidence, 0.99), 2),
        match_fraction=None if by_name else round(match.match_fraction, 4),
        invalid_fraction=match.invalid_fraction,
        evidence=evidence,
        detail=detail,
        regulations=list(kind.regulations),
        examples=[masked_value(v) for v in match.examples[: options.examples]],
        contains=list(match.contains),
        values_checked=checked,
    )


def _sample(series: pd.Series, options: DetectOptions) -> pd.Series:
    present = series.dropna()
    if len(present) > options.sample_rows:
        present = present.sample(options.sample_rows, random_state=options.seed)
    return present
