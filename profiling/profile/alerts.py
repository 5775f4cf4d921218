"""Alerts: ydata-profiling's checks plus mixed types, missing markers, stray whitespace and spelling variants."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from profiling.profile.models import Alert, ColumnProfile, Correlations, ValueCount

HIGH_MISSING = 0.2
HIGH_CARDINALITY = 50
SKEWED = 20.0
ZEROS = 0.1
HIGH_CORRELATION = 0.9
IMBALANCE = 0.5
SENTINELS = (-1.0, -9.0, -99.0, -999.0, -9999.0, 99.0, 999.0, 9999.0, 99999.0)
# Folding ignores case, spaces and light punctuation, but keeps signs such as < > + that change meaning.
_FOLDED_AWAY = re.compile(r"[\s_\-.,;:'\"/]+")


class LoadNote(Protocol):
    """What a loader reports about a change it made (duck-typed: the load report's warnings fit)."""

    @property
    def type(self) -> str: ...
    @property
    def column(self) -> str | None: ...
    @property
    def count(self) -> int | None: ...
    @property
    def message(self) -> str: ...


def column_alerts(
    col: ColumnProfile, *, rows: int, mixed: Mapping[str, int] | None, levels: Sequence[ValueCount]
) -> list[Alert]:
    """Every alert about one column, in a fixed order."""
    checks = (_constant, _missing, _cardinality, _unique, _skewed, _zeros, _infinite, _imbalance, _mixed_text)
    out = [alert for check in checks if (alert := check(col, rows)) is not None]
    if mixed:
        kinds = ", ".join(f"{n:,} {t}" for t, n in sorted(mixed.items()))
        out.append(
            _alert("mixed_types", col, float(len(mixed)), f"{col.name} mixes Python types ({kinds}); profiled as text.")
        )
    out.extend(_sentinel(col))
    if col.whitespace_count:
        out.append(
            _alert(
                "whitespace",
                col,
                col.whitespace_count,
                f"{col.name} has {col.whitespace_count:,} values with leading or trailing whitespace.",
            )
        )
    variants = spelling_variants(levels)
    if variants:
        shown = "; ".join(" / ".join(group[:3]) for group in variants[:3])
        out.append(
            _alert(
                "case_variants",
                col,
                len(variants),
                f"{col.name} has {len(variants):,} categories spelt several ways: {shown}.",
            )
        )
    return out


def load_alerts(notes: Iterable[LoadNote]) -> list[Alert]:
    """The loader's findings about disguised missing values, carried over as alerts."""
    out = []
    for note in notes:
        if note.type == "missing_markers":
            out.append(
                Alert(
                    type="missing_markers",
                    column=note.column,
                    value=_f(note.count),
                    message=note.message,
                    severity="info",
                )
            )
        elif note.type == "suspected_sentinel":
            out.append(
                Alert(type="suspected_missing_marker", column=note.column, value=_f(note.count), message=note.message)
            )
    return out


def dataset_alerts(*, rows: int, duplicates: int, correlations: Correlations) -> list[Alert]:
    """Table-wide alerts: duplicate rows and strongly associated column pairs."""
    out = []
    if duplicates:
        out.append(
            Alert(
                type="duplicate_rows",
                column=None,
                value=float(duplicates),
                message=f"{duplicates:,} of {rows:,} rows repeat an earlier row exactly.",
            )
        )
    for method, pairs in (
        ("Pearson", correlations.pearson),
        ("Spearman", correlations.spearman),
        ("Cramér's V", correlations.cramers_v),
    ):
        for pair in pairs:
            if abs(pair.value) > HIGH_CORRELATION:
                message = f"{pair.column_a} and {pair.column_b} are highly correlated ({method} {pair.value:.2f})."
                out.append(Alert(type="high_correlation", column=pair.column_a, value=pair.value, message=message))
    return out


def spelling_variants(levels: Sequence[ValueCount]) -> list[list[str]]:
    """Groups of distinct values that are equal once case, spaces and punctuation are ignored."""
    groups: dict[str, list[str]] = {}
    for level in levels:
        folded = _FOLDED_AWAY.sub("", level.value.casefold())
        if folded:
            groups.setdefault(folded, []).append(level.value)
    return [sorted(group) for group in groups.values() if len(group) > 1]


def _alert(type_: str, col: ColumnProfile, value: float | int | None, message: str, severity: str = "warning") -> Alert:
    return Alert(type=type_, column=col.name, value=_f(value), message=message, severity=severity)


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


def _constant(col: ColumnProfile, rows: int) -> Alert | None:
    if col.kind != "constant" or not col.count:
        return None
    value = col.top_values[0].value if col.top_values else "?"
    return _alert("constant", col, 1, f"{col.name} has one value ({value!r}) in all {col.count:,} non-missing rows.")


def _missing(col: ColumnProfile, rows: int) -> Alert | None:
    if not rows or col.missing_fraction < HIGH_MISSING:
        return None
    return _alert(
        "high_missing",
        col,
        col.missing_fraction,
        f"{col.name} is missing in {col.missing_count:,} of {rows:,} rows ({col.missing_fraction:.0%}).",
    )


def _cardinality(col: ColumnProfile, rows: int) -> Alert | None:
    if col.kind != "categorical" or col.distinct_count <= HIGH_CARDINALITY:
        return None
    return _alert(
        "high_cardinality", col, col.distinct_count, f"{col.name} has {col.distinct_count:,} distinct categories."
    )


def _unique(col: ColumnProfile, rows: int) -> Alert | None:
    if not col.unique or col.count < 2 or col.kind in ("datetime", "constant"):
        return None
    severity = "info" if col.kind in ("identifier", "text", "numeric") else "warning"
    return _alert("unique", col, col.distinct_count, f"Every non-missing value of {col.name} is different.", severity)


def _skewed(col: ColumnProfile, rows: int) -> Alert | None:
    if col.skewness is None or abs(col.skewness) <= SKEWED:
        return None
    return _alert("skewed", col, col.skewness, f"{col.name} is highly skewed (skewness {col.skewness:.1f}).")


def _zeros(col: ColumnProfile, rows: int) -> Alert | None:
    if not col.zeros_count or col.kind == "boolean" or col.zeros_count / max(col.count, 1) <= ZEROS:
        return None
    share = col.zeros_count / col.count
    return _alert("zeros", col, share, f"{col.name} is 0 in {col.zeros_count:,} rows ({share:.0%}).", "info")


def _infinite(col: ColumnProfile, rows: int) -> Alert | None:
    if not col.infinite_count:
        return None
    return _alert(
        "infinite",
        col,
        col.infinite_count,
        f"{col.name} holds {col.infinite_count:,} infinite values (left out of its statistics).",
    )


def _imbalance(col: ColumnProfile, rows: int) -> Alert | None:
    if col.imbalance is None or col.imbalance <= IMBALANCE:
        return None
    return _alert(
        "imbalance",
        col,
        col.imbalance,
        f"{col.name} is imbalanced ({col.imbalance:.2f}); its most common value is {col.top_values[0].value!r}.",
    )


def _mixed_text(col: ColumnProfile, rows: int) -> Alert | None:
    """Text that is partly numbers: '12', '13', 'n.a.' in one column."""
    numbers = col.numeric_like_count or 0
    if not numbers or numbers >= col.count or numbers < 0.05 * col.count:
        return None
    return _alert(
        "mixed_types", col, numbers, f"{numbers:,} of {col.count:,} values of {col.name} are numbers and the rest text."
    )


def _sentinel(col: ColumnProfile) -> list[Alert]:
    """Placeholder values: a numeric column that is all 0, a lone 0/-9/999 far from the other values."""
    if col.min is None or col.max is None or col.kind in ("boolean", "identifier"):
        return []
    if col.kind == "constant" and col.min == col.max and col.min in (0.0, *SENTINELS) and col.count >= 10:
        text = (
            f"{col.name} is {col.min:g} in all {col.count:,} non-missing rows; that usually stands for 'not measured'."
        )
        return [_alert("suspected_missing_marker", col, col.count, text)]
    found = []
    zeros = col.zeros_count or 0
    if zeros and not col.negatives_count and col.distinct_count >= 10 and _far_from_zero(col):
        text = f"{col.name} is 0 in {zeros:,} rows while its other values start far from 0; the zeros may mean missing."
        found.append(_alert("suspected_missing_marker", col, zeros, text))
    low = col.min
    if low < 0 and low in SENTINELS and col.max_negative == low and col.max > 0:
        text = f"{col.name}'s only negative value is {low:g} ({col.negatives_count:,} rows); it may stand for missing."
        found.append(_alert("suspected_missing_marker", col, col.negatives_count, text))
    q = col.quantiles
    if col.max in SENTINELS and col.max > 0 and q is not None and 0 < q.p95 < col.max / 10:
        text = f"{col.name} reaches {col.max:g}, far above its 95th percentile {q.p95:g}; that may be a placeholder."
        found.append(_alert("suspected_missing_marker", col, col.max, text))
    return found


def _far_from_zero(col: ColumnProfile) -> bool:
    """True when the smallest positive value is above 1 and at least a tenth of the maximum."""
    low = col.min_positive
    return low is not None and col.max is not None and low > 1 and low >= 0.1 * col.max
