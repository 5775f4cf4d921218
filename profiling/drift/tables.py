"""The drift engine over Ibis tables: the same counts, moments and bins as the Arrow engine, run where the data lives.

Every statistic is an Ibis expression, so one code path runs inside DuckDB (files, out of core), PostgreSQL
and Spark: only aggregates (a row of moments, value counts, 2,400 bin counts per numeric column) come back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from profiling.drift.detector import compare
from profiling.drift.engine import FINE_BINS, Physical, Side, Summary, physical_classes, summary_of
from profiling.drift.models import DriftOptions, DriftReport

T = TypeVar("T")
BIG_INTEGER = 1e15  # whole numbers below this are labelled as integers ('1', not '1.0'), as the Arrow engine does


def detect_drift_tables(
    reference: ir.Table,
    current: ir.Table,
    *,
    options: DriftOptions | None = None,
    reference_name: str = "reference",
    current_name: str = "current",
    split: str | None = None,
) -> DriftReport:
    """`detect_drift` over two Ibis tables, computed by their backend (DuckDB, PostgreSQL, Spark): same tests,
    same report. Both tables may live on one backend (keys are then matched by a semi-join there) or on two."""
    engine = TableEngine(reference, current)
    return compare(engine, options=options, names=(reference_name, current_name), split=split)


class TableEngine:
    """`ref` and `cur` as Ibis tables (one backend, or one each); every query returns a small result."""

    def __init__(self, reference: ir.Table, current: ir.Table) -> None:
        self.tables: dict[Side, ir.Table] = {"ref": reference, "cur": current}
        self.backends = {side: table.get_backend() for side, table in self.tables.items()}
        self.schemas: dict[Side, pa.Schema] = {side: _arrow_schema(t) for side, t in self.tables.items()}
        self.physical: dict[Side, dict[str, Physical]] = {s: physical_classes(self.schemas[s]) for s in self.tables}
        self.rows: dict[Side, int] = {side: self._scalar(side, t.count()) for side, t in self.tables.items()}
        self._distinct: dict[tuple[Side, str], int] = {}

    def close(self) -> None:
        """The caller owns the backends (a database connection, a Spark session): nothing to release here."""

    def both(self, work: Callable[[Side], T]) -> dict[Side, T]:
        """`work` on each side in turn (one backend connection is not shared between threads)."""
        return {"ref": work("ref"), "cur": work("cur")}

    def value(self, side: Side, column: str) -> ir.Value:
        """A column's values: numbers as float64 with non-finite ones missing, dates as epoch seconds."""
        col = self.tables[side][column]
        kind = self.physical[side][column]
        if kind == "numeric":
            v = col.cast("float64")
            return (v.isnan() | v.isinf()).ifelse(ibis.null("float64"), v)
        if kind == "temporal":
            return col.cast("timestamp").epoch_seconds().cast("float64")
        return col

    def label(self, side: Side, column: str) -> ir.StringValue:
        """Values as category labels, the same text the Arrow engine gives ('1' for 1.0, 'true' for True)."""
        v = self.value(side, column)
        if self.physical[side][column] != "numeric":
            return v.cast("string")
        whole = (v == v.floor()) & (v.abs() < BIG_INTEGER)
        return whole.ifelse(v.cast("int64").cast("string"), v.cast("string"))

    def summaries(self, side: Side, columns: Sequence[str]) -> dict[str, Summary]:
        """Counts, approximate distinct counts, moments (numbers) and mean length (text) in one aggregate."""
        if not columns:
            return {}
        metrics: dict[str, ir.Scalar] = {}
        for i, name in enumerate(columns):
            v = self.value(side, name)
            metrics |= {f"c{i}": v.count(), f"d{i}": v.approx_nunique()}
            if self.physical[side][name] in ("numeric", "temporal"):
                metrics |= {f"m{i}": v.mean(), f"s{i}": v.std(how="pop"), f"lo{i}": v.min(), f"hi{i}": v.max()}
            elif self.physical[side][name] == "string":
                metrics[f"l{i}"] = v.length().mean()
        got = self._run(side, self.tables[side].aggregate(**metrics)).to_pylist()[0]
        return {name: summary_of(got, i, self.rows[side]) for i, name in enumerate(columns)}

    def exact_distinct(self, side: Side, column: str) -> int:
        if (side, column) not in self._distinct:
            self._distinct[side, column] = self._scalar(side, self.value(side, column).nunique())
        return self._distinct[side, column]

    def value_counts(self, side: Side, columns: Sequence[str]) -> dict[str, dict[str, int]]:
        """Every value (as text) and its count, for each column, in one query (a UNION ALL of group-bys)."""
        out: dict[str, dict[str, int]] = {name: {} for name in columns}
        if not columns:
            return out
        parts = []
        for i, name in enumerate(columns):
            narrow = self._narrow(side, value=self.value(side, name), label=self.label(side, name))
            counted = narrow.filter(narrow.value.notnull()).group_by("label").aggregate(n=ibis._.count())
            parts.append(counted.select(col=ibis.literal(i, "int64"), value=counted.label, n=counted.n))
        for row in self._run(side, ibis.union(*parts) if len(parts) > 1 else parts[0]).to_pylist():
            out[columns[row["col"]]][str(row["value"])] = int(row["n"])
        return out

    def bins(
        self, side: Side, ranges: dict[str, tuple[float, float]], *, count: int = FINE_BINS
    ) -> dict[str, np.ndarray]:
        """Counts over `count` equal-width bins of [lo, hi] per column (the last bin includes hi), in the engine."""
        out = {name: np.zeros(count, dtype=np.int64) for name in ranges}
        if not ranges:
            return out
        names = list(ranges)
        parts = []
        for i, name in enumerate(names):
            lo, hi = ranges[name]
            scale = count / (hi - lo) if hi > lo else 0.0
            narrow = self._narrow(side, v=self.value(side, name))
            # greatest/least rather than clip, whose null-safe SQL repeats the expression eight times
            position = ibis.greatest(0, ibis.least(count - 1, ((narrow.v - lo) * scale).floor().cast("int64")))
            grouped = narrow.filter(narrow.v.notnull()).group_by(b=position).aggregate(n=ibis._.count())
            parts.append(grouped.mutate(col=ibis.literal(i, "int64")))
        result = self._run(side, ibis.union(*parts) if len(parts) > 1 else parts[0])
        cols, bins, counts = (result[k].to_numpy() for k in ("col", "b", "n"))
        for i, name in enumerate(names):
            mine = cols == i
            np.add.at(out[name], bins[mine].astype(np.int64), counts[mine].astype(np.int64))
        return out

    def numeric_values(self, side: Side, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Distinct values and their counts, sorted (KS on small samples rebuilds the sample from these)."""
        t = self.tables[side]
        v = self.value(side, column)
        grouped = t.filter(v.notnull()).group_by(value=v).aggregate(n=ibis._.count()).order_by("value")
        result = self._run(side, grouped)
        return result["value"].to_numpy().astype(float), result["n"].to_numpy().astype(np.int64)

    def outside(self, ranges: dict[str, tuple[float, float]]) -> dict[str, tuple[int, int]]:
        """Current values below and above the reference range [lo, hi], per column, in one aggregate."""
        if not ranges:
            return {}
        metrics: dict[str, ir.Scalar] = {}
        for i, (name, (lo, hi)) in enumerate(ranges.items()):
            v = self.value("cur", name)
            metrics |= {f"b{i}": (v < lo).cast("int64").sum(), f"a{i}": (v > hi).cast("int64").sum()}
        got = self._run("cur", self.tables["cur"].aggregate(**metrics)).to_pylist()[0]
        return {name: (int(got[f"b{i}"] or 0), int(got[f"a{i}"] or 0)) for i, name in enumerate(ranges)}

    def key_overlap(self, column: str) -> int:
        """How many distinct current keys also occur in the reference: a semi-join in the engine when both
        sides share one backend, else the two key columns are fetched and matched with Arrow."""
        as_text = self.schemas["ref"].field(column).type != self.schemas["cur"].field(column).type
        keys = {s: self.label(s, column) if as_text else self.value(s, column) for s in ("ref", "cur")}
        ref = self.tables["ref"].select(k=keys["ref"]).filter(ibis._.k.notnull())
        cur = self.tables["cur"].select(k=keys["cur"]).filter(ibis._.k.notnull()).distinct()
        if self.backends["ref"] is self.backends["cur"]:
            return self._scalar("cur", cur.filter(cur.k.isin(ref.k)).count())
        ref_keys, cur_keys = self._run("ref", ref.distinct())["k"], self._run("cur", cur)["k"]
        return int(pc.sum(pc.is_in(cur_keys, value_set=ref_keys.combine_chunks())).as_py() or 0)

    def grouped_rates(
        self, side: Side, target: str, group: str, positive: str | None
    ) -> dict[str, tuple[int, float | None]]:
        """Rows and outcome rate per group value: share of `positive` labels, or the target's mean if None."""
        t = self.tables[side]
        v = self.value(side, target)
        if positive is None:
            outcome = v.cast("float64")
        else:
            hit = (self.label(side, target) == positive).ifelse(1.0, 0.0)
            outcome = v.isnull().ifelse(ibis.null("float64"), hit)
        grouped = t.group_by(g=self.label(side, group)).aggregate(n=ibis._.count(), rate=outcome.mean())
        rows = self._run(side, grouped).to_pylist()
        return {
            ("(missing)" if r["g"] is None else str(r["g"])): (
                int(r["n"]),
                None if r["rate"] is None else float(r["rate"]),
            )
            for r in rows
        }

    def _narrow(self, side: Side, **columns: ir.Value) -> ir.Table:
        """Only the columns a query needs: Ibis binds every expression against the table's fields, so a
        narrow projection first makes building the query several times faster on wide tables."""
        return self.tables[side].select(**columns)

    def _run(self, side: Side, expr: ir.Table) -> pa.Table:
        return self.backends[side].to_pyarrow(expr)

    def _scalar(self, side: Side, expr: ir.Scalar) -> int:
        return int(self.backends[side].to_pyarrow(expr).as_py() or 0)


def _arrow_schema(table: ir.Table) -> pa.Schema:
    """The table's schema as Arrow types (what decides each column's statistics, as in the Arrow engine)."""
    return table.schema().to_pyarrow()
