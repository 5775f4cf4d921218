"""Schema changes between reference and current: columns, kinds, categories, ranges and missing rates."""

from __future__ import annotations

from profiling.drift.columns import CATEGORY_KINDS, Plan
from profiling.drift.engine import DriftEngine
from profiling.drift.models import SchemaChange

MISSING_CHANGE = 0.01  # a change of missing share of at least 1 point is listed (drift is judged separately)
LISTED_VALUES = 20  # new or vanished categories listed by name (all are counted)


def compare_schemas(
    engine: DriftEngine, reference_columns: list[str], current_columns: list[str], plans: list[Plan]
) -> list[SchemaChange]:
    """Missing and new columns, kind changes, new and vanished categories, out-of-range values, missing rates."""
    ref_set, cur_set = set(reference_columns), set(current_columns)
    changes = [
        SchemaChange(
            type="column_missing", column=name, detail=f"{name!r} is in the reference but not in the current data"
        )
        for name in reference_columns
        if name not in cur_set
    ]
    changes += [
        SchemaChange(type="column_new", column=name, detail=f"{name!r} is new in the current data")
        for name in current_columns
        if name not in ref_set
    ]
    for plan in plans:
        changes += _kind_change(plan) + _type_change(engine, plan) + _category_changes(plan) + _missing_change(plan)
    changes += _out_of_range(engine, plans)
    return changes


def _kind_change(plan: Plan) -> list[SchemaChange]:
    if plan.kind == plan.current_kind:
        return []
    return [
        SchemaChange(
            type="kind_changed",
            column=plan.name,
            detail=f"{plan.name!r} was {plan.kind} in the reference and is {plan.current_kind} in the current data",
        )
    ]


def _type_change(engine: DriftEngine, plan: Plan) -> list[SchemaChange]:
    """A storage type change within one kind (int -> float, text -> number): pipelines that cast break on it."""
    ref, cur = (engine.schemas[side].field(plan.name).type for side in ("ref", "cur"))
    if ref == cur or plan.kind != plan.current_kind:
        return []  # equal, or already reported as a kind change
    return [
        SchemaChange(
            type="type_changed",
            column=plan.name,
            detail=f"{plan.name!r} is stored as {ref} in the reference and as {cur} in the current data",
        )
    ]


def _category_changes(plan: Plan) -> list[SchemaChange]:
    if plan.counts is None or not (plan.kind in CATEGORY_KINDS or not plan.numeric):
        return []
    ref, cur = plan.counts
    out = []
    for kind, values in (
        ("new_categories", {v: n for v, n in cur.items() if v not in ref}),
        ("vanished_categories", {v: n for v, n in ref.items() if v not in cur}),
    ):
        if not values:
            continue
        ranked = dict(sorted(values.items(), key=lambda item: (-item[1], item[0]))[:LISTED_VALUES])
        rows = sum(values.values())
        where = "current rows" if kind == "new_categories" else "reference rows"
        listed = ", ".join(f"{v!r} ({n:,})" for v, n in ranked.items())
        more = f" and {len(values) - len(ranked)} more" if len(values) > len(ranked) else ""
        verb = "new in the current data" if kind == "new_categories" else "gone from the current data"
        detail = f"{len(values)} value(s) of {plan.name!r} {verb}, in {rows:,} {where}: {listed}{more}"
        out.append(SchemaChange(type=kind, column=plan.name, detail=detail, count=rows, values=ranked))
    return out


def _missing_change(plan: Plan) -> list[SchemaChange]:
    before = plan.ref.missing / plan.ref.rows if plan.ref.rows else 0.0
    after = plan.cur.missing / plan.cur.rows if plan.cur.rows else 0.0
    if abs(after - before) < MISSING_CHANGE:
        return []
    return [
        SchemaChange(
            type="missing_rate_change",
            column=plan.name,
            detail=f"missing values in {plan.name!r}: {before:.1%} of reference rows, {after:.1%} of current rows",
            count=plan.cur.missing,
        )
    ]


def _out_of_range(engine: DriftEngine, plans: list[Plan]) -> list[SchemaChange]:
    ranges = {
        p.name: (p.ref.min, p.ref.max)
        for p in plans
        if p.numeric and p.kind in ("numeric", "constant") and p.ref.min is not None and p.ref.max is not None
    }
    outside = engine.outside(ranges)
    out = []
    for name, (below, above) in outside.items():
        if below + above == 0:
            continue
        lo, hi = ranges[name]
        out.append(
            SchemaChange(
                type="out_of_range",
                column=name,
                detail=f"{below + above:,} current value(s) of {name!r} outside the reference range "
                f"[{lo:.6g}, {hi:.6g}]: {below:,} below, {above:,} above",
                count=below + above,
                values={"below": below, "above": above},
            )
        )
    return out
