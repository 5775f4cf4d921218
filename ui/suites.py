"""Streamlit helpers for the Expectation suites page: cached suggestions, the suite store, editors and tables."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from profiling import databases
from profiling.expectations import (
    ExpectationSpec,
    Strictness,
    SuiteError,
    SuiteStore,
    ValidationReport,
    build_expectation,
    suggest_suite,
)
from profiling.expectations.sources import validate_table
from ui import state

TABLE = "(table)"


@st.cache_resource
def store() -> SuiteStore:
    """The GX project inside the workspace folder."""
    return SuiteStore(state.workspace().root)


@st.cache_resource(max_entries=16, show_spinner=False)
def suggestions(dataset_id: str, fingerprint: str, strictness: Strictness) -> list[ExpectationSpec]:
    """Suggested expectations for a dataset (keyed on its content fingerprint)."""
    return suggest_suite(state.profile(dataset_id, fingerprint), state.frame(dataset_id), strictness=strictness)


def group_by_column(specs: list[ExpectationSpec]) -> dict[str, list[int]]:
    """Indexes of the specs per column, table expectations first."""
    groups: dict[str, list[int]] = {TABLE: []}
    for index, spec in enumerate(specs):
        groups.setdefault(spec.column or TABLE, []).append(index)
    return {name: indexes for name, indexes in groups.items() if indexes}


def params_text(spec: ExpectationSpec) -> str:
    """The editable parameters (all but the column) as one line of JSON."""
    return json.dumps({k: v for k, v in spec.kwargs.items() if k != "column"}, ensure_ascii=False)


def edited(spec: ExpectationSpec, *, enabled: bool, text: str) -> ExpectationSpec:
    """A spec with the user's switch and parameters, checked by Great Expectations."""
    try:
        params = json.loads(text, parse_constant=_no_constant)
    except ValueError as err:
        raise SuiteError(f"{spec.type} on {spec.column or TABLE}: the parameters are not valid JSON ({err}).") from err
    if not isinstance(params, dict):
        raise SuiteError(f"{spec.type} on {spec.column or TABLE}: the parameters must be a JSON object.")
    kwargs = ({"column": spec.column} if spec.column is not None else {}) | params
    result = spec.model_copy(update={"enabled": enabled, "kwargs": kwargs})
    if enabled:
        build_expectation(result, where=f"{spec.column or TABLE}: ")
    return result


def results_table(report: ValidationReport) -> pd.DataFrame:
    """One row per expectation, failures first, unexpected values as text."""
    rows = [
        {
            "Result": "pass" if r.success else ("error" if r.exception else "FAIL"),
            "Expectation": r.expectation_type,
            "Column": r.column if r.column is not None else TABLE,
            "Observed": _text(r.observed_value),
            "Unexpected": r.unexpected_count,
            "Unexpected %": r.unexpected_percent,
            "Unexpected values": _text(r.unexpected_values) if r.unexpected_values else "",
            "Error": r.exception or "",
        }
        for r in report.failures_first()
    ]
    return pd.DataFrame(rows)


def validate_in_database(
    url: str, *, typed: str, holder: str, table: str | None, query: str | None, suite_name: str
) -> ValidationReport:
    """Run a saved suite inside the database (SQLite/PostgreSQL) or on a stated sample (DuckDB); the password
    comes from the field, else the named Streamlit secret or environment variable, and is never kept."""
    ref, in_url = databases.parse_url(url, password_env=holder.strip() or None)
    password = typed or in_url or _secret(ref.password_env) or ref.password()
    return validate_table(ref, store().load(suite_name), table=table, query=query, password=password)


def _secret(name: str | None) -> str | None:
    if not name:
        return None
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file: Streamlit raises rather than returning nothing
        return None
    return str(value) if value else None


def specs_table(specs: list[ExpectationSpec]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Expectation": s.type, "Column": s.column or TABLE, "Parameters": params_text(s), "Why": s.reason}
            for s in specs
        ]
    )


def _text(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)[:500]


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a finite number")
