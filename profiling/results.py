"""Results computed once per dataset content and kept in the workspace: the fast profile and the full report."""

from __future__ import annotations

from profiling.bigfiles.profile import profile_file
from profiling.profile import DatasetProfile, cached_profile, profile_parquet
from profiling.workspace import DatasetMeta, Workspace
from profiling.ydata_report import Progress, ReportResult, ReportSettings, build_report, store_report, stored_report


def dataset_profile(workspace: Workspace, meta: DatasetMeta) -> DatasetProfile:
    """The fast profile of a stored dataset, computed by DuckDB over its Parquet file (every row, also when
    it is out of core: then under a memory cap, spilling to disk), cached by fingerprint."""
    path = workspace.parquet_path(meta.id)
    warnings = meta.load_report.warnings
    if meta.out_of_core:
        return cached_profile(
            workspace.root,
            meta.fingerprint,
            lambda: profile_file(path, name=meta.name, load_warnings=warnings, temp_dir=workspace.root),
        )
    return cached_profile(
        workspace.root, meta.fingerprint, lambda: profile_parquet(path, name=meta.name, load_warnings=warnings)
    )


def dataset_report(
    workspace: Workspace,
    meta: DatasetMeta,
    *,
    settings: ReportSettings | None = None,
    progress: Progress | None = None,
) -> ReportResult:
    """The full fg-data-profiling report of a stored dataset, cached by fingerprint and settings."""
    settings = settings or ReportSettings()
    kept = stored_report(workspace.root, meta.fingerprint, settings)
    if kept is not None:
        return kept
    result = build_report(workspace.frame(meta.id), title=meta.name, settings=settings, progress=progress)
    if meta.out_of_core:  # the frame was the stored sample: say so, with the dataset's real size
        stated = f"The dataset is out of core: the report uses its uniform sample of {result.rows_total:,} of {meta.rows:,} rows."
        result = result.model_copy(update={"rows_total": meta.rows, "notes": [stated, *result.notes]})
    store_report(workspace.root, meta.fingerprint, settings, result)
    return result


def kept_report(workspace: Workspace, meta: DatasetMeta, settings: ReportSettings) -> ReportResult | None:
    """The full report if it was already made with these settings (no work otherwise)."""
    return stored_report(workspace.root, meta.fingerprint, settings)
