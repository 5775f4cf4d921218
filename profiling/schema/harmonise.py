"""Harmonised datasets written back to the workspace (or to files), with the spec that made them."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd

from profiling.bigfiles.plan import sample_size
from profiling.loading import Loaded, LoadReport, LoadWarning
from profiling.schema.harmonise_stream import BATCH_ROWS, Progress, Source, StreamedFile, harmonise_sources
from profiling.schema.mapping import MappingSpec, apply_mapping
from profiling.storage import atomic_write
from profiling.workspace import DatasetMeta, Role, Workspace

FOLDER = "schema"  # the workspace sub-folder where applied mapping specs are kept


def harmonise_into_workspace(
    workspace: Workspace,
    spec: MappingSpec,
    metas: dict[str, DatasetMeta],
    *,
    suffix: str = "harmonised",
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> list[DatasetMeta]:
    """Apply the spec to stored datasets (by source name) and store each result as a new dataset.

    A dataset kept out of core is harmonised over every row, never over its in-memory sample: its Parquet file is
    streamed in record batches (`harmonise_sources`) into a new out-of-core dataset, and so is the union when
    it includes one. The other datasets are harmonised in memory, in the same column types.
    """
    if not any(meta.out_of_core for meta in metas.values()):
        frames = {name: workspace.frame(meta.id) for name, meta in metas.items()}
        harmonised = apply_mapping(spec, frames)
        digest = save_spec(workspace, spec)
        return [_add_frame(workspace, spec, name, frame, metas, digest, suffix) for name, frame in harmonised.items()]
    sources: dict[str, Source] = {
        name: workspace.parquet_path(meta.id) if meta.out_of_core else workspace.frame(meta.id)
        for name, meta in metas.items()
    }
    with tempfile.TemporaryDirectory(prefix=".harmonise-", dir=workspace.root) as folder:
        results = harmonise_sources(spec, sources, Path(folder), batch_rows=batch_rows, progress=progress)
        digest = save_spec(workspace, spec)
        samples = [meta.sample_rows for meta in metas.values() if meta.sample_rows]
        sample_rows = max(samples) if samples else sample_size()
        added = []
        for name, result in results.items():
            if isinstance(result, pd.DataFrame):
                added.append(_add_frame(workspace, spec, name, result, metas, digest, suffix))
            else:
                if progress is not None:
                    progress(f"Storing {name}_{suffix} ({result.rows:,} rows) in the workspace", 1.0)
                added.append(_add_file(workspace, spec, name, result, metas, digest, suffix, sample_rows))
        return added


def _add_frame(
    workspace: Workspace,
    spec: MappingSpec,
    name: str,
    frame: pd.DataFrame,
    metas: dict[str, DatasetMeta],
    digest: str,
    suffix: str,
) -> DatasetMeta:
    loaded = Loaded(frame, _report(f"{name}_{suffix}", frame, spec, name))
    return workspace.add(
        loaded, origin=f"harmonised by mapping {digest}", role=_role(metas, name), name=f"{name}_{suffix}"
    )


def _add_file(
    workspace: Workspace,
    spec: MappingSpec,
    name: str,
    result: StreamedFile,
    metas: dict[str, DatasetMeta],
    digest: str,
    suffix: str,
    sample_rows: int,
) -> DatasetMeta:
    """Store a streamed harmonised file as an out-of-core dataset, its load report noting what was harmonised."""
    meta = workspace.add_file(
        result.path,
        origin=f"harmonised by mapping {digest}",
        filename=f"{name}_{suffix}.parquet",
        role=_role(metas, name),
        name=f"{name}_{suffix}",
        sample_rows=sample_rows,
    )
    if any(w.type == "harmonised" for w in meta.load_report.warnings):
        return meta  # the same content was stored before, note and all
    note = LoadWarning(type="harmonised", message=_describe(spec, name))
    report = meta.load_report.model_copy(
        update={"source": f"harmonised from {name}", "warnings": [note, *meta.load_report.warnings]}
    )
    # Workspace.add_file takes no notes of its own; the new dataset's metadata gets the note under the lock.
    with workspace._locked():
        return workspace._update(workspace.get(meta.id), load_report=report)


def _role(metas: dict[str, DatasetMeta], name: str) -> Role:
    meta = metas.get(name)
    return meta.role if meta is not None else "source"


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
