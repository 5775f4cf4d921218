"""Results computed once per dataset content and kept in the workspace: the fast profile and the full report."""

from __future__ import annotations

from profiling.profile import DatasetProfile, cached_profile, profile_parquet
from profiling.workspace import DatasetMeta, Workspace
from profiling.ydata_report import Progress, ReportResult, ReportSettings, build_report, store_report, stored_report


def dataset_profile(workspace: Workspace, meta: DatasetMeta) -> DatasetProfile:
    """The fast profile of a stored dataset, computed by DuckDB over its Parquet file, cached by fingerprint."""
    return cached_profile(
        workspace.root,
        meta.fingerprint,
        lambda: profile_parquet(
            workspace.parquet_path(meta.id), name=meta.name, load_warnings=meta.load_report.warnings
        ),
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
    store_report(workspace.root, meta.fingerprint, settings, result)
    return result


def kept_report(workspace: Workspace, meta: DatasetMeta, settings: ReportSettings) -> ReportResult | None:
    """The full report if it was already made with these settings (no work otherwise)."""
    return stored_report(workspace.root, meta.fingerprint, settings)
