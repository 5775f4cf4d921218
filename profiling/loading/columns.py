"""Column-name clean-up shared by every format: each change is reported, none is silent."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from profiling.loading.models import Limits, Notes

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def clean_column_names(raw: Sequence[object], notes: Notes, limits: Limits) -> list[str]:
    """Return one unique, readable string name per column, warning about every change."""
    names = [_clean_one(value, position, notes, limits) for position, value in enumerate(raw, 1)]
    _warn_case_collisions(names, notes)
    return _deduplicate(names, notes)


def _clean_one(value: object, position: int, notes: Notes, limits: Limits) -> str:
    if value is None or (isinstance(value, float) and value != value):
        text = ""
    else:
        text = str(value)
    if not isinstance(value, str) and text:
        notes.warn(
            "column_name_not_text",
            f"Column {position}: the column name {text!r} is a number, not text; kept as the text {text!r}.",
            column=text,
        )
    normalised = unicodedata.normalize("NFKC", "".join(ch for ch in text if ch not in _INVISIBLE))
    if normalised != text:
        notes.warn(
            "column_name_normalized",
            f"Column {position}: the column name {text!r} held invisible or look-alike characters; "
            f"Unicode normalization (NFKC: look-alike and compatibility forms) renamed it to {normalised!r}.",
            column=normalised,
        )
        text = normalised
    stripped = text.strip()
    if stripped != text and stripped:
        notes.warn(
            "column_name_whitespace",
            f"Column {position}: leading or trailing whitespace removed from the column name {text!r}.",
            column=stripped,
        )
        text = stripped
    if not stripped:
        new = f"column_{position}"
        notes.warn(
            "column_name_blank",
            f"Column {position} has a blank (empty or whitespace) name; it is unnamed and was renamed to {new!r}.",
            column=new,
        )
        return new
    if len(text) > limits.max_column_name_chars:
        short = text[: limits.max_column_name_chars]
        notes.warn(
            "column_name_truncated",
            f"Column {position}: the column name is {len(text):,} characters long; truncated to "
            f"{limits.max_column_name_chars} characters.",
            column=short,
        )
        text = short
    return text


def _warn_case_collisions(names: list[str], notes: Notes) -> None:
    seen: dict[str, str] = {}
    for name in names:
        key = name.casefold()
        if key in seen and seen[key] != name:
            notes.warn(
                "column_name_case",
                f"Columns {seen[key]!r} and {name!r} differ only by case; both are kept as separate columns.",
                column=name,
            )
        seen.setdefault(key, name)


def _deduplicate(names: list[str], notes: Notes) -> list[str]:
    taken = set(names)
    counts: dict[str, int] = {}
    result: list[str] = []
    for name in names:
        counts[name] = counts.get(name, 0) + 1
        if counts[name] == 1:
            result.append(name)
            continue
        suffix = counts[name]
        new = f"{name}_{suffix}"
        while new in taken:
            suffix += 1
            new = f"{name}_{suffix}"
        taken.add(new)
        notes.warn(
            "duplicate_column",
            f"The column name {name!r} appears more than once; the duplicate column is kept and renamed to {new!r}.",
            column=new,
        )
        result.append(new)
    return result
