"""The engine connection: one Ibis backend (DuckDB by default) holding the table to profile."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
import ibis
import ibis.backends.duckdb  # noqa: F401  # loaded with the profiler, not inside the first profile (0.5 s)
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

Physical = Literal["numeric", "boolean", "string", "temporal", "other"]


@dataclass(frozen=True)
class Source:
    """A table inside an engine, and the physical class of each of its columns."""

    backend: ibis.BaseBackend
    table: ir.Table
    physical: dict[str, Physical]
    row_id: str | None = None  # a unique row number column, not profiled (lets ranks be joined back)
    # In-process DuckDB only: a new cursor seeing the same table. Each query then runs on its own
    # cursor, so independent queries can run at once from several threads.
    cursor: Callable[[], duckdb.DuckDBPyConnection] | None = None
    # Run independent queries at once: worth it over in-memory Arrow, which DuckDB scans on one thread
    # per chunk; a Parquet scan is parallel already, and several at once only hold more row groups.
    concurrent: bool = False
    # In-process DuckDB only: the data it scans, so that numeric columns can be read without a query.
    arrow: pa.Table | None = None
    parquet: Path | None = None

    @property
    def in_process(self) -> bool:
        """The engine runs in this process: columns can be fetched cheaply, queries run concurrently."""
        return self.cursor is not None

    def run(self, expr: ir.Table) -> pa.Table:
        """Execute one expression in the engine and bring back only its (small) result."""
        if self.cursor is None:
            return self.backend.to_pyarrow(expr)
        result = self.cursor().sql(self.backend.compile(expr)).to_arrow_table()
        return result.cast(expr.schema().to_pyarrow())  # the types Ibis promises (DuckDB sums give decimals)

    def most_frequent(self, value: ir.Column, count: ir.IntegerColumn) -> ir.Scalar:
        """The value with the largest count; on ties the smallest value, as the top-values query orders.

        One aggregate: the value at the smallest (-count, value) key. In DuckDB through its native
        `arg_min`: Ibis compiles `argmin` as FIRST(value ORDER BY key), an ordered aggregate that
        buffers and sorts every group (10x slower over a million groups).
        """
        key = ibis.struct({"n": -count, "v": value})
        if self.backend.name == "duckdb":
            return _native_arg_min(value.type())(value, key)
        return value.argmin(key)

    def top_values(self, value: ir.Column, count: ir.IntegerColumn, limit: int) -> ir.Scalar | None:
        """The `limit` most frequent values with their counts (ties by value), as a list of structs
        (`value` as text, `n`), in one aggregate; None where the engine has no such aggregate.

        DuckDB's `arg_min(arg, key, n)` keeps the n smallest keys: the top values come out of the same
        pass as the value counts, with no second GROUP BY.
        """
        if self.backend.name != "duckdb":
            return None
        item = ibis.struct({"value": value, "n": count.cast("int64")})  # cast to text after: only n items
        top = _native_top(value.type())(item, ibis.struct({"n": -count, "v": value}), ibis.literal(limit, "int64"))
        return top.cast(dt.Array(dt.Struct({"value": dt.string, "n": dt.int64})))


@functools.cache
def _native_top(dtype: dt.DataType) -> Callable[[ir.Value, ir.Value, ir.Value], ir.Scalar]:
    """DuckDB's `arg_min(arg, key, n)` as a builtin UDAF returning a list of (value: `dtype`, n) structs."""

    def arg_min(arg, key, n):  # untyped: any input type is accepted
        ...

    arg_min.__annotations__["return"] = dt.Array(dt.Struct({"value": dtype, "n": dt.int64}))
    return ibis.udf.agg.builtin(arg_min, name="arg_min")


@functools.cache
def _native_arg_min(dtype: dt.DataType) -> Callable[[ir.Column, ir.Column], ir.Scalar]:
    """A builtin `arg_min` UDAF returning `dtype` (Ibis builtin UDFs have one fixed return type)."""

    def arg_min(value, key):  # untyped: any input type is accepted
        ...

    arg_min.__annotations__["return"] = dtype
    return ibis.udf.agg.builtin(arg_min, name="arg_min")


ROW_ID = "__prism_row"
ARROW_BATCH_ROWS = 122_880  # DuckDB's row-group size


def duckdb_source(*, arrow: pa.Table | None = None, parquet: Path | None = None, threads: int | None = None) -> Source:
    """Register in-memory Arrow data (zero-copy) or a Parquet file with a fresh DuckDB connection."""
    backend = ibis.duckdb.connect(**({"threads": threads} if threads else {}))
    # Results are small aggregates: row order never matters, and keeping it makes DuckDB buffer more.
    backend.con.execute("SET preserve_insertion_order = false")
    if arrow is not None:
        # Registering through the raw connection keeps the Arrow buffers shared, not copied; the row
        # number is one extra int64 column (8 bytes a row).
        row_id: str | None = None if ROW_ID in arrow.column_names else ROW_ID
        if row_id is not None:
            arrow = arrow.append_column(row_id, pa.array(np.arange(arrow.num_rows, dtype=np.int64)))
        # DuckDB scans Arrow record batches in parallel, one per thread: a converted DataFrame is one
        # batch of every row, so it is sliced (zero-copy) into batches of DuckDB's row-group size.
        arrow = pa.Table.from_batches(arrow.to_batches(max_chunksize=ARROW_BATCH_ROWS), schema=arrow.schema)
        backend.con.register("prism_data", arrow)
        table = backend.table("prism_data")
        setup: Callable[[duckdb.DuckDBPyConnection], object] = functools.partial(_register, arrow=arrow)
    elif parquet is not None:
        clash = "file_row_number" in pq.read_schema(parquet).names
        row_id = None if clash else "file_row_number"
        table = backend.read_parquet(str(parquet), table_name="prism_data", file_row_number=not clash)
        view = backend.con.sql("SELECT sql FROM duckdb_views() WHERE view_name = 'prism_data'").fetchall()[0][0]
        setup = functools.partial(_execute, sql=view)  # the same (temporary) view on each cursor
    else:
        raise ValueError("duckdb_source needs arrow= or parquet=")
    physical = {name: kind for name, kind in physical_classes(table).items() if name != row_id}

    def cursor() -> duckdb.DuckDBPyConnection:
        cur = backend.con.cursor()
        setup(cur)
        return cur

    return Source(
        backend=backend,
        table=table,
        physical=physical,
        row_id=row_id,
        cursor=cursor,
        concurrent=arrow is not None,
        arrow=arrow,
        parquet=parquet,
    )


def _register(cursor: duckdb.DuckDBPyConnection, *, arrow: pa.Table) -> object:
    return cursor.register("prism_data", arrow)


def _execute(cursor: duckdb.DuckDBPyConnection, *, sql: str) -> object:
    return cursor.execute(sql)


def physical_classes(table: ir.Table) -> dict[str, Physical]:
    """How the engine stores each column, which decides the statistics it gets."""
    out: dict[str, Physical] = {}
    for name, dtype in table.schema().items():
        if dtype.is_boolean():
            out[name] = "boolean"
        elif dtype.is_numeric():
            out[name] = "numeric"
        elif dtype.is_string():
            out[name] = "string"
        elif dtype.is_timestamp() or dtype.is_date():
            out[name] = "temporal"
        else:
            out[name] = "other"
    return out


def ibis_source(backend: ibis.BaseBackend, table: ir.Table, *, row_id: str | None = None) -> Source:
    """A table already inside another Ibis engine (a database, Spark): profiled where it lies."""
    physical = {name: kind for name, kind in physical_classes(table).items() if name != row_id}
    return Source(backend=backend, table=table, physical=physical, row_id=row_id)
