"""The privacy report of a table: detection, classification and re-identification risk in one call."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pandas as pd

from profiling.privacy.detect import DetectOptions, detect_columns
from profiling.privacy.redact import privacy_mode_default
from profiling.privacy.report import ColumnFinding, PrivacyReport
from profiling.privacy.risk import reidentification

DEFAULT_QI_CONFIDENCE = 0.5


def privacy_report(
    frame: pd.DataFrame,
    *,
    name: str,
    quasi_identifiers: Sequence[str] | None = None,
    options: DetectOptions | None = None,
    k_threshold: int = 5,
) -> PrivacyReport:
    """Find personal data per column and measure re-identification risk (over the found quasi-identifiers by default)."""
    started = time.perf_counter()
    findings = detect_columns(frame, options=options)
    chosen = default_quasi_identifiers(findings) if quasi_identifiers is None else list(quasi_identifiers)
    risk = reidentification(frame, chosen, k_threshold=k_threshold)
    found = {f.column for f in findings}
    report = PrivacyReport(
        dataset=name,
        rows=len(frame),
        columns=findings,
        clean_columns=[str(c) for c in frame.columns if str(c) not in found],
        reidentification=risk,
        privacy_mode_recommended=False,
        seconds=0.0,
    )
    return report.model_copy(
        update={
            "privacy_mode_recommended": privacy_mode_default(report),
            "seconds": round(time.perf_counter() - started, 3),
        }
    )


def default_quasi_identifiers(findings: Sequence[ColumnFinding]) -> list[str]:
    """The columns classified as quasi-identifiers (age, sex, postal code, ...) with a confidence of at least 0.5.

    A column that is only a date (confidence 0.3) is left out: most dates in ML data are events, not people's.
    """
    return [f.column for f in findings if f.category == "quasi_identifier" and f.confidence >= DEFAULT_QI_CONFIDENCE]
