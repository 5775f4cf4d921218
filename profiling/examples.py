"""Seeds a new workspace with the bundled real example datasets, once."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from profiling.errors import ProfilingError
from profiling.loading import LoadOptions, load_path
from profiling.settings import EXAMPLES_DIR
from profiling.workspace import DatasetMeta, Role, Workspace

_MARKER = ".examples-seeded"


class ExampleEntry(BaseModel):
    """One bundled example: the file, the dataset name, its role and the load options it needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    name: str
    role: Role
    options: LoadOptions


def seed_examples(workspace: Workspace, *, examples_dir: Path = EXAMPLES_DIR) -> list[DatasetMeta]:
    """Load every bundled example into a workspace that was never seeded; later calls do nothing.

    A user who deletes an example does not get it back on the next start: the marker file
    records that seeding happened.
    """
    marker = workspace.root / _MARKER
    if marker.exists():
        return []
    added = [
        workspace.add(
            load_path(examples_dir / entry.file, options=entry.options, name=entry.name),
            origin=f"example: {entry.file}",
            role=entry.role,
            name=entry.name,
        )
        for entry in example_entries(examples_dir)
    ]
    marker.write_text("Bundled examples were loaded into this workspace once.\n")
    return added


def example_entries(examples_dir: Path = EXAMPLES_DIR) -> list[ExampleEntry]:
    """The entries of the examples manifest."""
    try:
        raw = json.loads((examples_dir / "manifest.json").read_text())
        return [ExampleEntry.model_validate(item) for item in raw["datasets"]]
    except (OSError, ValueError, KeyError) as err:
        raise ProfilingError(
            f"The examples manifest {examples_dir / 'manifest.json'} cannot be read: {err}.",
            "Restore the examples folder from the repository.",
        ) from err
