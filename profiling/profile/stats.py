"""Every statistic of the fast profile, written once as Ibis expressions that any Ibis engine can run."""

from __future__ import annotations

import functools
import inspect
import math
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
from ibis import _

from profiling.profile.engine import Source

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
RANK_LOOKUP_MAX = 100_000  # distinct values up to which ranks come from value counts, not a window


@dataclass(frozen=True)
class BinPlan:
    """How to cut one numeric or datetime column into equal-width bins, and its IQR fences."""

    index: int
    name: str
    start: float
    width: float
    bins: int
    mean: float
    fence_low: float | None
    fence_high: float | None


def key(index: int, stat: str) -> str:
    """The result-column name of statistic `stat` of column number `index`."""
    return f"{index}:{stat}"


def present(t: ir.Table, name: str, physical: str) -> ir.Column:
    """The column with NaN as missing (pandas' meaning); other types not scanned natively become text."""
    col = t[name]
    if physical == "numeric" and col.type().is_floating():
        return ibis.ifelse(col.isnan(), ibis.null().cast(col.type()), col)
    if physical == "other":
        return col.cast("string")
    return col


def finite(t: ir.Table, name: str) -> ir.FloatingColumn:
    """A numeric column as float64 with NaN and infinities set to null, for moments and quantiles."""
    col = t[name]
    x = col.cast("float64")
    if col.type().is_floating():
        return ibis.ifelse(col.isnan() | col.isinf(), ibis.null().cast("float64"), x)
    return x


def epoch(t: ir.Table, name: str) -> ir.FloatingColumn:
    """A datetime column as seconds since 1970 (float), so it can be binned like a number."""
    return t[name].epoch_seconds().cast("float64")


def summary_query(source: Source, *, skip: frozenset[str] = frozenset()) -> ir.Table:
    """One pass over the table: count, min, max, moments, quantiles and value checks for every column.

    NaN/infinity clean-up is projected once below the aggregate: written inside each aggregate, the
    engine evaluates the same CASE once per statistic (nine times per numeric column). Columns in
    `skip` are profiled elsewhere (see `numeric`); the row count is always there.
    """
    t = source.table
    kept = {name: (i, physical) for i, (name, physical) in enumerate(source.physical.items()) if name not in skip}
    projected: dict[str, ir.Value] = {}
    for name, (i, physical) in kept.items():
        if physical == "numeric":
            projected[key(i, "x")] = finite(t, name)
            if t[name].type().is_floating():
                projected[key(i, "inf")] = t[name].isinf().cast("int64")
        else:
            projected[key(i, "v")] = t[name]
    p = t.select(**projected) if projected else t
    aggs: dict[str, ir.Scalar] = {"__rows": p.count()}
    for name, (i, physical) in kept.items():
        if physical == "numeric":
            aggs.update(_numeric_aggregates(p, i, floating=t[name].type().is_floating()))
            continue
        value = p[key(i, "v")]
        aggs[key(i, "present")] = value.count()
        if physical == "boolean":
            aggs[key(i, "true")] = value.cast("int64").sum()
        elif physical == "temporal":
            aggs[key(i, "min")] = value.min()
            aggs[key(i, "max")] = value.max()
    return p.aggregate(**aggs)


def _numeric_aggregates(p: ir.Table, i: int, *, floating: bool) -> dict[str, ir.Scalar]:
    x = p[key(i, "x")]
    nothing = ibis.null().cast("float64")
    aggs: dict[str, ir.Scalar] = {
        key(i, "present"): x.count(),  # infinities are present values: added below
        key(i, "min"): x.min(),
        key(i, "max"): x.max(),
        key(i, "mean"): x.mean(),
        key(i, "std"): x.std(),
        key(i, "quantiles"): x.quantile(list(QUANTILES)),
        key(i, "zeros"): (x == 0).cast("int64").sum(),
        key(i, "negatives"): (x < 0).cast("int64").sum(),
        key(i, "min_positive"): ibis.ifelse(x > 0, x, nothing).min(),
        key(i, "max_negative"): ibis.ifelse(x < 0, x, nothing).max(),
    }
    if floating:
        aggs[key(i, "infinite")] = p[key(i, "inf")].sum()
        aggs[key(i, "present")] = x.count() + aggs[key(i, "infinite")].coalesce(0)
    return aggs


def levels_query(
    source: Source, *, skip: frozenset[str] = frozenset(), top_k: int = 20, full_levels: int = 1000
) -> ir.Table | None:
    """Per column, from its value counts: exact distinct count, sum(n*ln n) for the entropy, the mode,
    and for text the length, whitespace and number checks (run once per distinct value, not per row).
    Where the engine can (`Source.top_values`), also a `top` list: the `full_levels` most frequent
    values of text columns, `top_k` of others; the mode is its first item then (see `_levels`).

    One query: a UNION ALL of one grouped branch per column (columns in `skip` are left out).
    """
    t = source.table
    parts = []
    for i, (name, physical) in enumerate(source.physical.items()):
        if name in skip:
            continue
        grouped = t.select(v=present(t, name, physical)).filter(_.v.notnull()).group_by("v").agg(n=_.count())
        n = grouped.n.cast("float64")
        text = physical in ("string", "other")
        top = source.top_values(grouped.v, grouped.n, full_levels if text else top_k)
        parts.append(
            grouped.aggregate(
                col=ibis.literal(i, "int64"),
                levels=grouped.n.count().cast("int64"),
                nlogn=(n * n.ln()).sum(),
                mode_count=grouped.n.max().cast("int64"),
                **({} if top is not None else {"mode": source.most_frequent(grouped.v, grouped.n).cast("string")}),
                **_text_checks(grouped.v.cast("string") if text else None, grouped.n),
                **({"top": top} if top is not None else {}),
            )
        )
    return ibis.union(*parts) if parts else None


# A value with leading or trailing whitespace: one of the characters Ibis' strip() removes at an end.
EDGE_SPACE = f"^[{string.whitespace}]|[{string.whitespace}]$"


def _text_checks(value: ir.StringColumn | None, n: ir.IntegerColumn) -> dict[str, ir.Scalar]:
    """Lengths, edge whitespace, numbers written as text and inner spaces, over the distinct values.

    `value != value.strip()` is asked as a regular expression on the value's two ends, and the value
    is stripped only where an end holds whitespace: stripping every value took DuckDB twice as long
    (0.3 s against 0.15 s for a million distinct values).
    """
    names = ("length_min", "length_max", "length_sum", "whitespace", "numeric_like", "with_spaces")
    if value is None:
        return {stat: ibis.null().cast("int64") for stat in names}
    length = value.length().cast("int64")
    zero = ibis.literal(0, "int64")
    edge = value.re_search(EDGE_SPACE)
    inner = ibis.ifelse(edge, value.strip().contains(" "), value.contains(" "))
    return {
        "length_min": length.min(),
        "length_max": length.max(),
        "length_sum": (length * n).sum().cast("int64"),
        "whitespace": ibis.ifelse(edge, n, zero).sum().cast("int64"),
        "numeric_like": ibis.ifelse(value.try_cast("float64").notnull(), n, zero).sum().cast("int64"),
        "with_spaces": ibis.ifelse(inner, n, zero).sum().cast("int64"),
    }


def top_values_query(source: Source, limits: Mapping[int, int]) -> ir.Table | None:
    """The `limits[i]` most frequent values of column number i (ties by value), one UNION ALL query."""
    t = source.table
    names = list(source.physical.items())
    parts = []
    for i, limit in limits.items():
        name, physical = names[i]
        grouped = t.select(v=present(t, name, physical)).filter(_.v.notnull()).group_by("v").agg(n=_.count())
        top = grouped.order_by([ibis.desc("n"), "v"]).limit(limit)
        parts.append(top.select(col=ibis.literal(i, "int64"), value=top.v.cast("string"), n=top.n.cast("int64")))
    return ibis.union(*parts) if parts else None


def shape_query(source: Source, plans: Sequence[BinPlan], *, temporal: set[str]) -> ir.Table | None:
    """Per numeric/datetime column and bin: rows, second and third central moments, IQR outliers.

    The moments are summed over bins afterwards, which gives the skewness in the same pass.
    """
    t = source.table
    parts = []
    for plan in plans:
        x = epoch(t, plan.name) if plan.name in temporal else finite(t, plan.name)
        rows = t.select(x=x).filter(_.x.notnull())
        bucket = ibis.least(((rows.x - plan.start) / plan.width).floor().cast("int64"), plan.bins - 1)
        dev = rows.x - plan.mean
        outside = ibis.literal(False)
        if plan.fence_low is not None and plan.fence_high is not None:
            outside = (rows.x < plan.fence_low) | (rows.x > plan.fence_high)
        grouped = rows.mutate(b=bucket, d2=dev * dev, d3=dev * dev * dev, out=outside.cast("int64"))
        agg = grouped.group_by("b").agg(n=_.count(), m2=_.d2.sum(), m3=_.d3.sum(), outliers=_.out.sum())
        parts.append(
            agg.select(
                col=ibis.literal(plan.index, "int64"), b=agg.b, n=agg.n, m2=agg.m2, m3=agg.m3, outliers=agg.outliers
            )
        )
    return ibis.union(*parts) if parts else None


def distinct_rows(source: Source) -> ir.Scalar:
    """How many different rows the table has, over all profiled columns.

    In DuckDB this counts distinct 64-bit hashes of whole rows (`row_hash`): four times faster than
    an exact DISTINCT, which must keep every row. Two different rows share a hash with probability
    about rows**2 / 2**65 (3e-8 for a million rows), which would under-count duplicates by one; other
    engines run the exact DISTINCT.
    """
    t = source.table
    if source.backend.name == "duckdb":
        return row_hash(t, list(source.physical)).nunique()
    return t.select(*source.physical).distinct().count()


def row_hash(table: ir.Table, names: Sequence[str]) -> ir.IntegerColumn:
    """DuckDB's 64-bit hash of each row's values in `names`: one `hash(a, b, ...)` call, which combines
    the columns' hashes in order. Hashing a struct of the row instead took twice as long (0.57 s
    against 0.30 s for the bench's 1M x 30 rows on one thread)."""
    return _hash_of(len(names))(*(table[name] for name in names))


@functools.cache
def _hash_of(arity: int) -> Callable[..., ir.IntegerColumn]:
    """DuckDB's variadic `hash` as a builtin UDF of `arity` arguments (Ibis UDFs have fixed arity)."""

    def hash_(*values):  # untyped: any input types
        ...

    parameter = inspect.Parameter.POSITIONAL_OR_KEYWORD
    hash_.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(f"v{i}", parameter) for i in range(arity)], return_annotation=dt.uint64
    )
    hash_.__annotations__ = {"return": dt.uint64}
    return ibis.udf.scalar.builtin(hash_, name="hash")


@dataclass(frozen=True)
class NumericColumn:
    """What the correlation pass needs to know about a numeric column from the earlier passes."""

    name: str
    distinct: int  # chooses how its ranks are computed
    finite: int  # rows holding a finite value (the rest are left out of both coefficients)
    mean: float  # centre of the values, so sums of products keep their precision


def association_query(source: Source, columns: Sequence[NumericColumn], *, rows: int) -> ir.Table | None:
    """Sums from which Pearson's r (of values) and Spearman's rho (of average ranks) follow, one pass.

    Spearman is Pearson's r of ranks (ties share the mean of their ranks), ranked within each column's
    finite values; rows missing in only one of the two columns make this differ slightly from a
    pairwise-complete ranking. Each column is ranked once, in one of two exact ways:
    - few distinct values (<= RANK_LOOKUP_MAX): from its value counts, the average rank of a value is
      the rows below it plus (n + 1) / 2; the small table is joined back on the value;
    - otherwise by a window over its values, joined back on the row id. (One SELECT holding windows of
      several orderings is many times slower in DuckDB than one window per subquery.)
    Both coefficients are pairwise-complete and come from plain sums of centred values and their
    products (see `pair_sums`): five times cheaper in DuckDB than its `corr` aggregate per pair.
    """
    if len(columns) < 2:
        return None
    t = source.table
    x = {f"x{i}": finite(t, col.name) for i, col in enumerate(columns)}
    base = t.select(_rid=t[source.row_id], **x) if source.row_id is not None else t.select(**x)
    joined = base
    for i, col in enumerate(columns):
        joined = _join_ranks(source, base, joined, i, col)
    centred: dict[str, ir.Value] = {}
    for i, col in enumerate(columns):
        centred[f"x{i}"] = joined[f"x{i}"] - col.mean
        centred[f"r{i}"] = joined[f"r{i}"] - (col.finite + 1) / 2
    values = joined.select(**centred)
    complete = [col.finite == rows for col in columns]
    aggs: dict[str, ir.Scalar] = {"__rows": values.count()}
    for kind in ("x", "r"):
        aggs.update(pair_sums(values, kind, complete))
    return values.aggregate(**aggs)


def _join_ranks(source: Source, base: ir.Table, joined: ir.Table, i: int, col: NumericColumn) -> ir.Table:
    x = base[f"x{i}"]
    if source.row_id is None or col.distinct <= RANK_LOOKUP_MAX:
        counts = base.select(v=x).filter(_.v.notnull()).group_by("v").agg(n=_.count())
        below = counts.n.sum().over(ibis.cumulative_window(order_by=counts.v)) - counts.n
        ranks = counts.select(**{f"v{i}": counts.v, f"r{i}": below + (counts.n + 1) / 2})
        return joined.left_join(ranks, joined[f"x{i}"] == ranks[f"v{i}"])
    present = base.select(rid=base._rid, x=x).filter(_.x.notnull())
    window = ibis.window(order_by=present.x)
    # rank() is 0-based rows below; cume_dist() * n is rows at or below (n: finite values, known)
    average = (ibis.rank().over(window) + 1 + ibis.cume_dist().over(window) * col.finite) / 2
    ranks = present.select(**{f"id{i}": present.rid, f"r{i}": average.cast("float64")})
    return joined.left_join(ranks, joined._rid == ranks[f"id{i}"])


def pair_sums(values: ir.Table, kind: str, complete: Sequence[bool]) -> dict[str, ir.Scalar]:
    """For columns `{kind}0..`: per column its count, sum and sum of squares; per pair i < j the sum
    of products, and where column j has gaps, i's sums over the rows where j is present (and back).

    Names: `{kind}{i}:n|s|ss` and `{kind}{i}:{j}:n|s|ss|sxy` (i's sums within the pair).
    """
    cols = [values[f"{kind}{i}"] for i in range(len(complete))]
    aggs: dict[str, ir.Scalar] = {}
    for i, a in enumerate(cols):
        aggs[f"{kind}{i}:n"] = a.count()
        aggs[f"{kind}{i}:s"] = a.sum()
        aggs[f"{kind}{i}:ss"] = (a * a).sum()
    for i, a in enumerate(cols):
        for j in range(i + 1, len(cols)):
            b = cols[j]
            aggs[f"{kind}{i}:{j}:sxy"] = (a * b).sum()
            if complete[i] and complete[j]:
                continue
            aggs[f"{kind}{i}:{j}:n"] = (a * b).count()
            for first, second, one, other in ((i, j, a, b), (j, i, b, a)):
                if not complete[second]:
                    within = one + other * 0  # null unless both are present
                    aggs[f"{kind}{first}:{second}:s"] = within.sum()
                    aggs[f"{kind}{first}:{second}:ss"] = (within * one).sum()
    return aggs


def pair_correlation(row: Mapping[str, Any], kind: str, i: int, j: int) -> float | None:
    """Pearson's r of columns i < j from the `pair_sums` of one result row (None when undefined)."""

    def sums(first: int, second: int) -> tuple[float, float]:
        own = f"{kind}{first}:{second}"
        if f"{own}:s" in row:
            return row[f"{own}:s"] or 0.0, row[f"{own}:ss"] or 0.0
        return row[f"{kind}{first}:s"] or 0.0, row[f"{kind}{first}:ss"] or 0.0

    n = row.get(f"{kind}{i}:{j}:n", row["__rows"]) or 0
    if n < 2:
        return None
    (sx, sxx), (sy, syy) = sums(i, j), sums(j, i)
    sxy = row[f"{kind}{i}:{j}:sxy"] or 0.0
    vx, vy = sxx - sx * sx / n, syy - sy * sy / n
    if not (vx > 0 and vy > 0):
        return None
    r = (sxy - sx * sy / n) / math.sqrt(vx * vy)
    return max(-1.0, min(1.0, r)) if math.isfinite(r) else None


def contingency_query(source: Source, pairs: Sequence[tuple[str, str]]) -> ir.Table | None:
    """Cross-tabulated counts for each pair of categorical columns (one UNION ALL query)."""
    t = source.table
    parts = []
    for index, (a, b) in enumerate(pairs):
        both = t.select(a=t[a].cast("string"), b=t[b].cast("string")).filter(_.a.notnull() & _.b.notnull())
        grouped = both.group_by(["a", "b"]).agg(n=_.count())
        parts.append(grouped.select(pair=ibis.literal(index, "int64"), a=grouped.a, b=grouped.b, n=grouped.n))
    return ibis.union(*parts) if parts else None
