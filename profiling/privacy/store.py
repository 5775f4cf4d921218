"""Privacy results kept in the workspace: the cached report and each dataset's privacy decision (privacy/<id>.json)."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from profiling.bigfiles.plan import sample_size
from profiling.errors import ColumnNotFoundError, WorkspaceError
from profiling.loading import Loaded, LoadReport, LoadWarning
from profiling.privacy.detect import DetectOptions
from profiling.privacy.redact import RedactionPlan, redact_frame, redact_parquet
from profiling.privacy.report import PrivacyReport
from profiling.privacy.scan import privacy_report
from profiling.storage import atomic_write
from profiling.workspace import DatasetMeta, Workspace

FOLDER = "privacy"


class PrivacySettings(BaseModel):
    """The privacy decision of one dataset: is privacy mode on, and which columns are masked when it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dataset_id: str
    privacy_mode: bool
    masked_columns: list[str]
    automatic: bool  # True: derived from the findings, never saved by a person
    updated_at: str | None = None


def dataset_privacy_report(
    workspace: Workspace, meta: DatasetMeta, *, options: DetectOptions | None = None
) -> PrivacyReport:
    """The privacy report of a stored dataset (default quasi-identifiers), cached by content fingerprint and options.

    A dataset kept out of core is scanned on its stated sample, and the report's `note` says so.
    """
    options = options or DetectOptions()
    key = hashlib.sha256(options.model_dump_json().encode()).hexdigest()[:12]
    path = _folder(workspace) / "reports" / f"{meta.fingerprint}-{key}.json"
    note = sample_note(meta)
    if path.is_file():
        try:
            return PrivacyReport.model_validate_json(path.read_bytes()).model_copy(update={"note": note})
        except (OSError, ValidationError):
            pass  # an unreadable cache entry is rebuilt below
    report = privacy_report(workspace.frame(meta.id), name=meta.name, options=options)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, report.model_dump_json(indent=2).encode())
    return report.model_copy(update={"note": note})


def sample_note(meta: DatasetMeta) -> str | None:
    """For a dataset kept out of core, the rows a privacy analysis of its frame runs on (None for one in memory)."""
    if not meta.out_of_core:
        return None
    return (
        f"Computed on a uniform sample of {meta.sample_rows or 0:,} of {meta.rows:,} rows of {meta.name!r} (kept "
        "out of core): match fractions, examples, k and group sizes are the sample's."
    )


def privacy_settings(workspace: Workspace, meta: DatasetMeta) -> PrivacySettings:
    """The saved decision, or the automatic one: privacy mode on, direct identifiers masked, when any are found."""
    path = _settings_path(workspace, meta)
    if path.is_file():
        try:
            return PrivacySettings.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as err:
            raise WorkspaceError(
                f"The privacy settings of dataset {meta.name!r} ({path}) cannot be read.",
                "Save the privacy settings again on the Privacy page, or delete that file.",
            ) from err
    report = dataset_privacy_report(workspace, meta)
    return PrivacySettings(
        dataset_id=meta.id,
        privacy_mode=report.privacy_mode_recommended,
        masked_columns=report.direct_identifiers,
        automatic=True,
    )


def save_privacy_settings(
    workspace: Workspace, meta: DatasetMeta, *, privacy_mode: bool, masked_columns: list[str]
) -> PrivacySettings:
    """Keep a person's privacy decision for a dataset; every page masks by it from then on."""
    unknown = [c for c in masked_columns if c not in meta.column_names]
    if unknown:
        raise ColumnNotFoundError(
            f"Dataset {meta.name!r} has no column(s) {', '.join(map(repr, unknown))} to mask.",
            "Choose columns of this dataset.",
        )
    settings = PrivacySettings(
        dataset_id=meta.id,
        privacy_mode=privacy_mode,
        masked_columns=[c for c in meta.column_names if c in set(masked_columns)],
        automatic=False,
        updated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    _folder(workspace).mkdir(parents=True, exist_ok=True)
    atomic_write(_settings_path(workspace, meta), settings.model_dump_json(indent=2).encode())
    return settings


def masked_columns(workspace: Workspace, meta: DatasetMeta) -> set[str]:
    """The columns whose values every page and export must mask for this dataset (empty when privacy mode is off)."""
    settings = privacy_settings(workspace, meta)
    return set(settings.masked_columns) if settings.privacy_mode else set()


def save_redacted_copy(
    workspace: Workspace, meta: DatasetMeta, plan: RedactionPlan, *, name: str | None = None
) -> DatasetMeta:
    """Store a redacted copy of a dataset as a new dataset; its load report lists what was masked, hashed or dropped.

    A dataset kept out of core is redacted over every row, batch by batch from its Parquet file, into a new
    out-of-core dataset (its origin names what was redacted); never over the in-memory sample.
    """
    if meta.out_of_core:
        return _save_redacted_parquet(workspace, meta, plan, name=name or f"{meta.name} (redacted)")
    frame = redact_frame(workspace.frame(meta.id), plan)
    notes = [
        LoadWarning(
            type=f"redacted_{action}",
            message=f"Column {column!r}: values {_DONE[action]} (redacted copy of {meta.name!r}).",
            column=column,
        )
        for column, action in plan.actions.items()
        if action != "keep"
    ]
    report = LoadReport.derived(
        frame, name=name or f"{meta.name} (redacted)", source=f"redacted copy of dataset {meta.id}", warnings=notes
    )
    return workspace.add(Loaded(frame, report), origin=f"redacted: {meta.name}", role=meta.role, name=report.name)


def _save_redacted_parquet(workspace: Workspace, meta: DatasetMeta, plan: RedactionPlan, *, name: str) -> DatasetMeta:
    done = "; ".join(f"{column} {_DONE[action]}" for column, action in plan.actions.items() if action != "keep")
    with tempfile.TemporaryDirectory(prefix=".redact-", dir=workspace.root) as folder:
        scratch = Path(folder) / f"{meta.id}-redacted.parquet"
        redact_parquet(workspace.parquet_path(meta.id), scratch, plan)
        return workspace.add_file(
            scratch,
            origin=f"redacted: {meta.name} ({done or 'nothing changed'})",
            filename=f"{name}.parquet",
            role=meta.role,
            name=name,
            sample_rows=meta.sample_rows or sample_size(),
        )


_DONE = {"mask": "masked", "hash": "replaced by salted hashes", "drop": "dropped"}


def _folder(workspace: Workspace) -> Path:
    return workspace.root / FOLDER


def _settings_path(workspace: Workspace, meta: DatasetMeta) -> Path:
    return _folder(workspace) / f"{meta.id}.json"
