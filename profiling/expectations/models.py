"""Typed suites and validation results: expectations as JSON-ready records, never Great Expectations objects."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from profiling.errors import ProfilingError

Strictness = Literal["strict", "balanced", "lenient"]
STRICTNESS: tuple[Strictness, ...] = ("strict", "balanced", "lenient")

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SuiteError(ProfilingError):
    """A suite could not be built, read, imported, saved or run."""


class ExpectationSpec(BaseModel):  # type: ignore[no-redef]  # pydantic-mypy: field `kwargs` vs its __init__ **kwargs
    """One expectation: its GX type, its parameters (JSON values), why it was suggested, and whether it is on."""

    model_config = _FROZEN

    type: str
    kwargs: dict[str, Any]
    reason: str = ""
    enabled: bool = True
    meta: dict[str, Any] = Field(default_factory=dict)
    notes: str | list[str] | None = None

    @property
    def column(self) -> str | None:
        value = self.kwargs.get("column")
        return value if isinstance(value, str) else None


class SuiteDocument(BaseModel):
    """A named suite as Prism keeps it: the expectations in order, plus free notes."""

    model_config = _FROZEN

    name: str
    expectations: list[ExpectationSpec]
    notes: str | None = None

    def enabled(self) -> list[ExpectationSpec]:
        return [spec for spec in self.expectations if spec.enabled]


class SuiteInfo(BaseModel):
    """One saved suite in a project, as listed."""

    model_config = _FROZEN

    name: str
    expectations: int
    modified: str
    problem: str | None = None


class ExpectationOutcome(BaseModel):  # type: ignore[no-redef]  # pydantic-mypy: field `kwargs`
    """The result of one expectation on one dataset."""

    model_config = _FROZEN

    expectation_type: str
    column: str | None
    success: bool
    kwargs: dict[str, Any]
    observed_value: Any = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    unexpected_values: list[Any] = Field(default_factory=list)
    exception: str | None = None


class ValidationStatistics(BaseModel):
    """How many expectations ran, passed and failed."""

    model_config = _FROZEN

    evaluated: int
    successful: int
    unsuccessful: int
    success_percent: float | None


class ValidationReport(BaseModel):
    """One validation run: a dataset checked against a suite; `model_dump(mode="json")` is the CLI JSON."""

    model_config = _FROZEN

    suite: str
    dataset: str
    success: bool
    statistics: ValidationStatistics
    results: list[ExpectationOutcome]
    run_at: str
    seconds: float
    engine: str = "great_expectations"
    gx_version: str = ""
    ran_in: str = "pandas"  # where GX ran the checks: pandas, sqlite, postgres or spark
    sample_rows: int | None = None  # rows of the uniform sample checked; None when every row was checked
    note: str = ""  # where the checks ran, in words, for the page and the CLI

    def failures_first(self) -> list[ExpectationOutcome]:
        """Failed expectations (errors among them) first, then the passed ones, each in suite order."""
        return [r for r in self.results if not r.success] + [r for r in self.results if r.success]


ValidationStatus = Literal["passed", "failed"]


class RunSummary(BaseModel):
    """One entry of a suite's validation history."""

    model_config = _FROZEN

    run_id: str
    suite: str
    dataset: str
    success: bool
    evaluated: int
    unsuccessful: int
    run_at: str
