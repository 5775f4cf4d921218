"""Schema sources whose statistics run where the data lives (Spark, a database) over every row, with a stated sample."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from profiling.databases import Connection, engine_note, profile_table, read_rows, select
from profiling.loading.models import Limits
from profiling.profile import DatasetProfile
from profiling.schema import SchemaReport, SchemaSource, compare_schemas

if TYPE_CHECKING:
    from profiling.spark import SparkSource

SAMPLE_ROWS = 50_000  # rows drawn for the value-level details; counts, ranges and quantiles cover every row
_DETAILS = "value shares, examples, text shapes, sentinel counts and content matching"


@dataclass(frozen=True)
class EngineSource:
    """A schema source profiled by an engine, and the sentence saying where its statistics ran and on which rows."""

    source: SchemaSource
    note: str


def spark_schema_source(
    source: SparkSource, *, sample_rows: int = SAMPLE_ROWS, seed: int = 0, limits: Limits | None = None
) -> EngineSource:
    """A Parquet path or Spark table (a checked `SparkSource`): the fast profile as Spark aggregations over every
    row, and a uniform sample drawn by Spark."""
    from profiling.spark import draw_sample, profile_source

    profile = profile_source(source, name=source.name)
    drawn = draw_sample(source, rows=sample_rows, seed=seed, limits=limits)
    where = f"by Spark ({source.master}) over all {profile.dataset.rows:,} rows"
    return EngineSource(
        SchemaSource(name=source.name, frame=_integers(drawn.frame, profile), profile=profile, sampled=True),
        _note(source.name, where, drawn.statement),
    )


def database_schema_source(
    conn: Connection,
    *,
    table: str | None = None,
    query: str | None = None,
    name: str | None = None,
    sample_rows: int = SAMPLE_ROWS,
    limits: Limits | None = None,
) -> EngineSource:
    """A table (or read-only query) of an open database: the in-database profile over every row, and a uniform
    random sample read by the database."""
    label = name or table or "query"
    expr = select(conn, table=table, query=query)
    profile = profile_table(conn, expr, name=label)
    loaded = read_rows(conn, expr, name=label, sample_rows=sample_rows, limits=limits)
    drawn = next((w.message for w in loaded.report.warnings if w.type == "sample"), None)
    statement = drawn or f"All {len(loaded.frame):,} rows (the sample size {sample_rows:,} is not smaller)."
    engine = conn.ref.engine
    how = engine_note(engine).rstrip(".") if engine == "sqlite" else "only aggregates left the database"
    where = f"in {engine} over all {profile.dataset.rows:,} rows ({how})"
    return EngineSource(
        SchemaSource(name=label, frame=_integers(loaded.frame, profile), profile=profile, sampled=True),
        _note(label, where, statement),
    )


def compare_engine_sources(sources: Sequence[EngineSource | SchemaSource]) -> SchemaReport:
    """`compare_schemas` over engine sources (and in-memory ones); the report's note says, per engine source,
    where its statistics ran and how large its sample is."""
    plain = [s.source if isinstance(s, EngineSource) else s for s in sources]
    report = compare_schemas(plain)
    notes = [s.note for s in sources if isinstance(s, EngineSource)]
    if not notes:
        return report
    return report.model_copy(update={"note": " ".join(notes)})


def _integers(frame: pd.DataFrame, profile: DatasetProfile) -> pd.DataFrame:
    """Integer columns of the table that reached pandas as floats (a missing value becomes NaN) as nullable
    integers again, so the sample's storage is the table's, as when a file with gaps is loaded."""
    types = {c.name: c.dtype.lstrip("!") for c in profile.columns}
    floats = [c for c in frame.columns if types.get(str(c), "").startswith(("int", "uint"))]
    floats = [c for c in floats if pd.api.types.is_float_dtype(frame[c])]
    return frame.astype(dict.fromkeys(floats, "Int64")) if floats else frame


def _note(name: str, where: str, statement: str) -> str:
    return (
        f"{name!r}: rows, missing and distinct counts, ranges, quantiles, kinds and histograms computed {where}; "
        f"{_DETAILS} from a sample: {statement}"
    )
