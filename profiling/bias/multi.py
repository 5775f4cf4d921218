"""The same audit across several datasets side by side (train vs production, hospital sources), plus all rows pooled."""

from __future__ import annotations

import pandas as pd

from profiling.bias.attributes import choose_attributes
from profiling.bias.audit import audit_frame
from profiling.bias.models import BiasReport, ComparisonRow, DatasetColumn, MultiBiasReport
from profiling.bias.options import BiasOptions
from profiling.bias.target import resolve_outcome
from profiling.errors import ProfilingError


def audit_frames(frames: list[tuple[str, pd.DataFrame]], options: BiasOptions) -> MultiBiasReport:
    """Audit each dataset with the same target, outcome and attributes, then all rows pooled together."""
    if not frames:
        raise ProfilingError("No dataset to audit.", "Pick at least one dataset.")
    for name, frame in frames:
        if options.target not in frame.columns:
            raise ProfilingError(
                f"{name}: the target column {options.target!r} is not in this dataset.",
                "Audit datasets that share the target column, or rename it on the Datasets page.",
            )
    common = [c for c in frames[0][1].columns if all(c in f.columns for _, f in frames[1:])]
    pooled_frame = pd.concat([f[common] for _, f in frames], ignore_index=True) if len(frames) > 1 else frames[0][1]
    shared = _shared_options(pooled_frame, options)
    notes: list[str] = []
    reports = [_audit_one(name, frame, shared, options, notes) for name, frame in frames]
    pooled = None
    if len(frames) > 1:
        pooled = audit_frame(pooled_frame, shared, name=f"all {len(frames)} datasets pooled")
        notes.append(f"The pooled audit uses the {len(common)} columns every dataset has.")
    return MultiBiasReport(
        datasets=[name for name, _ in frames],
        reports=reports,
        pooled=pooled,
        comparison=_comparison(pooled or reports[0], reports),
        notes=notes,
    )


def _shared_options(pooled: pd.DataFrame, options: BiasOptions) -> BiasOptions:
    """The attributes and outcome decided once over all rows, so every dataset is audited the same way."""
    sensitive = options.sensitive
    if sensitive is None:
        found = choose_attributes(pooled, sensitive=None, target=options.target, age_bins=options.age_bins)
        sensitive = tuple(a.column for a in found)
    positive = options.positive or resolve_outcome(pooled, options.target, None).positive_class
    return options.model_copy(update={"sensitive": sensitive, "positive": positive})


def _audit_one(name: str, frame: pd.DataFrame, shared: BiasOptions, asked: BiasOptions, notes: list[str]) -> BiasReport:
    present = tuple(c for c in shared.sensitive or () if c in frame.columns)
    options = shared.model_copy(update={"sensitive": present})
    try:
        return audit_frame(frame, options, name=name)
    except ProfilingError as err:
        if asked.positive is not None:
            raise ProfilingError(f"{name}: {err.message}", err.hint) from err
        notes.append(
            f"{name}: the pooled outcome {shared.positive!r} does not apply ({err.message}); its own default is used."
        )
        return audit_frame(frame, options.model_copy(update={"positive": None}), name=name)


def _comparison(base: BiasReport, reports: list[BiasReport]) -> list[ComparisonRow]:
    rows = []
    for audit in base.attributes:
        for group in audit.groups:
            cells = []
            for report in reports:
                match = next(
                    (
                        g
                        for a in report.attributes
                        if a.attribute == audit.attribute
                        for g in a.groups
                        if g.group == group.group
                    ),
                    None,
                )
                cells.append(
                    DatasetColumn(
                        dataset=report.dataset,
                        count=match.count if match else 0,
                        share=match.share if match else 0.0,
                        positive_rate=match.positive_rate if match else None,
                        rate_ratio=match.rate_ratio if match else None,
                    )
                )
            rows.append(ComparisonRow(attribute=audit.attribute, group=group.group, datasets=cells))
    return rows
