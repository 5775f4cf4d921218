"""Numeric columns of an in-process engine's data, read once into a NumPy matrix straight from Arrow.

DuckDB in this process scans Arrow data held here (a DataFrame's conversion) or a Parquet file: the
numeric columns are read from there directly (no query), one float64 row each. Float64 and integer
columns whose values float64 holds exactly are profiled from this matrix (`numeric`); every numeric
column's row also feeds the correlations (`pairs`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from profiling.profile.engine import Source

EXACT = 2.0**53  # integers up to this size survive float64


@dataclass(frozen=True)
class NumericArrays:
    """Every numeric column as a float64 row of `matrix` (NaN missing, infinities kept)."""

    names: tuple[str, ...]
    positions: tuple[int, ...]  # each column's place among the source's columns
    matrix: np.ndarray  # columns x rows
    local: frozenset[str]  # float64 and exact integer columns: profiled from here (see `numeric`)
    integers: frozenset[str]  # integer columns (their values are written without a decimal point)

    def index(self, name: str) -> int:
        return self.names.index(name)


def fetch_numeric(source: Source) -> NumericArrays | None:
    """The numeric columns of an in-process source, read from its Arrow data or Parquet file (None if none)."""
    numeric = [(i, c) for i, (c, p) in enumerate(source.physical.items()) if p == "numeric"]
    names = tuple(c for _, c in numeric)
    if not names or not source.in_process or (source.arrow is None and source.parquet is None):
        return None
    positions = tuple(i for i, _ in numeric)
    if source.arrow is not None:
        return numeric_arrays(source.arrow.select(list(names)), positions=positions)
    return _parquet_arrays(pq.ParquetFile(source.parquet), names, positions=positions)


def _parquet_arrays(file: pq.ParquetFile, names: tuple[str, ...], *, positions: tuple[int, ...]) -> NumericArrays:
    """The matrix filled column chunk by column chunk: the numeric table is never held as Arrow too."""
    matrix = np.empty((len(names), file.metadata.num_rows))
    at, types = 0, {}
    for group in range(file.num_row_groups):
        rows = file.metadata.row_group(group).num_rows
        for i, name in enumerate(names):  # one column at a time: Arrow's pool keeps what it once held
            column = file.read_row_group(group, columns=[name]).column(0)
            types[name] = column.type
            fill_float64(matrix[i, at : at + rows], column)
        at += rows
    integers = frozenset(name for name, dtype in types.items() if pa.types.is_integer(dtype))
    floats = {name for name, dtype in types.items() if pa.types.is_float64(dtype)}
    exact = {name for name in integers if _largest(matrix[names.index(name)]) < EXACT}
    return NumericArrays(
        names=names, positions=positions, matrix=matrix, local=frozenset(floats | exact), integers=integers
    )


def _largest(row: np.ndarray) -> float:
    """The largest magnitude among the non-NaN values (0 for none): fmin and fmax skip NaN, in one pass each."""
    return max(-float(np.fmin.reduce(row, initial=np.inf)), float(np.fmax.reduce(row, initial=-np.inf)), 0.0)


def fill_float64(row: np.ndarray, column: pa.ChunkedArray) -> None:
    """Write `column` into `row` as float64 (NaN for nulls). Integers and floats are copied straight from
    their value buffers, converted on the way, and the nulls marked after: no Arrow cast, filled copy or
    NumPy copy of the column in between (C's conversion, as Arrow's cast does it)."""
    at = 0
    for chunk in column.chunks:
        out = row[at : at + len(chunk)]
        at += len(chunk)
        values = _values(chunk)
        if values is None:
            out[:] = _float64(chunk)
            continue
        np.copyto(out, values, casting="unsafe")
        if chunk.null_count:
            np.copyto(out, np.nan, where=chunk.is_null().to_numpy(zero_copy_only=False))


def _values(chunk: pa.Array) -> np.ndarray | None:
    """The chunk's value buffer seen by NumPy, nulls' slots included (None for other types)."""
    dtype = chunk.type
    if not (pa.types.is_integer(dtype) or pa.types.is_float32(dtype) or pa.types.is_float64(dtype)):
        return None
    buffer = chunk.buffers()[1]
    if buffer is None:
        return None
    width = np.dtype(dtype.to_pandas_dtype())
    return np.frombuffer(buffer, dtype=width, count=chunk.offset + len(chunk))[chunk.offset :]


def _float64(chunk: pa.Array) -> np.ndarray:
    return pc.fill_null(chunk.cast(pa.float64(), safe=False), np.nan).to_numpy(zero_copy_only=False)


def numeric_arrays(data: pa.Table, *, positions: tuple[int, ...]) -> NumericArrays:
    """The numeric columns of `data` (at `positions` among the source's columns) as one float64 matrix."""
    names = tuple(data.column_names)
    matrix = np.empty((len(names), data.num_rows))
    local, integers = set(), set()
    for i, name in enumerate(names):
        column = data.column(name)
        if pa.types.is_integer(column.type):
            integers.add(name)
            if _exact(column):
                local.add(name)
        elif pa.types.is_float64(column.type):
            local.add(name)
        fill_float64(matrix[i], column)
    return NumericArrays(
        names=names, positions=positions, matrix=matrix, local=frozenset(local), integers=frozenset(integers)
    )


def is_numeric(dtype: pa.DataType) -> bool:
    """Arrow types the engine treats as numbers (see `engine.physical_classes`)."""
    return pa.types.is_integer(dtype) or pa.types.is_floating(dtype) or pa.types.is_decimal(dtype)


def _exact(column: pa.ChunkedArray) -> bool:
    bounds = pc.min_max(column)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    return low is None or (abs(low) < EXACT and abs(high) < EXACT)
