"""Great Expectations suites: suggest from a profile, keep in a GX project, import/export, validate (the only GX importer)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from profiling.expectations.catalogue import build_expectation as build_expectation
    from profiling.expectations.catalogue import parameters as parameters
    from profiling.expectations.importing import check_suite_name as check_suite_name
    from profiling.expectations.importing import parse_suite as parse_suite
    from profiling.expectations.importing import parse_suites as parse_suites
    from profiling.expectations.models import STRICTNESS as STRICTNESS
    from profiling.expectations.models import ExpectationOutcome as ExpectationOutcome
    from profiling.expectations.models import ExpectationSpec as ExpectationSpec
    from profiling.expectations.models import RunSummary as RunSummary
    from profiling.expectations.models import Strictness as Strictness
    from profiling.expectations.models import SuiteDocument as SuiteDocument
    from profiling.expectations.models import SuiteError as SuiteError
    from profiling.expectations.models import SuiteInfo as SuiteInfo
    from profiling.expectations.models import ValidationReport as ValidationReport
    from profiling.expectations.store import SuiteStore as SuiteStore
    from profiling.expectations.store import default_project_dir as default_project_dir
    from profiling.expectations.suggest import suggest_suite as suggest_suite
    from profiling.expectations.validate import keep_run as keep_run
    from profiling.expectations.validate import kept_run as kept_run
    from profiling.expectations.validate import run_history as run_history
    from profiling.expectations.validate import validate_frame as validate_frame

# Great Expectations takes seconds to import: each name loads its module on first use, so the CLI and pages
# that never touch a suite do not pay for it. (The `catalogue()` function is imported from its module, whose
# name it shares: a submodule import would rebind the package attribute to the module.)
_LAZY = {
    "build_expectation": "catalogue",
    "parameters": "catalogue",
    "check_suite_name": "importing",
    "parse_suite": "importing",
    "parse_suites": "importing",
    "STRICTNESS": "models",
    "ExpectationOutcome": "models",
    "ExpectationSpec": "models",
    "RunSummary": "models",
    "Strictness": "models",
    "SuiteDocument": "models",
    "SuiteError": "models",
    "SuiteInfo": "models",
    "ValidationReport": "models",
    "SuiteStore": "store",
    "default_project_dir": "store",
    "suggest_suite": "suggest",
    "keep_run": "validate",
    "kept_run": "validate",
    "run_history": "validate",
    "validate_frame": "validate",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"profiling.expectations.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
