"""Storing a file over the memory budget as Parquet by DuckDB streaming: never loaded into pandas."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from profiling.bigfiles.engine import connect, engine_error, literal
from profiling.bigfiles.plan import DATA_FILE, SAMPLE_FILE, SAMPLE_ROWS, file_kind, out_of_core_note
from profiling.bigfiles.sample import write_sample
from profiling.errors import DataLoadError
from profiling.loading import DEFAULT_MISSING_MARKERS, Limits, LoadOptions, LoadReport
from profiling.loading.columns import clean_column_names
from profiling.loading.models import Notes

_ENCODINGS = {None: "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16", "latin-1": "latin-1"}
_CHUNK = 8 * 1024**2
SKIPPED_CHECKS = (
    "encoding detection (read as UTF-8 unless set)",
    "per-column counts of missing markers",
    "whitespace trimming of values",
    "leading zeros and long ids kept as text",
    "sentinel values such as -9",
    "thousands separators and day-first dates",
    "mixed types within a column",
)


@dataclass(frozen=True)
class StoredFile:
    """What streaming a file into the workspace produced: its report, shape and sample size."""

    report: LoadReport
    rows: int
    sample_rows: int


def fingerprint_file(path: Path, *, options: LoadOptions) -> str:
    """A content hash of a file read in chunks (never whole), with the options that shape its rows."""
    digest = hashlib.sha256(b"prism-out-of-core-1")
    digest.update(json.dumps(options.model_dump(mode="json"), sort_keys=True).encode())
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_file(
    source: Path,
    folder: Path,
    *,
    filename: str,
    options: LoadOptions | None = None,
    limits: Limits | None = None,
    name: str | None = None,
    sample_rows: int = SAMPLE_ROWS,
) -> StoredFile:
    """Write `folder/data.parquet` (every row, by DuckDB COPY) and `folder/sample.parquet` (a uniform sample)."""
    options = options or LoadOptions()
    kind = file_kind(filename)
    if kind is None:
        raise DataLoadError(f"{filename}: only Parquet and CSV files are stored out of core.", "Convert it.")
    notes = Notes()
    con = connect()
    try:
        reader, resolved, encoding = _reader(con, source, kind=kind, options=options, filename=filename)
        names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
        clean = clean_column_names(names, notes, limits or Limits())
        columns = ", ".join(f"{_ident(old)} AS {_ident(new)}" for old, new in zip(names, clean, strict=True))
        target = folder / DATA_FILE
        con.execute(f"COPY (SELECT {columns} FROM {reader}) TO {literal(target)} (FORMAT parquet)")
    except duckdb.Error as err:
        raise engine_error(filename, err) from err
    finally:
        con.close()
    rows = pq.ParquetFile(target).metadata.num_rows
    sampled = write_sample(target, folder / SAMPLE_FILE, rows=sample_rows)
    notes.warn("out_of_core", _skipped_message(filename, source.stat().st_size, sampled, kind=kind))
    schema = pq.read_schema(target)
    report = LoadReport(
        name=name or filename,
        source=filename,
        format=kind,
        encoding=encoding,
        options=resolved,
        rows=rows,
        columns=len(schema.names),
        column_names=list(schema.names),
        dtypes={field.name: str(field.type) for field in schema},
        warnings=notes.items,
    )
    return StoredFile(report=report, rows=rows, sample_rows=sampled)


def _reader(
    con: duckdb.DuckDBPyConnection, source: Path, *, kind: str, options: LoadOptions, filename: str
) -> tuple[str, LoadOptions, str | None]:
    """The DuckDB table function that reads the file, the options in force, and the encoding."""
    if kind == "parquet":
        return f"read_parquet({literal(source)})", options, None
    if options.encoding not in _ENCODINGS:
        raise DataLoadError(
            f"{filename}: the encoding {options.encoding!r} cannot be read out of core (DuckDB reads UTF-8, "
            "UTF-16 and latin-1).",
            "Convert the file to UTF-8, or choose latin-1.",
        )
    encoding = _ENCODINGS[options.encoding]
    args = _csv_arguments(options, encoding)
    sniffed = con.execute(f"SELECT Delimiter, HasHeader, SkipRows FROM sniff_csv({literal(source)}{args})").fetchone()
    if sniffed is not None:
        delimiter, header, skip = sniffed
        options = options.model_copy(
            update={
                "delimiter": options.delimiter or delimiter,
                "header": options.header if options.header is not None else bool(header),
                "skip_rows": options.skip_rows if options.skip_rows is not None else int(skip),
            }
        )
    return f"read_csv({literal(source)}{args})", options, encoding


def _csv_arguments(options: LoadOptions, encoding: str) -> str:
    markers = options.missing_markers if options.missing_markers is not None else DEFAULT_MISSING_MARKERS
    args = [f"encoding = {_text(encoding)}", "nullstr = [" + ", ".join(_text(m) for m in (*markers, "")) + "]"]
    if options.delimiter:
        args.append(f"delim = {_text(options.delimiter)}")
    if options.header is not None:
        args.append(f"header = {'true' if options.header else 'false'}")
    if options.skip_rows is not None:
        args.append(f"skip = {int(options.skip_rows)}")
    if options.column_names:
        args.append("names = [" + ", ".join(_text(n) for n in options.column_names) + "]")
    return ", " + ", ".join(args)


def _skipped_message(filename: str, size: int, sampled: int, *, kind: str) -> str:
    checks = "; ".join(SKIPPED_CHECKS) if kind == "csv" else "mixed types within a column; sentinel values"
    return (
        f"{filename} ({size / 1024**2:,.1f} MB) is over the memory budget: DuckDB stored it as Parquet by "
        f"streaming (never loaded into pandas; row order is not kept). {out_of_core_note(sampled)} "
        f"Checks of the in-memory loader that did not run: {checks}."
    )


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
