"""The server-side data folder: which files it offers for loading (paths inside it only)."""

from __future__ import annotations

import os
from pathlib import Path

LOADABLE_SUFFIXES = (
    ".csv",
    ".tsv",
    ".txt",
    ".data",
    ".test",
    ".dat",
    ".psv",
    ".parquet",
    ".pq",
    ".xlsx",
    ".xlsm",
    ".json",
    ".jsonl",
    ".ndjson",
    ".gz",
    ".zip",
)


def list_files(root: Path, *, max_files: int = 1000) -> list[str]:
    """Relative paths of loadable files under `root`, sorted; links and hidden folders are not followed."""
    if not root.is_dir():
        return []
    found: list[str] = []
    for folder, subfolders, files in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if name.lower().endswith(LOADABLE_SUFFIXES) and not name.startswith(".") and not path.is_symlink():
                found.append(str(path.relative_to(root)))
                if len(found) >= max_files:
                    return found
    return found
