"""Harmonised datasets written back to the workspace (or to files), with the spec that made them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from profiling.errors import ProfilingError
from profiling.loading import Loaded, LoadReport, LoadWarning
from profiling.schema.mapping import MappingSpec, apply_mapping
from profiling.storage import atomic_write
from profiling.workspace import DatasetMeta, Workspace

FOLDER = "schema"  # the workspace sub-folder where applied mapping specs are kept


def harmonise_into_workspace(
    workspace: Workspace, spec: MappingSpec, metas: dict[str, DatasetMeta], *, suffix: str = "harmonised"
) -> list[DatasetMeta]:
    """Apply the spec to stored datasets (by source name) and store each result as a new dataset.

    Refused, before anything is written, when a dataset is kept out of core: its frame is only a sample, and a
    harmonised copy of the sample would silently drop rows.
    """
    refuse_out_of_core(metas)
    frames = {name: workspace.frame(meta.id) for name, meta in metas.items()}
    harmonised = apply_mapping(spec, frames)
    digest = save_spec(workspace, spec)
    added = []
    for name, frame in harmonised.items():
        meta = metas.get(name)
        role = meta.role if meta is not None else "source"
        loaded = Loaded(frame, _report(f"{name}_{suffix}", frame, spec, name))
        added.append(
            workspace.add(loaded, origin=f"harmonised by mapping {digest}", role=role, name=f"{name}_{suffix}")
        )
    return added


def refuse_out_of_core(metas: dict[str, DatasetMeta]) -> None:
    """Raise, naming them, when any of these datasets is kept out of core (harmonised copies need every row)."""
    big = [meta for meta in metas.values() if meta.out_of_core]
    if big:
        names = ", ".join(f"{m.name!r} ({m.rows:,} rows, {m.sample_rows or 0:,} in memory)" for m in big)
        raise ProfilingError(
            f"Harmonised copies are not saved for datasets kept out of core: {names}. "
            "Only a sample of their rows is in memory, and a copy of it would drop the other rows.",
            "Download the mapping (JSON) and apply it to the whole file with `python -m profiling harmonize FILES "
            "--mapping mapping.json --out DIR` on a machine whose memory holds the file, or leave these datasets out.",
        )


def save_spec(workspace: Workspace, spec: MappingSpec) -> str:
    """Keep the spec under <workspace>/schema/<hash>.json; returns the hash."""
    body = spec.model_dump_json(indent=2).encode()
    digest = hashlib.sha256(body).hexdigest()[:16]
    folder = workspace.root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{digest}.json", body)
    return digest


def write_harmonised(spec: MappingSpec, frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Apply the spec and write one CSV per harmonised dataset (and the union) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in apply_mapping(spec, frames).items():
        path = out_dir / f"{Path(name).name}.csv"
        atomic_write(path, frame.to_csv(index=False).encode("utf-8"))
        written.append(path)
    atomic_write(out_dir / "mapping.json", spec.model_dump_json(indent=2).encode())
    return written


def _report(name: str, frame: pd.DataFrame, spec: MappingSpec, source: str) -> LoadReport:
    notes = [LoadWarning(type="harmonised", message=_describe(spec, source))]
    return LoadReport.derived(frame, name=name, source=f"harmonised from {source}", warnings=notes)


def _describe(spec: MappingSpec, source: str) -> str:
    """One sentence naming every change the spec made to this source."""
    renames, recodes, scales, markers = [], 0, [], 0
    for column in spec.accepted():
        original = column.columns.get(source)
        if original is not None and original != column.target:
            renames.append(f"{original!r} -> {column.target!r}")
        recodes += len(column.recode.get(source, {}))
        if source in column.scale:
            scales.append(f"{column.target!r} x {column.scale[source]:g}")
        markers += len(column.missing_values.get(source, []))
    if source not in spec.sources:
        return f"Union of {', '.join(spec.sources)} with a {spec.source_column!r} column naming each row's source."
    parts = [f"renamed {', '.join(renames)}" if renames else "no column renamed", f"{recodes} value(s) recoded"]
    parts += [f"rescaled {', '.join(scales)}"] if scales else []
    parts += [f"{markers} missing marker(s) unified"] if markers else []
    return "Harmonised: " + "; ".join(parts) + "."
