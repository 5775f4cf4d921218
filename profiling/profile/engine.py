"""The engine connection: one Ibis backend (DuckDB by default) holding the table to profile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import ibis
import ibis.expr.types as ir
import pyarrow as pa

Physical = Literal["numeric", "boolean", "string", "temporal", "other"]


@dataclass(frozen=True)
class Source:
    """A table inside an engine, and the physical class of each of its columns."""

    backend: ibis.BaseBackend
    table: ir.Table
    physical: dict[str, Physical]

    def run(self, expr: ir.Table) -> pa.Table:
        """Execute one expression in the engine and bring back only its (small) result."""
        return self.backend.to_pyarrow(expr)


def duckdb_source(*, arrow: pa.Table | None = None, parquet: Path | None = None, threads: int | None = None) -> Source:
    """Register in-memory Arrow data (zero-copy) or a Parquet file with a fresh DuckDB connection."""
    backend = ibis.duckdb.connect(**({"threads": threads} if threads else {}))
    if arrow is not None:
        # Registering through the raw connection keeps the Arrow buffers shared, not copied.
        backend.con.register("prism_data", arrow)
        table = backend.table("prism_data")
    elif parquet is not None:
        table = backend.read_parquet(str(parquet), table_name="prism_data")
    else:
        raise ValueError("duckdb_source needs arrow= or parquet=")
    return Source(backend=backend, table=table, physical=physical_classes(table))


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
