"""The catalogue of Great Expectations 1.x expectation types Prism accepts, and checked construction of each."""

from __future__ import annotations

import inspect
import math
import re
from functools import cache
from typing import Any

import great_expectations.expectations as gxe
from great_expectations.compatibility import pydantic as gx_pydantic
from great_expectations.expectations.expectation import Expectation

from profiling.expectations.models import ExpectationSpec, SuiteError

MAX_LIST_ITEMS = 10_000
MAX_DEPTH = 12
MAX_TEXT = 10_000

# Fields every GX expectation has that are not parameters of the check itself.
_INTERNAL = {"id", "meta", "notes", "result_format", "description", "catch_exceptions", "rendered_content"}
_INTERNAL |= {"severity", "windows", "batch_id"}
# row_condition runs a pandas/SQL expression from the suite file: refused from untrusted suites.
_REFUSED = {"row_condition", "condition_parser"}
# Types that need a second table, SQL, or a non-pandas engine.
_UNSUPPORTED = {
    "expect_query_results_to_match_comparison",
    "unexpected_rows_expectation",
    "expect_table_row_count_to_equal_other_table",
}


@cache
def catalogue() -> dict[str, type[Expectation]]:
    """Every supported expectation type (snake_case, as in suite JSON) and its GX class."""
    found: dict[str, type[Expectation]] = {}
    for _, cls in inspect.getmembers(gxe, inspect.isclass):
        kind = getattr(cls, "expectation_type", None)
        if issubclass(cls, Expectation) and isinstance(kind, str) and kind.startswith("expect_"):
            if kind not in _UNSUPPORTED:
                found[kind] = cls
    return dict(sorted(found.items()))


def parameters(expectation_type: str) -> list[str]:
    """The parameter names of an expectation type, `column` first."""
    fields = getattr(_class(expectation_type), "__fields__", {})
    names = [name for name in fields if name not in _INTERNAL | _REFUSED]
    return sorted(names, key=lambda n: (n != "column", n != "column_list", names.index(n)))


def is_column_type(expectation_type: str) -> bool:
    return "column" in parameters(expectation_type)


def build_expectation(spec: ExpectationSpec, *, where: str = "") -> Expectation:
    """The GX expectation for a spec, after Prism's own checks; any problem is a SuiteError naming the field."""
    label = f"{where}{spec.type}"
    cls = _class(spec.type, where=where)
    check_value(spec.kwargs, path=label)
    allowed = set(parameters(spec.type))
    for key in spec.kwargs:
        if key in _REFUSED:
            raise SuiteError(f"{label}: the parameter {key!r} is refused (it runs code from the suite file).")
        if key not in allowed:
            raise SuiteError(
                f"{label}: unknown field {key!r} (invalid key).",
                f"Parameters of {spec.type}: {', '.join(sorted(allowed))}.",
            )
    _check_regexes(spec, label)
    check_value(spec.meta, path=f"{label}.meta")
    try:
        return cls(**spec.kwargs, meta=spec.meta or None, notes=spec.notes)
    except gx_pydantic.ValidationError as err:
        raise SuiteError(f"{label}: invalid parameters: {_describe(err)}.", "Fix those fields and try again.") from err
    except (TypeError, ValueError) as err:
        raise SuiteError(f"{label}: invalid parameters: {err}.", "Fix those fields and try again.") from err


def check_value(value: Any, *, path: str, depth: int = 0) -> None:
    """Refuse NaN/infinity, over-long lists or text, and deep nesting anywhere in a JSON value."""
    if depth > MAX_DEPTH:
        raise SuiteError(f"{path}: nested deeper than {MAX_DEPTH} levels (invalid).", "Flatten the parameters.")
    if isinstance(value, float) and not math.isfinite(value):
        raise SuiteError(
            f"{path}: {value} is not a finite number (NaN or infinity is invalid).", "Use a number or null."
        )
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise SuiteError(f"{path}: a text of {len(value):,} characters is too large (limit {MAX_TEXT:,}).")
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise SuiteError(
                f"{path}: a list of {len(value):,} items is too large (limit {MAX_LIST_ITEMS:,} per value_set or list).",
                "Split the check or use a pattern instead of listing every value.",
            )
        for item in value:
            check_value(item, path=path, depth=depth + 1)
    if isinstance(value, dict):
        for key, item in value.items():
            check_value(item, path=f"{path}.{key}", depth=depth + 1)


def _class(expectation_type: str, *, where: str = "") -> type[Expectation]:
    cls = catalogue().get(expectation_type)
    if cls is None:
        raise SuiteError(
            f"{where}unknown expectation type {expectation_type!r}.",
            "Use a Great Expectations 1.x core type such as expect_column_values_to_be_between.",
        )
    return cls


def _check_regexes(spec: ExpectationSpec, label: str) -> None:
    patterns = [spec.kwargs.get("regex")] + list(spec.kwargs.get("regex_list") or [])
    for pattern in (p for p in patterns if p is not None):
        try:
            re.compile(pattern)
        except (re.error, TypeError) as err:
            raise SuiteError(f"{label}: the regex {pattern!r} is invalid: {err}.", "Fix the pattern.") from err


def _describe(err: gx_pydantic.ValidationError) -> str:
    """Field names with their first message each ('column: str type expected; mostly: ...')."""
    seen: dict[str, str] = {}
    for problem in err.errors():
        field = ".".join(str(part) for part in problem["loc"])
        seen.setdefault(field, problem["msg"])
    return "; ".join(f"{field}: {msg}" for field, msg in seen.items())
