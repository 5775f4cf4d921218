"""The workspace on disk: each dataset once, as Parquet plus a metadata JSON, written atomically."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from profiling.bigfiles.plan import DATA_FILE, SAMPLE_FILE, SAMPLE_ROWS, out_of_core_note
from profiling.errors import DatasetNotFoundError, WorkspaceError
from profiling.loading import Limits, Loaded, LoadOptions, LoadReport
from profiling.storage import atomic_write

Role = Literal["unassigned", "reference", "current", "source"]
ROLES: tuple[Role, ...] = ("unassigned", "reference", "current", "source")
_ID = re.compile(r"^[0-9a-f]{16}$")
_MAX_NAME = 120


class DatasetMeta(BaseModel):
    """What the workspace knows of one dataset besides its rows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    origin: str
    role: Role = "unassigned"
    fingerprint: str
    rows: int
    columns: int
    column_names: list[str]
    size_bytes: int
    created_at: str
    load_report: LoadReport
    # Over the memory budget: the rows stay in Parquet (DuckDB reads them); pandas gets a sample.
    out_of_core: bool = False
    sample_rows: int | None = None

    @property
    def warning_count(self) -> int:
        return len(self.load_report.warnings)

    @property
    def scale_note(self) -> str | None:
        """For a dataset kept out of core, what runs over every row and what on the sample; else None."""
        return out_of_core_note(self.sample_rows or 0) if self.out_of_core else None


class Workspace:
    """A folder of datasets (`datasets/<id>/data.parquet` + `meta.json`) shared by every session."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._datasets = self.root / "datasets"
        try:
            self._datasets.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WorkspaceError(
                f"Cannot create the workspace folder {self.root}: {err.strerror}.",
                "Set PRISM_WORKSPACE to a folder you can write to.",
            ) from err

    # -- reading -------------------------------------------------------------------------
    def datasets(self) -> list[DatasetMeta]:
        """Every dataset, oldest first; unreadable metadata is skipped (see `problems`)."""
        metas = [meta for meta, _ in self._scan() if meta is not None]
        return sorted(metas, key=lambda m: (m.created_at, m.name))

    def problems(self) -> list[str]:
        """One sentence per dataset folder whose metadata cannot be read."""
        return [problem for meta, problem in self._scan() if meta is None and problem]

    def get(self, dataset_id: str) -> DatasetMeta:
        """The metadata of one dataset by id."""
        path = self._meta_path(dataset_id)
        if not path.is_file():
            raise DatasetNotFoundError(f"No dataset with id {dataset_id!r} in the workspace {self.root}.")
        return self._read_meta(path)

    def find(self, name_or_id: str) -> DatasetMeta:
        """A dataset by exact name, or by id."""
        for meta in self.datasets():
            if name_or_id in (meta.name, meta.id):
                return meta
        names = ", ".join(m.name for m in self.datasets()) or "none"
        raise DatasetNotFoundError(
            f"No dataset named {name_or_id!r} in the workspace {self.root}.", f"Datasets there: {names}."
        )

    def frame(self, dataset_id: str) -> pd.DataFrame:
        """The rows of a dataset, read from its Parquet file; for one kept out of core, its stated sample."""
        meta = self.get(dataset_id)
        try:
            return pd.read_parquet(self._datasets / dataset_id / (SAMPLE_FILE if meta.out_of_core else DATA_FILE))
        except (OSError, ValueError) as err:
            raise WorkspaceError(
                f"The data of dataset {dataset_id} cannot be read: {err}.", "Delete it and load the file again."
            ) from err

    def parquet_path(self, dataset_id: str) -> Path:
        """Where a dataset's rows lie, for engines that read Parquet where it is (DuckDB)."""
        self.get(dataset_id)
        return self._datasets / dataset_id / DATA_FILE

    # -- writing -------------------------------------------------------------------------
    def add(self, loaded: Loaded, *, origin: str, role: Role = "unassigned", name: str | None = None) -> DatasetMeta:
        """Store a loaded dataset once: the same content already stored returns the stored one."""
        fingerprint = fingerprint_frame(loaded.frame)
        dataset_id = fingerprint[:16]
        with self._locked():
            if self._meta_path(dataset_id).is_file():
                return self.get(dataset_id)
            meta = DatasetMeta(
                id=dataset_id,
                name=self._free_name(_clean_name(name or loaded.report.name)),
                origin=origin,
                role=role,
                fingerprint=fingerprint,
                rows=len(loaded.frame),
                columns=loaded.frame.shape[1],
                column_names=[str(c) for c in loaded.frame.columns],
                size_bytes=0,
                created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
                load_report=loaded.report,
            )
            return self._write_new(meta, loaded.frame)

    def add_file(
        self,
        path: Path,
        *,
        origin: str,
        filename: str | None = None,
        options: LoadOptions | None = None,
        limits: Limits | None = None,
        role: Role = "unassigned",
        name: str | None = None,
        sample_rows: int = SAMPLE_ROWS,
    ) -> DatasetMeta:
        """Store a Parquet or CSV file over the memory budget out of core: DuckDB streams it into the
        workspace Parquet and writes a uniform sample for pandas; its rows are never loaded into pandas."""
        from profiling.bigfiles.ingest import fingerprint_file, store_file  # DuckDB, only for big files

        options = options or LoadOptions()
        filename = filename or Path(path).name
        fingerprint = fingerprint_file(Path(path), options=options)
        dataset_id = fingerprint[:16]
        if self._meta_path(dataset_id).is_file():
            return self.get(dataset_id)
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self._datasets))
        try:
            stored = store_file(
                Path(path),
                staging,
                filename=filename,
                options=options,
                limits=limits,
                name=name,
                sample_rows=sample_rows,
            )
            with self._locked():
                if self._meta_path(dataset_id).is_file():
                    return self.get(dataset_id)
                meta = DatasetMeta(
                    id=dataset_id,
                    name=self._free_name(_clean_name(name or filename)),
                    origin=origin,
                    role=role,
                    fingerprint=fingerprint,
                    rows=stored.rows,
                    columns=stored.report.columns,
                    column_names=stored.report.column_names,
                    size_bytes=(staging / DATA_FILE).stat().st_size,
                    created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
                    load_report=stored.report,
                    out_of_core=True,
                    sample_rows=stored.sample_rows,
                )
                atomic_write(staging / "meta.json", meta.model_dump_json(indent=2).encode())
                os.replace(staging, self._datasets / meta.id)
            return meta
        except OSError as err:
            raise WorkspaceError(
                f"Could not save dataset {filename!r} to the workspace: {err.strerror or err}.",
                "Free disk space or check the folder's permissions; nothing already saved was changed.",
            ) from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def rename(self, dataset_id: str, new_name: str) -> DatasetMeta:
        """Give a dataset a new name, unique in the workspace."""
        name = _clean_name(new_name)
        with self._locked():
            meta = self.get(dataset_id)
            if name != meta.name and any(m.name == name for m in self.datasets()):
                raise WorkspaceError(f"A dataset named {name!r} already exists.", "Choose another name.")
            return self._update(meta, name=name)

    def set_role(self, dataset_id: str, role: Role) -> DatasetMeta:
        """Tag a dataset as reference, current, source or unassigned."""
        if role not in ROLES:
            raise WorkspaceError(f"Unknown role {role!r}.", f"Use one of: {', '.join(ROLES)}.")
        with self._locked():
            return self._update(self.get(dataset_id), role=role)

    def delete(self, dataset_id: str) -> None:
        """Remove a dataset: its folder is moved aside first, so a crash never leaves half of it."""
        with self._locked():
            self.get(dataset_id)
            trash = self._datasets / f".deleted-{dataset_id}-{os.getpid()}"
            os.replace(self._datasets / dataset_id, trash)
            shutil.rmtree(trash, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------------
    def _scan(self) -> Iterator[tuple[DatasetMeta | None, str]]:
        for folder in sorted(self._datasets.iterdir()):
            if not _ID.match(folder.name):
                continue
            try:
                yield self._read_meta(folder / "meta.json"), ""
            except WorkspaceError as err:
                yield None, err.message

    def _read_meta(self, path: Path) -> DatasetMeta:
        try:
            return DatasetMeta.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as err:
            raise WorkspaceError(
                f"The metadata file {path} is missing or invalid ({type(err).__name__}).",
                "Delete that dataset folder and load the file again.",
            ) from err

    def _meta_path(self, dataset_id: str) -> Path:
        if not _ID.match(dataset_id):
            raise DatasetNotFoundError(f"{dataset_id!r} is not a dataset id.")
        return self._datasets / dataset_id / "meta.json"

    def _free_name(self, name: str) -> str:
        taken = {m.name for m in self.datasets()}
        candidate, number = name, 2
        while candidate in taken:
            candidate, number = f"{name} ({number})", number + 1
        return candidate

    def _write_new(self, meta: DatasetMeta, frame: pd.DataFrame) -> DatasetMeta:
        staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self._datasets))
        try:
            frame.to_parquet(staging / DATA_FILE, index=False)
            meta = meta.model_copy(update={"size_bytes": (staging / DATA_FILE).stat().st_size})
            atomic_write(staging / "meta.json", meta.model_dump_json(indent=2).encode())
            os.replace(staging, self._datasets / meta.id)
        except OSError as err:
            raise WorkspaceError(
                f"Could not save dataset {meta.name!r} to the workspace: {err.strerror or err}.",
                "Free disk space or check the folder's permissions; nothing already saved was changed.",
            ) from err
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return meta

    def _update(self, meta: DatasetMeta, **changes: object) -> DatasetMeta:
        updated = meta.model_copy(update=changes)
        DatasetMeta.model_validate(updated.model_dump())
        atomic_write(self._meta_path(meta.id), updated.model_dump_json(indent=2).encode())
        return updated

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time across processes and sessions (an advisory lock file)."""
        with open(self.root / ".lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def fingerprint_frame(frame: pd.DataFrame) -> str:
    """A content hash of a table: column names, types and every value (row order matters)."""
    digest = hashlib.sha256()
    digest.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    if len(frame) and frame.shape[1]:
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    digest.update(str(frame.shape).encode())
    return digest.hexdigest()


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())[:_MAX_NAME]
    if not cleaned:
        raise WorkspaceError("A dataset name cannot be empty.", "Type a name with at least one visible character.")
    return cleaned
