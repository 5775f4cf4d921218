"""Adding a file to the workspace: loaded into pandas when it fits the memory budget, streamed out of core when not."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from profiling.bigfiles.plan import BigFilePlan, file_kind, plan_size
from profiling.loading import Limits, LoadOptions, load_bytes, load_path, sources
from profiling.workspace import DatasetMeta, Role, Workspace


def plan_for(filename: str, size_bytes: int, *, budget_bytes: int | None = None) -> BigFilePlan | None:
    """The memory plan of a Parquet or CSV file (None for formats that are always loaded in memory)."""
    return plan_size(filename, size_bytes, budget_bytes=budget_bytes) if file_kind(filename) else None


def over_budget(
    path: str | Path, *, data_root: Path | None = None, budget_bytes: int | None = None
) -> BigFilePlan | None:
    """The plan of a Parquet or CSV file on disk that is over the memory budget, else None."""
    resolved, size = _checked(path, data_root)
    plan = plan_for(resolved.name, size, budget_bytes=budget_bytes)
    return plan if plan is not None and plan.out_of_core else None


def add_path(
    workspace: Workspace,
    path: str | Path,
    *,
    origin: str,
    options: LoadOptions | None = None,
    limits: Limits | None = None,
    data_root: Path | None = None,
    role: Role = "unassigned",
    name: str | None = None,
    budget_bytes: int | None = None,
) -> DatasetMeta:
    """Store a file from disk; one over the budget goes out of core (same path checks as the loader)."""
    resolved, size = _checked(path, data_root)
    plan = plan_for(resolved.name, size, budget_bytes=budget_bytes)
    if plan is not None and plan.out_of_core:
        return workspace.add_file(
            resolved,
            origin=origin,
            filename=Path(os.fspath(path)).name,
            options=options,
            limits=limits,
            role=role,
            name=name,
            sample_rows=plan.sample_rows,
        )
    loaded = load_path(path, options=options, limits=limits, name=name, data_root=data_root)
    return workspace.add(loaded, origin=origin, role=role)


def add_bytes(
    workspace: Workspace,
    data: bytes,
    filename: str,
    *,
    origin: str,
    options: LoadOptions | None = None,
    limits: Limits | None = None,
    role: Role = "unassigned",
    name: str | None = None,
    budget_bytes: int | None = None,
) -> DatasetMeta:
    """Store an upload; one over the budget is written to a scratch file and streamed out of core."""
    plan = plan_for(filename, len(data), budget_bytes=budget_bytes)
    if plan is None or not plan.out_of_core:
        loaded = load_bytes(data, filename, options=options, limits=limits, name=name)
        return workspace.add(loaded, origin=origin, role=role)
    with tempfile.TemporaryDirectory(prefix=".upload-", dir=workspace.root) as folder:
        scratch = Path(folder) / f"upload{Path(filename).suffix.lower()}"
        scratch.write_bytes(data)
        return workspace.add_file(
            scratch,
            origin=origin,
            filename=filename,
            options=options,
            limits=limits,
            role=role,
            name=name,
            sample_rows=plan.sample_rows,
        )


def _checked(path: str | Path, data_root: Path | None) -> tuple[Path, int]:
    """The loader's path checks (no URLs, inside `data_root`, a regular file); the resolved path and size."""
    text = os.fspath(path)
    sources._check_path_string(text)
    resolved = sources._resolve(Path(text), data_root)
    return resolved, sources._stat_regular(resolved, text).st_size
