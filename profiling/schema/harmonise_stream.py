"""Applying a mapping spec over every row of Parquet files, record batch by record batch, as `apply_mapping` would."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from profiling.errors import ProfilingError
from profiling.schema.mapping import (
    Alignment,
    ColumnFacts,
    MappingError,
    MappingSpec,
    align_column,
    alignment,
    column_facts,
    harmonise_frame,
    union_name,
)

BATCH_ROWS = 65_536  # rows per record batch read, harmonised and written
Source: TypeAlias = pd.DataFrame | Path  # a frame in memory, or a Parquet file read batch by batch
Progress = Callable[[str, float], None]  # (what is happening, fraction done 0-1)


@dataclass(frozen=True)
class StreamedFile:
    """A harmonised Parquet file written batch by batch: where it is and how many rows it holds."""

    path: Path
    rows: int


def harmonise_sources(
    spec: MappingSpec,
    sources: Mapping[str, Source],
    folder: Path,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Progress | None = None,
) -> dict[str, pd.DataFrame | StreamedFile]:
    """What `apply_mapping` gives, with each Parquet source harmonised over every row into `folder/<n>.parquet`.

    Column types depend on every row of every source (a marker made missing turns integers into floats; 63.0 and
    63 agree as whole numbers), so a first pass gathers each column's facts over all batches and a second one
    writes every batch in the types those facts decide: one Arrow schema per file. A source given as a frame
    stays a frame; the union is a file when any source is one. Only one batch of a file is in memory at a time.
    """
    missing = [s for s in spec.sources if s not in sources]
    if missing:
        raise MappingError(
            f"The mapping names sources that were not given: {', '.join(missing)}.",
            f"Give these datasets too, or edit 'sources' (given: {', '.join(sources)}).",
        )
    folder.mkdir(parents=True, exist_ok=True)
    given = {name: sources[name] for name in spec.sources}
    streams: dict[str, _Stream] = {}
    try:
        for name, source in given.items():
            if isinstance(source, Path):
                streams[name] = _Stream(spec, name, source, batch_rows)
        tracker = _Tracker(progress, total=2 * sum(s.rows for s in streams.values()))
        frames = {name: harmonise_frame(spec, name, f) for name, f in given.items() if isinstance(f, pd.DataFrame)}
        facts = {name: {str(t): column_facts(frame[t]) for t in frame.columns} for name, frame in frames.items()}
        facts.update({name: stream.facts(tracker) for name, stream in streams.items()})  # pass 1
        rules = {c.target: alignment([facts[name][c.target] for name in spec.sources]) for c in spec.accepted()}
        for frame in frames.values():
            for target, rule in rules.items():
                frame[target] = align_column(frame[target], rule)
        return _written(spec, frames, streams, rules, facts, folder, tracker, batch_rows)  # pass 2
    finally:
        for stream in streams.values():
            stream.file.close()


def _written(
    spec: MappingSpec,
    frames: dict[str, pd.DataFrame],
    streams: dict[str, _Stream],
    rules: dict[str, Alignment],
    facts: dict[str, dict[str, ColumnFacts]],
    folder: Path,
    tracker: _Tracker,
    batch_rows: int,
) -> dict[str, pd.DataFrame | StreamedFile]:
    """Each source's result in source order: its frame, or its file written batch by batch (and the union)."""
    out: dict[str, pd.DataFrame | StreamedFile] = {}
    union = _union_writer(spec, frames, streams, rules, facts, folder) if spec.union and streams else None
    try:
        for name in spec.sources:
            if name in streams:
                out[name] = streams[name].write(folder / f"{len(out)}.parquet", rules, facts[name], union, tracker)
            else:
                out[name] = frames[name]
                if union is not None:
                    union.write(name, frames[name], batch_rows)
    finally:
        if union is not None:
            union.close()
    if spec.union:
        out[union_name(spec)] = union.result() if union is not None else _union_frame(spec, frames)
    return out


class _Tracker:
    """Progress over both passes, by rows."""

    def __init__(self, progress: Progress | None, *, total: int) -> None:
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def advance(self, rows: int, message: str) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(message, min(self.done / self.total, 1.0))


class _Stream:
    """One Parquet source, read in record batches, each harmonised as a pandas frame."""

    def __init__(self, spec: MappingSpec, name: str, path: Path, batch_rows: int) -> None:
        self.spec, self.name, self.path, self.batch_rows = spec, name, path, batch_rows
        self.file = pq.ParquetFile(path)
        self.rows = self.file.metadata.num_rows
        self.schema = self.file.schema_arrow
        used = {c.columns.get(name) for c in spec.accepted()} - {None}
        self.columns = [n for n in self.schema.names if n in used]
        # The whole schema, so that a column the spec names but the file lacks is reported with the file's columns.
        self.empty = harmonise_frame(spec, name, self._frame(self.schema.empty_table()))

    def facts(self, tracker: _Tracker) -> dict[str, ColumnFacts]:
        """Pass 1: every column's facts over every row (an empty file: the facts of no rows)."""
        facts: dict[str, ColumnFacts] = {}
        for frame in self._harmonised():
            for target in frame.columns:
                part = column_facts(frame[target])
                facts[str(target)] = facts[str(target)].merge(part) if str(target) in facts else part
            tracker.advance(len(frame), f"Reading every row of {self.name!r} for the column types (pass 1 of 2)")
        return facts or {str(t): column_facts(self.empty[t]) for t in self.empty.columns}

    def write(
        self,
        target: Path,
        rules: dict[str, Alignment],
        facts: dict[str, ColumnFacts],
        union: _UnionWriter | None,
        tracker: _Tracker,
    ) -> StreamedFile:
        """Pass 2: every batch in the decided types, written to `target` (and to the union)."""
        schema = output_schema(typed(self.empty, rules, facts))
        rows = 0
        with pq.ParquetWriter(target, schema) as writer:
            for frame in self._harmonised():
                aligned = typed(frame, rules, facts)
                writer.write_table(pa.Table.from_pandas(aligned, schema=schema, preserve_index=False))
                if union is not None:
                    union.write(self.name, aligned, len(aligned))
                rows += len(aligned)
                tracker.advance(len(frame), f"Writing the harmonised copy of {self.name!r} (pass 2 of 2)")
        return StreamedFile(path=target, rows=rows)

    def _harmonised(self) -> Iterator[pd.DataFrame]:
        for batch in self.file.iter_batches(batch_size=self.batch_rows, columns=self.columns):
            if batch.num_rows:
                yield harmonise_frame(self.spec, self.name, self._frame(pa.Table.from_batches([batch])))

    def _frame(self, table: pa.Table) -> pd.DataFrame:
        # A batch without a missing value keeps int64 or bool where the whole file reads as float64 or object:
        # every step works on values alike (63 and 63.0 give the key '63'), and the facts merge the dtypes.
        return table.to_pandas()


def typed(frame: pd.DataFrame, rules: Mapping[str, Alignment], facts: Mapping[str, ColumnFacts]) -> pd.DataFrame:
    """A harmonised frame (or batch) in the column types decided over every row of every source."""
    out = frame.copy()
    for target, rule in rules.items():
        column = align_column(out[target], rule)
        out[target] = column if rule is not None else column.astype(facts[target].dtype)
    return out


def output_schema(frame: pd.DataFrame) -> pa.Schema:
    """The Arrow schema every batch of a harmonised file is written in (text columns are strings even when a
    frame holds no value to tell); no pandas metadata, so each batch's schema is the same."""
    schema = pa.Schema.from_pandas(frame, preserve_index=False).remove_metadata()
    return pa.schema([pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in schema])


class _UnionWriter:
    """The union file: each source's harmonised rows with a column naming the source, in source order."""

    def __init__(self, spec: MappingSpec, schema: pa.Schema, path: Path) -> None:
        self.spec, self.schema, self.path, self.rows = spec, schema, path, 0
        self.writer = pq.ParquetWriter(path, schema)

    def write(self, source: str, frame: pd.DataFrame, batch_rows: int) -> None:
        for start in range(0, len(frame), max(batch_rows, 1)):
            part = frame.iloc[start : start + batch_rows].assign(**{self.spec.source_column: source})
            self.writer.write_table(pa.Table.from_pandas(part, schema=self.schema, preserve_index=False))
            self.rows += len(part)

    def close(self) -> None:
        self.writer.close()

    def result(self) -> StreamedFile:
        return StreamedFile(path=self.path, rows=self.rows)


def _union_writer(
    spec: MappingSpec,
    frames: Mapping[str, pd.DataFrame],
    streams: Mapping[str, _Stream],
    rules: Mapping[str, Alignment],
    facts: Mapping[str, Mapping[str, ColumnFacts]],
    folder: Path,
) -> _UnionWriter:
    """A writer for the union, whose column types hold every source's (their schemas unified)."""
    empties = [
        frames[name].iloc[:0] if name in frames else typed(streams[name].empty, rules, facts[name])
        for name in spec.sources
    ]
    schemas = [output_schema(empty.assign(**{spec.source_column: pd.Series([], dtype=object)})) for empty in empties]
    try:
        schema = pa.unify_schemas(schemas, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
        raise ProfilingError(
            f"The union of {', '.join(spec.sources)} cannot hold one column's values in one type: {err}.",
            "Reject that group, or build the harmonised datasets without the union.",
        ) from err
    return _UnionWriter(spec, schema, folder / "union.parquet")


def _union_frame(spec: MappingSpec, frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    parts = [frames[name].assign(**{spec.source_column: name}) for name in spec.sources]
    return pd.concat(parts, ignore_index=True)
