"""Disagreements between sources about one aligned variable: presence, types, units, formats, markers, vocabularies."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from profiling.schema.models import ColumnGroup, SchemaIssue, Severity
from profiling.schema.similarity import factor_between
from profiling.schema.summary import Content
from profiling.schema.vocabulary import propose_value_mapping, value_key

_ORDER = {"high": 0, "medium": 1, "low": 2}
_EMPTY = "(empty)"


def find_issues(groups: list[ColumnGroup], contents: dict[tuple[str, str], Content]) -> list[SchemaIssue]:
    """Every issue of every group, most severe first."""
    found = [issue for group in groups for issue in _group_issues(group, contents)]
    return sorted(found, key=lambda i: (_ORDER[i.severity], i.group))


def _group_issues(group: ColumnGroup, contents: dict[tuple[str, str], Content]) -> Iterator[SchemaIssue]:
    present = [contents[(s, c)] for s, c in group.present().items()]
    yield from _missing_column(group)
    if len(present) < 2 and not group.alternatives:
        return
    yield from _types(group, present)
    units = list(_units(group, present))
    yield from units
    yield from _markers(group, present)
    yield from _vocabulary(group, present, contents)
    yield from _missing_rates(group, present)
    if not units:
        yield from _ranges(group, present)


def _issue(
    group: ColumnGroup, type_: str, severity: Severity, items: list[Content], detail: str, **extra: object
) -> SchemaIssue:
    columns = {c.summary.source: c.summary.column for c in items}
    return SchemaIssue.model_validate(
        {
            "type": type_,
            "severity": severity,
            "group": group.id,
            "sources": list(columns),
            "columns": columns,
            "detail": detail,
            **extra,
        }
    )


def _missing_column(group: ColumnGroup) -> Iterator[SchemaIssue]:
    absent = [s for s, c in group.columns.items() if c is None]
    present = group.present()
    if not absent:
        return
    where = ", ".join(f"{s} ({c!r})" for s, c in present.items())
    yield SchemaIssue(
        type="missing_column",
        severity="medium" if len(present) >= 2 else "low",
        group=group.id,
        sources=absent,
        columns=present,
        detail=f"{group.name!r} is in {where} but missing in {', '.join(absent)}.",
    )


def _types(group: ColumnGroup, present: list[Content]) -> Iterator[SchemaIssue]:
    storages = {c.summary.source: c.summary.storage for c in present if c.summary.storage != "empty"}
    kinds = set(storages.values())
    if len(kinds) < 2:
        yield from _text_formats(group, present)
        return
    listing = ", ".join(f"{s}: {k}" for s, k in storages.items())
    if kinds == {"int", "float"}:
        floats = [c for c in present if c.summary.storage == "float"]
        if all(c.summary.whole_numbers for c in floats):
            names = ", ".join(c.summary.source for c in floats)
            detail = f"whole numbers written as floats (63.0) in {names} and as integers (63) elsewhere ({listing})."
            yield _issue(group, "format_mismatch", "low", present, detail)
        else:
            yield _issue(
                group, "type_mismatch", "low", present, f"integers in some sources, fractions in others ({listing})."
            )
        return
    texts = [c for c in present if c.summary.storage == "text"]
    if texts and all("," in (c.summary.text_pattern or "") and _numeric_text(c) for c in texts):
        detail = f"numbers written with thousands separators ({texts[0].summary.text_pattern}) in {texts[0].summary.source} ({listing})."
        yield _issue(group, "format_mismatch", "medium", present, detail)
        return
    if kinds == {"text", "datetime"}:
        patterns = ", ".join(f"{c.summary.source}: {c.summary.text_pattern}" for c in texts)
        yield _issue(
            group,
            "format_mismatch",
            "medium",
            present,
            f"dates read as dates in some sources, as text in others ({patterns}).",
        )
        return
    yield _issue(group, "type_mismatch", "high", present, f"the variable has different types ({listing}).")


def _text_formats(group: ColumnGroup, present: list[Content]) -> Iterator[SchemaIssue]:
    patterns = {c.summary.source: c.summary.text_pattern for c in present if c.summary.storage == "text"}
    shapes = {p for p in patterns.values() if p and set(p) <= set("9-/.: ")}
    if len(shapes) >= 2:
        listing = ", ".join(f"{s}: {p}" for s, p in patterns.items())
        yield _issue(group, "format_mismatch", "medium", present, f"values written in different formats ({listing}).")


def _numeric_text(content: Content) -> bool:
    return all(ch in "9,.-" for ch in (content.summary.text_pattern or "x"))


def _units(group: ColumnGroup, present: list[Content]) -> Iterator[SchemaIssue]:
    numeric = [c for c in present if c.summary.numeric and c.summary.distinct_count > 12]
    if len(numeric) < 2:
        return
    ref = numeric[0]
    for other in numeric[1:]:
        factor = factor_between(ref, other)
        if factor is None:
            continue
        detail = (
            f"medians {other.summary.median:g} in {other.summary.source} and {ref.summary.median:g} in "
            f"{ref.summary.source}: a unit or scale factor of {factor:g} (multiply {other.summary.source}'s values)."
        )
        yield _issue(group, "unit_mismatch", "high", [ref, other], detail, factor=factor)


def _markers(group: ColumnGroup, present: list[Content]) -> Iterator[SchemaIssue]:
    sentinels = _sentinels(present)
    marker_sets: dict[str, list[str]] = {}
    for content in present:
        s = content.summary
        markers = list(s.markers)
        if s.missing_count > sum(s.markers.values()):
            markers.append(_EMPTY)
        markers += [value_key(code) for code in sentinels.get(s.source, [])]
        if markers:
            marker_sets[s.source] = markers
    distinct = {tuple(sorted(m)) for m in marker_sets.values()}
    coded_everywhere = len(sentinels) == len(present) and len({tuple(v) for v in sentinels.values()}) == 1
    if len(distinct) < 2 and (not sentinels or coded_everywhere):
        return
    listing = "; ".join(f"{src}: {', '.join(repr(m) for m in ms)}" for src, ms in marker_sets.items())
    detail = f"missing values are written differently ({listing})."
    if sentinels:
        counts = {c.summary.source: c.code_counts for c in present}
        coded = ", ".join(
            f"{value_key(code)} in {src} ({counts[src][code]:,} rows)"
            for src, codes in sentinels.items()
            for code in codes
        )
        detail = f"a number stands for missing: {coded}, far outside every other value; " + detail
    missing_values = {src: [m for m in ms if m != _EMPTY] for src, ms in marker_sets.items()}
    yield _issue(
        group,
        "missing_marker_mismatch",
        "high" if sentinels else "medium",
        present,
        detail,
        missing_values={s: v for s, v in missing_values.items() if v},
    )


def _sentinels(present: list[Content]) -> dict[str, list[float]]:
    """Codes (0, -9, 999...) that lie far outside the values all sources hold besides that code."""
    found: dict[str, list[float]] = {}
    codes = {code for c in present for code in c.code_counts}
    for code in sorted(codes):
        rest = np.concatenate([c.numbers[c.numbers != code] for c in present])
        if len(np.unique(rest)) < 10:
            continue  # codes only stand out among many distinct measurements
        low, high = float(rest.min()), float(rest.max())
        span = max(high - low, 1e-9)
        if low - 0.1 * span <= code <= high + 0.1 * span:
            continue
        for content in present:
            if content.code_counts.get(code):
                found.setdefault(content.summary.source, []).append(code)
    return found


def _vocabulary(
    group: ColumnGroup, present: list[Content], contents: dict[tuple[str, str], Content]
) -> Iterator[SchemaIssue]:
    categorical = [c for c in present if c.summary.values]
    if categorical:
        ref = categorical[0]
        for other in categorical[1:]:
            if not (ref.summary.numeric and other.summary.numeric):
                yield from _vocabulary_pair(group, ref, other)
    for source, columns in group.alternatives.items():
        for column in columns:
            alt = contents[(source, column)]
            base = next((c for c in present if c.summary.source != source and c.summary.values), None)
            if base is not None and alt.summary.values:
                yield from _vocabulary_pair(group, base, alt, alternative=True)


def _vocabulary_pair(
    group: ColumnGroup, ref: Content, other: Content, *, alternative: bool = False
) -> Iterator[SchemaIssue]:
    a, b = ref.summary, other.summary
    mapping = propose_value_mapping(b.values, a.values, column=b.column, reference_column=a.column)
    if not mapping.mapping and mapping.one_to_one:
        return
    parts = [f"{b.source} {b.column!r} against {a.source} {a.column!r}:"]
    if alternative:
        parts.insert(0, f"{b.source} holds this variable again as {b.column!r}, recoded.")
    if mapping.mapping:
        shown = ", ".join(f"{k!r} -> {v!r}" for k, v in mapping.mapping.items())
        parts.append(f"the categories are spelled differently; proposed mapping {shown}.")
    if not mapping.one_to_one:
        left = ", ".join(repr(v) for v in mapping.unmatched[:10]) or "none"
        right = ", ".join(repr(v) for v in mapping.reference_unmatched[:10]) or "none"
        parts.append(
            f"values without a counterpart: {left} in {b.source}; {right} in {a.source}"
            f" ({mapping.unmatched_share:.1%} of rows at most)."
        )
    split = [c for c in [group.columns.get(b.source), *group.alternatives.get(b.source, [])] if c]
    split = split if not group.one_to_one and len(split) > 1 else []
    if not mapping.covers or split:
        over = " and ".join(repr(c) for c in split)
        parts.append("Not one-to-one" + (f": {b.source} splits it over {over}." if split else "."))
    severity: Severity = "high" if not mapping.covers or split else "medium" if mapping.mapping else "low"
    yield _issue(
        group,
        "vocabulary_mismatch",
        severity,
        [ref, other],
        " ".join(parts),
        value_mapping={b.source: mapping.mapping} if mapping.mapping else {},
    )


def _missing_rates(group: ColumnGroup, present: list[Content]) -> Iterator[SchemaIssue]:
    rates = {c.summary.source: c.summary.missing_fraction for c in present}
    gap = max(rates.values()) - min(rates.values())
    if gap < 0.1:
        return
    severity: Severity = "high" if gap >= 0.5 else "medium" if gap >= 0.2 else "low"
    listing = ", ".join(f"{s}: {r:.1%}" for s, r in rates.items())
    yield _issue(group, "missing_rate_difference", severity, present, f"missing rates differ by {gap:.0%} ({listing}).")


def _ranges(group: ColumnGroup, present: list[Content]) -> Iterator[SchemaIssue]:
    numeric = [c for c in present if c.summary.numeric and c.summary.p05 is not None and len(c.numbers) >= 20]
    for other in numeric[1:]:
        ref, s = numeric[0].summary, other.summary
        if ref.values and s.values and max(ref.distinct_count, s.distinct_count) <= 12:
            if (ref.min, ref.max) != (s.min, s.max):
                detail = f"{s.source} holds values {s.min:g} to {s.max:g}, {ref.source} {ref.min:g} to {ref.max:g}."
                yield _issue(group, "range_difference", "medium", [numeric[0], other], detail)
            continue
        assert ref.p05 is not None and ref.p95 is not None and s.p05 is not None and s.p95 is not None
        iqr = max((ref.p75 or 0) - (ref.p25 or 0), (s.p75 or 0) - (s.p25 or 0), 1e-9)
        shift = abs((ref.median or 0) - (s.median or 0)) / iqr
        union = max(ref.p95, s.p95) - min(ref.p05, s.p05)
        overlap = max(0.0, min(ref.p95, s.p95) - max(ref.p05, s.p05)) / union if union > 0 else 1.0
        if shift > 1 or overlap < 0.5:
            detail = (
                f"{s.source} spans {s.p05:g} to {s.p95:g} (median {s.median:g}), {ref.source} spans {ref.p05:g} "
                f"to {ref.p95:g} (median {ref.median:g}); 5th-95th percentile ranges overlap {overlap:.0%}."
            )
            yield _issue(group, "range_difference", "medium", [numeric[0], other], detail)
