"""Load files of every common format into a DataFrame plus a load report that names every change."""

from __future__ import annotations

from pathlib import Path

from profiling.loading import coerce as coerce
from profiling.loading import sources as sources
from profiling.loading import structured as structured
from profiling.loading import text as text
from profiling.loading.columns import clean_column_names
from profiling.loading.models import (
    DEFAULT_MISSING_MARKERS,
    Limits,
    Loaded,
    LoadOptions,
    LoadReport,
    LoadWarning,
    Notes,
)

__all__ = [
    "DEFAULT_MISSING_MARKERS",
    "Limits",
    "LoadOptions",
    "LoadReport",
    "LoadWarning",
    "Loaded",
    "list_sheets",
    "load_bytes",
    "load_path",
]


def load_path(
    path: str | Path,
    *,
    options: LoadOptions | None = None,
    limits: Limits | None = None,
    name: str | None = None,
    data_root: Path | None = None,
) -> Loaded:
    """Load a file from disk; with `data_root`, only files inside that folder are read."""
    limits = limits or Limits()
    data, filename = sources.read_path(path, limits=limits, data_root=data_root)
    # Messages name the file as a person knows it (its base name); the report keeps the full path.
    loaded = load_bytes(data, Path(filename).name, options=options, limits=limits, name=name)
    loaded.report = loaded.report.model_copy(update={"source": filename})
    return loaded


def load_bytes(
    data: bytes,
    filename: str,
    *,
    options: LoadOptions | None = None,
    limits: Limits | None = None,
    name: str | None = None,
) -> Loaded:
    """Load an in-memory file (an upload); `filename` gives its format and names errors."""
    options = options or LoadOptions()
    limits = limits or Limits()
    notes = Notes()
    raw = sources.unpack(data, filename, options=options, limits=limits, notes=notes)
    sheets: list[str] = []
    resolved = options
    if raw.format == "csv":
        parsed = text.parse_delimited(raw, options=options, limits=limits, notes=notes)
        frame, resolved, encoding = parsed.frame, parsed.options, parsed.encoding
    else:
        encoding = None
        if raw.format == "xlsx":
            frame, sheets, sheet = structured.parse_excel(raw, options=options, limits=limits, notes=notes)
            resolved = options.model_copy(update={"sheet": sheet})
        elif raw.format == "parquet":
            frame = structured.parse_parquet(raw, options=options, limits=limits, notes=notes)
        elif raw.format == "jsonl":
            frame = structured.parse_jsonl(raw, options=options, limits=limits, notes=notes)
        else:
            frame = structured.parse_json(raw, options=options, limits=limits, notes=notes)
        frame.columns = clean_column_names(list(frame.columns), notes, limits)
    frame = coerce.finalize(frame, source=raw.filename, notes=notes, limits=limits)
    report = LoadReport(
        name=name or Path(filename).name,
        source=filename,
        format=raw.format,
        compression=raw.compression,
        encoding=encoding,
        options=resolved,
        rows=len(frame),
        columns=frame.shape[1],
        column_names=[str(c) for c in frame.columns],
        dtypes={str(c): str(t) for c, t in frame.dtypes.items()},
        sheets=sheets,
        warnings=notes.items,
    )
    return Loaded(frame=frame, report=report)


def list_sheets(data: bytes, filename: str, *, limits: Limits | None = None) -> list[str]:
    """The sheet names of an Excel workbook (after the same safety checks as a load)."""
    limits = limits or Limits()
    raw = sources.unpack(data, filename, options=LoadOptions(), limits=limits, notes=Notes())
    return structured.list_sheets(raw, limits=limits) if raw.format == "xlsx" else []
