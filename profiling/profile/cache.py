"""Profiles cached in the workspace by dataset fingerprint, written atomically and versioned."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from profiling.profile.models import SCHEMA_VERSION, DatasetProfile

_FINGERPRINT = re.compile(r"^[0-9A-Za-z_-]{1,128}$")


def cached_profile(workspace_root: Path, fingerprint: str, compute: Callable[[], DatasetProfile]) -> DatasetProfile:
    """The stored profile for `fingerprint`, or `compute()`'s result, stored for next time.

    A file from another schema version, or one that no longer parses, is recomputed and replaced.
    """
    if not _FINGERPRINT.match(fingerprint):
        raise ValueError(f"Not a fingerprint: {fingerprint!r}")
    path = Path(workspace_root) / "profiles" / f"{fingerprint}.json"
    stored = _read(path)
    if stored is not None:
        return stored
    profile = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, profile.model_dump_json().encode())
    return profile


def _read(path: Path) -> DatasetProfile | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        return None
    try:
        return DatasetProfile.model_validate(data)
    except ValidationError:
        return None


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a temporary file beside `path`, fsync it, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
