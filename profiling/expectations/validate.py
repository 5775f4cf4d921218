"""Running a suite on a dataset with Great Expectations, and keeping each run as the suite's history."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import multiprocessing
import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import great_expectations as gx
import numpy as np
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from profiling.expectations.catalogue import build_expectation
from profiling.expectations.importing import check_suite_name
from profiling.expectations.models import (
    ExpectationOutcome,
    ExpectationSpec,
    RunSummary,
    SuiteDocument,
    SuiteError,
    ValidationReport,
    ValidationStatistics,
)
from profiling.storage import atomic_write

SAMPLE_UNEXPECTED = 20
REGEX_SECONDS = 2.0  # per pattern: a catastrophic-backtracking regex (^(a+)+$) is stopped, not run for hours
RUNS_FOLDER = "suite_runs"


def validate_frame(frame: pd.DataFrame, suite: SuiteDocument, *, dataset: str) -> ValidationReport:
    """Every enabled expectation of `suite` on `frame`; GX failures (exception_info) become failed outcomes."""
    specs = _specs(suite)
    stopped = {i: _regex_timeout(spec, frame) for i, spec in enumerate(specs)}
    return run_suite(suite, dataset=dataset, run=lambda built: _run(frame, built), stopped=stopped)


def run_suite(
    suite: SuiteDocument,
    *,
    dataset: str,
    run: Callable[[gx.ExpectationSuite], list[Any]],
    stopped: dict[int, ExpectationOutcome | None] | None = None,
) -> ValidationReport:
    """Build the enabled expectations in GX, `run` them on one batch (any datasource), and report in suite order;
    `stopped` holds outcomes decided before running (a regex stopped for backtracking)."""
    started = time.perf_counter()
    specs = _specs(suite)
    stopped = stopped or {}
    built = gx.ExpectationSuite(name=suite.name)
    ids: dict[str, int] = {}
    for index, spec in enumerate(specs):
        if stopped.get(index) is None:
            expectation = build_expectation(spec, where=f"expectation {index + 1}: ")
            expectation.id = ids_key = str(uuid.uuid4())
            ids[ids_key] = index
            built.expectations.append(expectation)
    outcomes: dict[int, ExpectationOutcome] = {i: o for i, o in stopped.items() if o is not None}
    if built.expectations:
        with _gx_logs_quiet():
            found = run(built)
        for result in found:
            index = ids[result.expectation_config.id]
            outcomes[index] = _outcome(specs[index], result)
    ordered = [outcomes[i] for i in range(len(specs))]
    failed = sum(not o.success for o in ordered)
    return ValidationReport(
        suite=suite.name,
        dataset=dataset,
        success=failed == 0,
        statistics=ValidationStatistics(
            evaluated=len(ordered),
            successful=len(ordered) - failed,
            unsuccessful=failed,
            success_percent=round(100 * (len(ordered) - failed) / len(ordered), 2),
        ),
        results=ordered,
        run_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - started, 3),
        gx_version=gx.__version__,
    )


def quiet_context() -> Any:
    """An ephemeral GX context without progress bars: nothing (data sources, secrets, results) reaches disk."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # no tqdm bars on the CLI's stderr
    return context


RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_UNEXPECTED}


@contextlib.contextmanager
def _gx_logs_quiet() -> Iterator[None]:
    """GX logs every failed metric query with its traceback, and lossy Decimal conversions, to stderr;
    the outcomes carry the errors already, so the CLI's stderr keeps only Prism's own lines."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _specs(suite: SuiteDocument) -> list[ExpectationSpec]:
    specs = suite.enabled()
    if not specs:
        raise SuiteError(f"The suite {suite.name!r} has no enabled expectation to run.", "Enable or add one first.")
    return specs


def keep_run(root: Path, report: ValidationReport) -> RunSummary:
    """Store a run under `<root>/suite_runs/<suite>/` (atomically) and return its history entry."""
    folder = _runs(root, report.suite)
    folder.mkdir(parents=True, exist_ok=True)
    run_id = f"{report.run_at.replace(':', '').replace('+0000', 'Z')}-{uuid.uuid4().hex[:8]}"
    payload = {"run_id": run_id, **report.model_dump(mode="json")}
    atomic_write(folder / f"{run_id}.json", json.dumps(payload, indent=2, allow_nan=False).encode("utf-8"))
    return _summary(run_id, report)


def run_history(root: Path, suite: str) -> list[RunSummary]:
    """The kept runs of a suite, newest first; unreadable files are skipped."""
    folder = _runs(root, suite)
    found = []
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            found.append(_summary(path.stem, ValidationReport.model_validate(_without_id(path))))
        except (OSError, ValueError):
            continue
    return sorted(found, key=lambda r: r.run_id, reverse=True)


def kept_run(root: Path, suite: str, run_id: str) -> ValidationReport:
    """One kept run in full."""
    path = _runs(root, suite) / f"{Path(run_id).name}.json"
    try:
        return ValidationReport.model_validate(_without_id(path))
    except (OSError, ValueError) as err:
        raise SuiteError(f"The run {run_id!r} of suite {suite!r} cannot be read.") from err


def _run(frame: pd.DataFrame, suite: gx.ExpectationSuite) -> list[Any]:
    # An ephemeral context: a validation never writes data sources or results into the user's GX project.
    # (Runs stored by GX's own ValidationDefinition crash on numpy booleans in quantile results.)
    asset = quiet_context().data_sources.add_pandas("prism").add_dataframe_asset("frame")
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": frame})
    return list(batch.validate(suite, result_format=RESULT_FORMAT).results)


def _outcome(spec: ExpectationSpec, result: Any) -> ExpectationOutcome:
    info = _exception(result.exception_info or {})
    raised = bool(info.get("raised_exception"))
    details = plain(result.result or {})
    samples = [item["value"] for item in details.get("partial_unexpected_counts") or []]
    return ExpectationOutcome(
        expectation_type=spec.type,
        column=spec.column,
        success=bool(result.success) and not raised,
        kwargs=spec.kwargs,
        observed_value=details.get("observed_value"),
        unexpected_count=details.get("unexpected_count"),
        unexpected_percent=details.get("unexpected_percent"),
        unexpected_values=samples or list(details.get("partial_unexpected_list") or [])[:SAMPLE_UNEXPECTED],
        exception=(info.get("exception_message") or "Great Expectations raised an error") if raised else None,
    )


def _exception(info: dict[str, Any]) -> dict[str, Any]:
    """GX gives one exception, or (when a metric query fails, as SQL engines do) one per metric ID."""
    if "raised_exception" in info:
        return info
    nested = [v for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
    return nested[0] if nested else {}


def _regex_timeout(spec: ExpectationSpec, frame: pd.DataFrame) -> ExpectationOutcome | None:
    """Run a regex expectation's patterns on the column's distinct values in a child process with a time limit.

    Python's `re` (which GX uses) cannot be interrupted: a catastrophic pattern such as ^(a+)+$ would hold
    the worker for hours, so the child is stopped instead and the expectation reported as stopped.
    """
    patterns = [spec.kwargs.get("regex"), *list(spec.kwargs.get("regex_list") or [])]
    patterns = [p for p in patterns if isinstance(p, str)]
    column = spec.column
    if not patterns or column not in frame.columns:
        return None
    values = [str(v) for v in pd.unique(frame[column].dropna())]
    child = multiprocessing.get_context("fork").Process(target=_match_all, args=(patterns, values), daemon=True)
    child.start()
    child.join(REGEX_SECONDS)
    if child.exitcode is not None:
        return None
    child.kill()
    child.join()
    return ExpectationOutcome(
        expectation_type=spec.type,
        column=column,
        success=False,
        kwargs=spec.kwargs,
        exception=f"The pattern {patterns[0]!r} did not finish within {REGEX_SECONDS:g} s on column {column!r} "
        "(catastrophic backtracking); the expectation was stopped. Simplify the pattern.",
    )


def _match_all(patterns: list[str], values: list[str]) -> None:
    for pattern in patterns:
        compiled = re.compile(pattern)
        for value in values:
            compiled.search(value)


def plain(value: Any) -> Any:
    """GX and numpy values as plain JSON: numpy scalars unwrapped, NaN to None, timestamps as ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | np.ndarray):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float | Decimal):
        return float(value) if math.isfinite(value) else None
    if value is None or value is pd.NaT or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.isoformat()
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return str(value)


def _runs(root: Path, suite: str) -> Path:
    return Path(root) / RUNS_FOLDER / check_suite_name(suite)


def _summary(run_id: str, report: ValidationReport) -> RunSummary:
    return RunSummary(
        run_id=run_id,
        suite=report.suite,
        dataset=report.dataset,
        success=report.success,
        evaluated=report.statistics.evaluated,
        unsuccessful=report.statistics.unsuccessful,
        run_at=report.run_at,
    )


def _without_id(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_bytes())
    data.pop("run_id", None)
    return dict(data)
