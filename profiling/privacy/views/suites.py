"""Privacy mode on expectation parameters and validation results (display only)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from profiling.privacy.redact import masked_value

if TYPE_CHECKING:  # importing profiling.expectations loads Great Expectations (seconds); only its models are named
    from profiling.expectations.models import ExpectationOutcome, ExpectationSpec, ValidationReport

from profiling.privacy.views.core import _HIDDEN

# Parameters that name columns or steer the check; every other text parameter of a masked column holds its values.
_STRUCTURAL = frozenset(
    {
        "column", "column_A", "column_B", "column_list", "column_set", "type_", "type_list", "mostly", "strictly",
        "exact_match", "result_format", "catch_exceptions", "meta", "ignore_row_if", "ties_okay", "allow_cross_type_comparisons",
        "strict_min", "strict_max", "parse_strings_as_datetimes", "match_on", "condition_parser", "batch_id",
    }
)  # fmt: skip


def mask_expectation(spec: ExpectationSpec, columns: Collection[str]) -> ExpectationSpec:
    """The expectation as privacy mode shows it: value sets, regexes from values and text bounds of masked columns
    masked, and a reason that listed values reworded. For display only: saved suites keep the real values."""
    if not _expectation_columns(spec.kwargs) & set(columns):
        return spec
    kwargs = masked_parameters(spec.kwargs)
    if kwargs == spec.kwargs:
        return spec
    values = spec.kwargs.get("value_set")
    reason = (
        f"{len(values)} distinct values in the trusted data ({_HIDDEN} for this column)"
        if isinstance(values, list)
        else f"{_HIDDEN} for this column"
    )
    return spec.model_copy(update={"kwargs": kwargs, "reason": reason})


def masked_parameters(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Expectation parameters with every data value masked: texts and value lists; numbers and known shapes stay."""
    return {key: value if key in _STRUCTURAL else _mask_parameter(key, value) for key, value in kwargs.items()}


def mask_validation(result: ValidationReport, columns: Collection[str]) -> ValidationReport:
    """The validation run with the parameters, observed values and sample unexpected values of masked columns hidden."""
    hidden = set(columns)
    if not hidden:
        return result
    return result.model_copy(
        update={"results": [_mask_outcome(r) if _expectation_columns(r.kwargs) & hidden else r for r in result.results]}
    )


def _expectation_columns(kwargs: Mapping[str, Any]) -> set[str]:
    return {v for k in ("column", "column_A", "column_B") if isinstance(v := kwargs.get(k), str)}


def _mask_parameter(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_mask_parameter(key, item) for item in value]
    if isinstance(value, dict):
        return {k: _mask_parameter(key, item) for k, item in value.items()}
    if isinstance(value, str):
        return value if key.startswith("regex") and _is_shape(value) else masked_value(value)
    return masked_value(value) if key.endswith("set") else value  # numbers in a value set are values too


def _is_shape(regex: str) -> bool:
    """A regex of classes and quantifiers only (emails, ISO dates, '^\\d{5}$') describes a shape, not values."""
    literal = re.sub(r"\[[^\]]*\]|\{[^}]*\}|\\.", "", regex)
    return not re.search(r"[^\W_]", literal)


def _mask_outcome(outcome: ExpectationOutcome) -> ExpectationOutcome:
    return outcome.model_copy(
        update={
            "kwargs": masked_parameters(outcome.kwargs),
            "observed_value": _mask_observed(outcome.observed_value),
            "unexpected_values": [masked_value(v) for v in outcome.unexpected_values],
        }
    )


def _mask_observed(value: Any) -> Any:
    """Counts and statistics stay; values (a text, a list of values) are masked."""
    if isinstance(value, str):
        return masked_value(value)
    if isinstance(value, list):
        return [masked_value(v) if not isinstance(v, int | float) or isinstance(v, bool) else v for v in value]
    return value
