"""Suites on disk in a plain Great Expectations 1.x file project (`<project>/gx/expectations/<name>.json`)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import great_expectations as gx

from profiling.errors import ProfilingError
from profiling.expectations.catalogue import build_expectation
from profiling.expectations.importing import REASON_KEY, check_suite_name, parse_suite, parse_suites
from profiling.expectations.models import SuiteDocument, SuiteError, SuiteInfo
from profiling.settings import Settings
from profiling.storage import atomic_write


class SuiteStore:
    """The suites of one GX file project; Prism writes them atomically, GX reads them as its own."""

    def __init__(self, project_dir: Path) -> None:
        self.project_dir = Path(project_dir)
        self.folder = self.project_dir / "gx" / "expectations"
        if not self.folder.is_dir():
            self._create_project()

    def suites(self) -> list[SuiteInfo]:
        """Every suite file, by name; a broken file is listed with its problem instead of breaking the list."""
        found = []
        for path in sorted(self.folder.glob("*.json")):
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="seconds")
            try:
                suite = self.load(path.stem)
                found.append(SuiteInfo(name=suite.name, expectations=len(suite.expectations), modified=modified))
            except ProfilingError as err:
                found.append(SuiteInfo(name=path.stem, expectations=0, modified=modified, problem=err.message))
        return found

    def load(self, name: str) -> SuiteDocument:
        """A saved suite, checked like an import."""
        path = self._path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError as err:
            known = ", ".join(p.stem for p in sorted(self.folder.glob("*.json"))) or "none"
            raise SuiteError(f"No suite named {name!r} in {self.folder}.", f"Suites there: {known}.") from err
        return parse_suite(data, source=f"suite file {path.name}")

    def save(self, suite: SuiteDocument, *, replace: bool = False) -> Path:
        """Write a suite (enabled expectations only) as GX 1.x JSON; refuses to overwrite unless `replace`."""
        path = self._path(suite.name)
        payload = json.dumps(to_gx_json(suite), indent=2, ensure_ascii=False, allow_nan=False)
        with self._locked():
            if path.exists() and not replace:
                raise SuiteError(f"A suite named {suite.name!r} already exists.", "Choose another name, or replace it.")
            self._write(path, payload.encode("utf-8"))
        return path

    def rename(self, old: str, new: str) -> SuiteDocument:
        suite = self.load(old)
        renamed = suite.model_copy(update={"name": check_suite_name(new)})
        if renamed.name == suite.name:
            return suite
        self.save(renamed)
        self.delete(old)
        return renamed

    def delete(self, name: str) -> None:
        with self._locked():
            path = self._path(name)
            if not path.exists():
                raise SuiteError(f"No suite named {name!r} to delete.")
            path.unlink()

    def export_json(self, name: str) -> bytes:
        """The suite file as stored: GX 1.x JSON that another project can import."""
        self.load(name)
        return self._path(name).read_bytes()

    def import_json(self, data: bytes, *, replace: bool = False, source: str = "the uploaded file") -> list[str]:
        """Import every suite in a file, or none: all are checked, and existing names refused, before any write."""
        suites = parse_suites(data, source=source)
        if not replace:
            taken = [s.name for s in suites if self._path(s.name).exists()]
            if taken:
                raise SuiteError(
                    f"A suite named {taken[0]!r} already exists; nothing was imported.",
                    "Rename it first, or replace it.",
                )
        for suite in suites:
            self.save(suite, replace=True)
        return [s.name for s in suites]

    def _path(self, name: str) -> Path:
        return self.folder / f"{check_suite_name(name)}.json"

    def _write(self, path: Path, data: bytes) -> None:
        try:
            atomic_write(path, data)
        except OSError as err:
            raise SuiteError(
                f"Could not save the suite {path.name} ({err.strerror or err}).",
                "Free disk space or check the permissions of the gx folder; the previous version is unchanged.",
            ) from err

    def _create_project(self) -> None:
        try:
            self.project_dir.mkdir(parents=True, exist_ok=True)
            gx.get_context(mode="file", project_root_dir=str(self.project_dir))
        except OSError as err:
            raise SuiteError(
                f"Cannot create a Great Expectations project in {self.project_dir}: {err.strerror or err}.",
                "Choose a folder you can write to (--project-dir).",
            ) from err
        self.folder.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.folder / ".prism-lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def to_gx_json(suite: SuiteDocument) -> dict[str, Any]:
    """The suite as Great Expectations 1.x serialises it, each expectation checked by building it in GX."""
    built = gx.ExpectationSuite(name=suite.name, id=str(uuid.uuid4()), notes=suite.notes)
    for index, spec in enumerate(suite.enabled()):
        meta = {**spec.meta, **({REASON_KEY: spec.reason} if spec.reason else {})}
        expectation = build_expectation(spec.model_copy(update={"meta": meta}), where=f"expectation {index + 1}: ")
        expectation.id = str(uuid.uuid4())
        built.expectations.append(expectation)
    data: dict[str, Any] = built.to_json_dict()
    data.setdefault("meta", {})["prism_saved_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return json.loads(json.dumps(data, allow_nan=False))


def default_project_dir() -> Path:
    """The workspace folder: the GX project lives beside the datasets."""
    return Settings.from_env().workspace_dir
