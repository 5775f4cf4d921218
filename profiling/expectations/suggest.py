"""Suggesting a suite from a trusted dataset's profile: each expectation with the statistic behind it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from profiling.expectations.models import ExpectationSpec, Strictness
from profiling.expectations.patterns import find_pattern
from profiling.profile import ColumnProfile, DatasetProfile

MAX_VALUE_SET = 200  # more distinct values than this is not a category list a person can review


@dataclass(frozen=True)
class Margins:
    """How far a suggestion reaches beyond what the trusted data showed."""

    range_fraction: float  # of (max - min), added below min and above max
    spread_fraction: float  # of the standard deviation, around means, medians and quantiles
    stdev_fraction: float  # relative, around the standard deviation
    missing_slack: float  # subtracted from the observed completeness for `mostly`
    mostly: float  # for value sets, ranges and patterns
    rows: tuple[float, float | None]  # row count bounds as multiples of the observed count


MARGINS: dict[Strictness, Margins] = {
    "strict": Margins(0.0, 0.05, 0.05, 0.005, 1.0, (0.5, 2.0)),
    "balanced": Margins(0.1, 0.1, 0.15, 0.02, 1.0, (0.1, 10.0)),
    "lenient": Margins(0.25, 0.25, 0.3, 0.05, 0.99, (0.0, None)),
}

# pandas dtype names GX's type-list check understands, per family (extension types by their class name).
TYPE_FAMILIES: dict[str, list[str]] = {
    "number": [f"{p}int{b}" for p in ("", "u") for b in (8, 16, 32, 64)]
    + [f"{p}Int{b}Dtype" for p in ("", "U") for b in (8, 16, 32, 64)]
    + ["float32", "float64", "Float32Dtype", "Float64Dtype"],
    "boolean": ["bool", "BooleanDtype"],
    "text": ["object", "str", "string", "StringDtype"],
    "datetime": [f"datetime64[{u}]" for u in ("s", "ms", "us", "ns")] + ["DatetimeTZDtype"],
}


def suggest_suite(
    profile: DatasetProfile, frame: pd.DataFrame, *, strictness: Strictness = "balanced"
) -> list[ExpectationSpec]:
    """Table and per-column expectations for data like `frame` (whose profile is `profile`)."""
    margins = MARGINS[strictness]
    specs = _table(profile, margins, ordered=strictness == "strict")
    for column in profile.columns:
        specs += _column(column, frame[column.name], margins)
    return specs


def _table(profile: DatasetProfile, m: Margins, *, ordered: bool) -> list[ExpectationSpec]:
    names = [c.name for c in profile.columns]
    rows = profile.dataset.rows
    low, high = m.rows
    specs = [
        ExpectationSpec(
            type="expect_table_columns_to_match_set",
            kwargs={"column_set": names, "exact_match": True},
            reason=f"the trusted data has these {len(names)} columns",
        ),
        ExpectationSpec(
            type="expect_table_row_count_to_be_between",
            kwargs={
                "min_value": max(1, math.floor(rows * low)),
                "max_value": None if high is None else math.ceil(rows * high),
            },
            reason=f"the trusted data has {rows:,} rows; batches of a similar order of size are expected",
        ),
    ]
    if ordered:
        specs.append(
            ExpectationSpec(
                type="expect_table_columns_to_match_ordered_list",
                kwargs={"column_list": names},
                reason="strict: the columns must also keep their order",
            )
        )
    return specs


def _column(col: ColumnProfile, values: pd.Series, m: Margins) -> list[ExpectationSpec]:
    name = col.name
    specs = [
        ExpectationSpec(type="expect_column_to_exist", kwargs={"column": name}, reason="present in the trusted data")
    ]
    family = _family(values)
    if family:
        specs.append(
            ExpectationSpec(
                type="expect_column_values_to_be_in_type_list",
                kwargs={"column": name, "type_list": TYPE_FAMILIES[family]},
                reason=f"stored as {values.dtype} ({family})",
            )
        )
    specs += _completeness(col, m)
    if col.count - col.missing_count == 0:
        return specs
    if col.kind in ("categorical", "boolean", "constant") or (col.kind == "numeric" and col.distinct_count <= 20):
        specs += _value_set(col, values, m)
    if col.kind == "numeric" and col.min is not None:
        specs += _numeric(col, m)
    if col.kind == "datetime" and col.date_min and col.date_max:
        specs += _dates(col, values, m)
    if col.kind == "identifier" or col.distinct_fraction >= 0.9:
        specs += _uniqueness(col, m)
    if family == "text" and col.kind in ("text", "identifier"):
        specs += _lengths(col, m)
    if family == "text" and col.kind in ("text", "identifier", "categorical"):
        specs += _pattern(col, values, m)
    return specs


def _family(values: pd.Series) -> str | None:
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_string_dtype(dtype) or pd.api.types.is_object_dtype(dtype):
        return "text"
    return None


def _completeness(col: ColumnProfile, m: Margins) -> list[ExpectationSpec]:
    complete = 1.0 - col.missing_fraction
    if complete < 0.5:
        return []
    if col.missing_count == 0:
        mostly = 1.0 if m.missing_slack < 0.05 else 0.99
        reason = f"no missing values in {col.count:,} rows"
    else:
        mostly = _floor(max(0.0, complete - m.missing_slack), 3)
        reason = f"{complete:.2%} of rows are filled ({col.missing_count:,} missing of {col.count:,})"
    return [
        ExpectationSpec(
            type="expect_column_values_to_not_be_null", kwargs={"column": col.name, "mostly": mostly}, reason=reason
        )
    ]


def _value_set(col: ColumnProfile, values: pd.Series, m: Margins) -> list[ExpectationSpec]:
    if col.distinct_count > MAX_VALUE_SET:
        return []
    # .unique().tolist() gives plain Python values: numpy booleans and integers are not JSON.
    found = sorted(pd.unique(values.dropna()).tolist(), key=lambda v: (str(type(v)), v))
    if isinstance(values.dtype, pd.BooleanDtype) or values.dtype == bool:
        found = [bool(v) for v in found]
    shown = ", ".join(str(v) for v in found[:5]) + (", ..." if len(found) > 5 else "")
    return [
        ExpectationSpec(
            type="expect_column_values_to_be_in_set",
            kwargs={"column": col.name, "value_set": found, "mostly": m.mostly},
            reason=f"{len(found)} distinct values in the trusted data: {shown}",
        )
    ]


def _numeric(col: ColumnProfile, m: Margins) -> list[ExpectationSpec]:
    assert col.min is not None and col.max is not None
    name, span = col.name, col.max - col.min
    low, high = col.min - m.range_fraction * span, col.max + m.range_fraction * span
    specs = [
        ExpectationSpec(
            type="expect_column_values_to_be_between",
            kwargs={"column": name, "min_value": _round(low), "max_value": _round(high), "mostly": m.mostly},
            reason=f"observed range {col.min:g} to {col.max:g}, widened by {m.range_fraction:.0%} of it",
        )
    ]
    if col.mean is None or col.std is None or col.distinct_count < 3:
        return specs
    reach = m.spread_fraction * col.std
    specs.append(
        _between("expect_column_mean_to_be_between", name, col.mean, reach, f"mean {col.mean:.4g}, std {col.std:.4g}")
    )
    if col.quantiles is not None:
        q = col.quantiles
        specs.append(_between("expect_column_median_to_be_between", name, q.p50, reach, f"median {q.p50:g}"))
        points = {0.05: q.p05, 0.25: q.p25, 0.5: q.p50, 0.75: q.p75, 0.95: q.p95}
        tail = 2 * reach  # quantiles, the tails most, move more between samples than the mean does
        specs.append(
            ExpectationSpec(
                type="expect_column_quantile_values_to_be_between",
                kwargs={
                    "column": name,
                    "quantile_ranges": {
                        "quantiles": list(points),
                        "value_ranges": [[_round(v - tail), _round(v + tail)] for v in points.values()],
                    },
                },
                reason="quantiles 5/25/50/75/95%: "
                + ", ".join(f"{v:g}" for v in points.values())
                + f", each ± {tail:.3g}",
            )
        )
    if col.std > 0:
        lo, hi = col.std * (1 - m.stdev_fraction), col.std * (1 + m.stdev_fraction)
        specs.append(
            ExpectationSpec(
                type="expect_column_stdev_to_be_between",
                kwargs={"column": name, "min_value": _round(lo), "max_value": _round(hi)},
                reason=f"standard deviation {col.std:.4g}, ± {m.stdev_fraction:.0%}",
            )
        )
    return specs


def _dates(col: ColumnProfile, values: pd.Series, m: Margins) -> list[ExpectationSpec]:
    first, last = values.min(), values.max()
    slack = (last - first) * m.range_fraction
    # Full timestamps, never date-only strings: GX parses those as datetime.date, which pandas refuses to compare.
    low, high = (pd.Timestamp(first - slack), pd.Timestamp(last + slack))
    if low.tzinfo is not None:
        low, high = low.tz_convert(None), high.tz_convert(None)
    return [
        ExpectationSpec(
            type="expect_column_values_to_be_between",
            kwargs={
                "column": col.name,
                "min_value": low.isoformat(),
                "max_value": high.isoformat(),
                "mostly": m.mostly,
            },
            reason=f"observed dates {col.date_min} to {col.date_max}, widened by {m.range_fraction:.0%} of the span",
        )
    ]


def _uniqueness(col: ColumnProfile, m: Margins) -> list[ExpectationSpec]:
    if col.unique:
        return [
            ExpectationSpec(
                type="expect_column_values_to_be_unique",
                kwargs={"column": col.name, "mostly": m.mostly},
                reason=f"all {col.count - col.missing_count:,} filled values are distinct",
            )
        ]
    low = _floor(max(0.0, col.distinct_fraction - m.spread_fraction), 3)
    return [
        ExpectationSpec(
            type="expect_column_proportion_of_unique_values_to_be_between",
            kwargs={"column": col.name, "min_value": low, "max_value": 1.0},
            reason=f"{col.distinct_fraction:.1%} of the values are distinct",
        )
    ]


def _lengths(col: ColumnProfile, m: Margins) -> list[ExpectationSpec]:
    if col.length_min is None or col.length_max is None:
        return []
    extra = math.ceil(m.range_fraction * (col.length_max - col.length_min))
    return [
        ExpectationSpec(
            type="expect_column_value_lengths_to_be_between",
            kwargs={
                "column": col.name,
                "min_value": max(0, col.length_min - extra),
                "max_value": col.length_max + extra,
                "mostly": m.mostly,
            },
            reason=f"values are {col.length_min} to {col.length_max} characters long",
        )
    ]


def _pattern(col: ColumnProfile, values: pd.Series, m: Margins) -> list[ExpectationSpec]:
    pattern = find_pattern(values)
    if pattern is None:
        return []
    mostly = _floor(min(m.mostly, pattern.fraction - m.missing_slack), 3)
    return [
        ExpectationSpec(
            type="expect_column_values_to_match_regex",
            kwargs={"column": col.name, "regex": pattern.regex, "mostly": mostly},
            reason=f"{pattern.fraction:.1%} of the values look like {pattern.label}",
        )
    ]


def _between(kind: str, column: str, centre: float, reach: float, why: str) -> ExpectationSpec:
    return ExpectationSpec(
        type=kind,
        kwargs={"column": column, "min_value": _round(centre - reach), "max_value": _round(centre + reach)},
        reason=f"{why}; ± {reach:.3g}",
    )


def _round(value: float) -> float:
    """Six significant digits: bounds a person can read and edit."""
    return float(f"{value:.6g}") if value else 0.0


def _floor(value: float, digits: int) -> float:
    scale = 10**digits
    return math.floor(value * scale) / scale
