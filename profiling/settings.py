"""Where Prism keeps its workspace and reads server-side files, from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from profiling.errors import ProfilingError
from profiling.loading.models import Limits

WORKSPACE_ENV = "PRISM_WORKSPACE"
DATA_DIR_ENV = "PRISM_DATA_DIR"
MAX_UPLOAD_MB_ENV = "PRISM_MAX_UPLOAD_MB"
# Limits on what a load may produce, each overridable (see README, Configuration).
LIMIT_ENVS = {
    "max_uncompressed_bytes": ("PRISM_MAX_UNCOMPRESSED_MB", 1024**2),
    "max_columns": ("PRISM_MAX_COLUMNS", 1),
    "max_cell_chars": ("PRISM_MAX_CELL_CHARS", 1),
}
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class Settings:
    """Paths and limits in force; every one can be changed by an environment variable."""

    workspace_dir: Path
    data_dir: Path
    max_upload_mb: int
    limits: Limits

    @classmethod
    def from_env(cls) -> Settings:
        """Read PRISM_WORKSPACE (default ./workspace), PRISM_DATA_DIR (./data), PRISM_MAX_UPLOAD_MB."""
        max_mb = _positive_int(MAX_UPLOAD_MB_ENV, "1024")
        limits = {"max_file_bytes": max_mb * 1024**2}
        for field, (variable, unit) in LIMIT_ENVS.items():
            if variable in os.environ:
                limits[field] = _positive_int(variable, "1") * unit
        return cls(
            workspace_dir=Path(os.environ.get(WORKSPACE_ENV, "workspace")).resolve(),
            data_dir=Path(os.environ.get(DATA_DIR_ENV, "data")).resolve(),
            max_upload_mb=max_mb,
            limits=Limits(**limits),
        )


def _positive_int(variable: str, default: str) -> int:
    raw = os.environ.get(variable, default)
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ProfilingError(
            f"The environment variable {variable}={raw!r} is not a positive whole number.",
            f"Set {variable} to a number such as {default}, or unset it.",
        )
    return int(raw)
