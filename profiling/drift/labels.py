"""Label drift (the target's distribution) and the change of outcome rates per sensitive group."""

from __future__ import annotations

from profiling.drift.columns import Plan, judge
from profiling.drift.engine import DriftEngine
from profiling.drift.models import DriftOptions, GroupRate, LabelDrift

MAX_GROUPS = 20  # groups per sensitive attribute, the largest in the reference first


def label_drift(engine: DriftEngine, plan: Plan, options: DriftOptions) -> LabelDrift:
    """The target's drift with its default test, its outcome rate, and each sensitive group's rates."""
    assert options.target is not None
    positive = _positive_label(plan, options)
    outcome = f"share of {positive!r}" if positive is not None else f"mean of {options.target!r}"
    overall = {side: engine.grouped_rates(side, options.target, options.target, positive) for side in ("ref", "cur")}
    groups: list[GroupRate] = []
    for attribute in options.sensitive:
        groups += _group_rates(engine, attribute, options.target, positive)
    return LabelDrift(
        target=options.target,
        outcome=outcome,
        drift=judge(plan, options),
        reference_rate=_overall(overall["ref"]),
        current_rate=_overall(overall["cur"]),
        groups=groups,
    )


def _positive_label(plan: Plan, options: DriftOptions) -> str | None:
    """The given positive label; else the reference's rarer value of a two-valued target; else None (a mean)."""
    if options.positive_label is not None:
        return options.positive_label
    if plan.counts is not None and len(plan.counts[0]) == 2 and (not plan.numeric or plan.kind != "numeric"):
        ref = plan.counts[0]
        return min(ref, key=lambda v: (ref[v], v))
    if plan.counts is not None and len(plan.counts[0]) == 2 and plan.numeric:
        return max(plan.counts[0], key=float)
    return None


def _overall(rows: dict[str, tuple[int, float | None]]) -> float | None:
    """The rate over every row with a target: grouped by the target itself, weight each group by its rows."""
    total = sum(n for g, (n, r) in rows.items() if r is not None)
    if not total:
        return None
    return sum(n * r for n, r in rows.values() if r is not None) / total


def _group_rates(engine: DriftEngine, attribute: str, target: str, positive: str | None) -> list[GroupRate]:
    ref = engine.grouped_rates("ref", target, attribute, positive)
    cur = engine.grouped_rates("cur", target, attribute, positive)
    names = sorted(set(ref) | set(cur), key=lambda g: (-ref.get(g, (0, None))[0], g))[:MAX_GROUPS]
    out = []
    for group in names:
        ref_rows, ref_rate = ref.get(group, (0, None))
        cur_rows, cur_rate = cur.get(group, (0, None))
        change = cur_rate - ref_rate if ref_rate is not None and cur_rate is not None else None
        out.append(
            GroupRate(
                attribute=attribute,
                group=group,
                reference_rows=ref_rows,
                current_rows=cur_rows,
                reference_rate=ref_rate,
                current_rate=cur_rate,
                change=change,
            )
        )
    return out
