"""Drift between stored workspace datasets (or one split in two), computed over Parquet and kept by content hash."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import pyarrow as pa
from pydantic import BaseModel, ConfigDict

from profiling.drift.detector import detect_drift
from profiling.drift.files import compare_file_split, compare_files, read_parquet
from profiling.drift.models import DriftOptions, DriftReport
from profiling.drift.split import split_by_period, split_by_value
from profiling.storage import atomic_write
from profiling.workspace import DatasetMeta, Workspace

FOLDER = "drift"


class SplitSpec(BaseModel):
    """One dataset in two: rows with `column` = reference vs = current, or two time windows of a date column."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    by: Literal["value", "period"] = "value"
    reference: str
    current: str
    freq: Literal["year", "month", "day"] = "month"

    def apply(self, table: pa.Table) -> tuple[pa.Table, pa.Table, str]:
        if self.by == "period":
            return split_by_period(table, self.column, reference=self.reference, current=self.current, freq=self.freq)
        return split_by_value(table, self.column, reference=self.reference, current=self.current)


def read_table(workspace: Workspace, meta: DatasetMeta, *, columns: list[str] | None = None) -> pa.Table:
    """A stored dataset's rows as Arrow, straight from its Parquet file (only `columns` when given)."""
    return read_parquet(workspace.parquet_path(meta.id), columns=columns)


def report_table(workspace: Workspace, meta: DatasetMeta) -> pa.Table:
    """The rows a pandas-based report gets: all of them, or the stated sample of a dataset kept out of core."""
    if _out_of_core(meta):
        return pa.Table.from_pandas(workspace.frame(meta.id), preserve_index=False)
    return read_table(workspace, meta)


def dataset_drift(
    workspace: Workspace, reference: DatasetMeta, current: DatasetMeta, *, options: DriftOptions | None = None
) -> DriftReport:
    """Drift of `current` against `reference`, cached under `<workspace>/drift/` by both fingerprints and options."""
    options = options or DriftOptions()
    path = _path(workspace.root, reference.fingerprint, current.fingerprint, options.model_dump_json())
    kept = _kept(path)
    if kept is not None:
        return kept
    if _out_of_core(reference) or _out_of_core(current):
        # over the memory budget: DuckDB scans both stored Parquet files, every row, never loaded whole
        report = compare_files(
            workspace.parquet_path(reference.id),
            workspace.parquet_path(current.id),
            options=options,
            reference_name=reference.name,
            current_name=current.name,
        )
    else:
        report = detect_drift(
            read_table(workspace, reference),
            read_table(workspace, current),
            options=options,
            reference_name=reference.name,
            current_name=current.name,
        )
    _keep(path, report)
    return report


def split_drift(
    workspace: Workspace, meta: DatasetMeta, split: SplitSpec, *, options: DriftOptions | None = None
) -> DriftReport:
    """Drift between two parts of one dataset, cached by its fingerprint, the split and the options."""
    options = options or DriftOptions()
    path = _path(workspace.root, meta.fingerprint, split.model_dump_json(), options.model_dump_json())
    kept = _kept(path)
    if kept is not None:
        return kept
    names = (f"{meta.name} [{split.column} {split.reference}]", f"{meta.name} [{split.column} {split.current}]")
    if _out_of_core(meta):
        report = compare_file_split(workspace.parquet_path(meta.id), **split.model_dump(), options=options, names=names)
    else:
        reference, current, label = split.apply(read_table(workspace, meta))
        report = detect_drift(
            reference, current, options=options, reference_name=names[0], current_name=names[1], split=label
        )
    _keep(path, report)
    return report


def _out_of_core(meta: DatasetMeta) -> bool:
    """Kept out of core by the workspace (its rows stay in Parquet; pandas only gets a sample)."""
    return bool(getattr(meta, "out_of_core", False))


def _path(root: Path, *parts: str) -> Path:
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return Path(root) / FOLDER / f"{digest}.json"


def _kept(path: Path) -> DriftReport | None:
    try:
        return DriftReport.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def _keep(path: Path, report: DriftReport) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, report.model_dump_json().encode())
