"""Where Prism keeps its workspace and reads server-side files, from environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from profiling.loading.models import Limits

WORKSPACE_ENV = "PRISM_WORKSPACE"
DATA_DIR_ENV = "PRISM_DATA_DIR"
MAX_UPLOAD_MB_ENV = "PRISM_MAX_UPLOAD_MB"
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
        max_mb = int(os.environ.get(MAX_UPLOAD_MB_ENV, "1024"))
        return cls(
            workspace_dir=Path(os.environ.get(WORKSPACE_ENV, "workspace")).resolve(),
            data_dir=Path(os.environ.get(DATA_DIR_ENV, "data")).resolve(),
            max_upload_mb=max_mb,
            limits=Limits(max_file_bytes=max_mb * 1024**2),
        )
