"""Per-column drift: plan each column's kind and test, gather the engine's counts, and judge the column."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from profiling.drift.engine import FINE_BINS, LOW_CARDINALITY, DriftEngine, Side, Summary, is_integer_column
from profiling.drift.kinds import column_kind
from profiling.drift.models import BinPair, CategoryPair, ColumnDrift, DriftKind, DriftOptions
from profiling.drift.severity import category_effect, numeric_effect, proportion_effect, severity
from profiling.drift.stattests import ColumnData, Outcome, choose_test, get_test
from profiling.drift.stattests.ztest import proportions_z
from profiling.errors import ProfilingError

CHART_BINS = 40
CHART_CATEGORIES = 30
CATEGORY_KINDS = ("categorical", "boolean", "constant")


@dataclass
class Plan:
    """What is known about one common column before its test runs."""

    name: str
    kind: DriftKind
    current_kind: DriftKind
    ref: Summary
    cur: Summary
    numeric: bool
    test: str | None = None
    threshold: float | None = None
    note: str | None = None
    counts: tuple[dict[str, int], dict[str, int]] | None = None
    bins: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # edges, reference counts, current counts
    exact: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def as_categories(self) -> bool:
        return self.counts is not None and (self.kind in CATEGORY_KINDS or self.n_values <= 5 or not self.numeric)

    @property
    def n_values(self) -> int:
        if self.counts is not None:
            return len(set(self.counts[0]) | set(self.counts[1]))
        return max(self.ref.distinct, self.cur.distinct)


def plan_columns(engine: DriftEngine, names: list[str], options: DriftOptions) -> list[Plan]:
    """Kinds on both sides, value counts, the test of each column (default or override), bins and exact values."""
    summaries = engine.both(lambda side: engine.summaries(side, names))
    plans = [_plan(engine, name, summaries["ref"][name], summaries["cur"][name]) for name in names]
    wanted = [p.name for p in plans if _wants_counts(p)]
    counts = engine.both(lambda side: engine.value_counts(side, wanted))
    for plan in plans:
        if plan.name in wanted:
            plan.counts = (counts["ref"][plan.name], counts["cur"][plan.name])
        _choose(plan, options, rows=engine.rows["ref"])
    _gather_numbers(engine, [p for p in plans if p.numeric and p.ref.count + p.cur.count])
    return plans


def judge(plan: Plan, options: DriftOptions) -> ColumnDrift:
    """The column's test outcome, missing-value drift, effect size and the data its chart needs."""
    outcome, drifted, score = Outcome(statistic=0.0), False, 0.0
    if plan.test is not None and plan.threshold is not None:
        test = get_test(plan.test)
        outcome = test.compute(_column_data(plan, test.numeric and not test.categorical))
        drifted, score = test.drifted(outcome, plan.threshold), test.score(outcome, plan.threshold)
    ref_missing, cur_missing = _fraction(plan.ref.missing, plan.ref.rows), _fraction(plan.cur.missing, plan.cur.rows)
    missing = proportions_z(plan.ref.missing, plan.ref.rows, plan.cur.missing, plan.cur.rows)
    missing_drifted = (
        cur_missing - ref_missing >= options.missing_rise and (missing.p_value or 1.0) < options.missing_p_value
    )
    if missing_drifted:
        score = max(score, 1.0 + (cur_missing - ref_missing))
    effect = _effect(plan)
    size = _effect_size(plan, effect.get("mean_shift_std"), (ref_missing, cur_missing))  # type: ignore[arg-type]
    return ColumnDrift(
        column=plan.name,
        kind=plan.kind,
        test=plan.test,
        statistic=_finite(outcome.statistic) if plan.test else None,
        p_value=_finite(outcome.p_value) if plan.test else None,
        threshold=plan.threshold,
        drifted=drifted or missing_drifted,
        distribution_drifted=drifted,
        missing_drifted=missing_drifted,
        score=_finite(score) if np.isfinite(score) else 1e9,
        reference_count=plan.ref.count,
        current_count=plan.cur.count,
        reference_missing_fraction=ref_missing,
        current_missing_fraction=cur_missing,
        missing_p_value=_finite(missing.p_value),
        effect_size=size,
        severity=severity(size),
        note=plan.note,
        bins=_chart_bins(plan),
        categories=_chart_categories(plan),
        **effect,
    )


def _plan(engine: DriftEngine, name: str, ref: Summary, cur: Summary) -> Plan:
    sides: tuple[tuple[Side, Summary], ...] = (("ref", ref), ("cur", cur))
    kinds = {side: _kind(engine, side, name, summary) for side, summary in sides}
    same_storage = engine.physical["ref"][name] == engine.physical["cur"][name]
    numeric = same_storage and engine.physical["ref"][name] in ("numeric", "temporal")
    plan = Plan(name=name, kind=kinds["ref"], current_kind=kinds["cur"], ref=ref, cur=cur, numeric=numeric)
    if not same_storage:
        plan.note = (
            f"stored as {engine.physical['ref'][name]} in the reference and {engine.physical['cur'][name]} in the "
            "current data: not compared; load both with the same options (missing markers, types)"
        )
    return plan


def _kind(engine: DriftEngine, side: Side, name: str, summary: Summary) -> DriftKind:
    physical = engine.physical[side][name]
    return column_kind(
        summary,
        physical,
        integer=physical == "numeric" and is_integer_column(engine.schemas[side], name),
        exact_distinct=lambda: engine.exact_distinct(side, name),
    )


def _wants_counts(plan: Plan) -> bool:
    if plan.note is not None or plan.kind in ("identifier", "text", "datetime", "other"):
        return False
    if not plan.numeric:
        return True
    return max(plan.ref.distinct, plan.cur.distinct) <= LOW_CARDINALITY


def _choose(plan: Plan, options: DriftOptions, *, rows: int) -> None:
    override = options.columns.get(plan.name)
    if plan.note is not None:
        return
    name = override.test if override and override.test else choose_test(plan.kind, rows, n_values=plan.n_values)
    if name is None:
        plan.note = _untested_note(plan.kind)
        return
    try:
        test = get_test(name)
    except KeyError as err:
        raise ProfilingError(f"Column {plan.name!r}: {err.args[0]}.", "Choose one of the listed tests.") from None
    if not ((test.numeric and plan.numeric) or (test.categorical and plan.counts is not None)):
        accepts = "numbers" if test.numeric and not test.categorical else "categories"
        raise ProfilingError(
            f"Column {plan.name!r} ({plan.kind}) cannot use the {name} test, which compares {accepts}.",
            "Pick a test for this kind: ks, wasserstein or psi for numbers; chisquare, z, jensenshannon or psi "
            "for categories.",
        )
    plan.test = name
    plan.threshold = override.threshold if override and override.threshold is not None else test.default_threshold


def _untested_note(kind: DriftKind) -> str:
    return {
        "identifier": "a unique key: compared by key overlap, not by distribution",
        "text": "free text (many long or distinct values): only missing values are compared",
        "datetime": "dates: time always moves forward, so only missing values are compared; set a test to compare",
    }.get(kind, f"{kind} values are not compared")


def _gather_numbers(engine: DriftEngine, plans: list[Plan]) -> None:
    ranges: dict[str, tuple[float, float]] = {}
    for plan in plans:
        lows = [v for v in (plan.ref.min, plan.cur.min) if v is not None]
        highs = [v for v in (plan.ref.max, plan.cur.max) if v is not None]
        ranges[plan.name] = (min(lows), max(highs))
    fine = engine.both(lambda side: engine.bins(side, ranges))
    for plan in plans:
        lo, hi = ranges[plan.name]
        plan.bins = (np.linspace(lo, hi, FINE_BINS + 1), fine["ref"][plan.name], fine["cur"][plan.name])
        if plan.test == "ks":
            plan.exact = (engine.numeric_values("ref", plan.name), engine.numeric_values("cur", plan.name))


def _column_data(plan: Plan, numbers_only: bool) -> ColumnData:
    if plan.as_categories and not numbers_only and plan.counts is not None:
        ref, cur = plan.counts
        labels = sorted(set(ref) | set(cur), key=lambda v: (-ref.get(v, 0), v))
        return ColumnData(
            labels=labels,
            reference=np.array([ref.get(v, 0) for v in labels], dtype=np.int64),
            current=np.array([cur.get(v, 0) for v in labels], dtype=np.int64),
        )
    edges, ref_bins, cur_bins = plan.bins if plan.bins is not None else (np.zeros(2), np.zeros(1), np.zeros(1))
    return ColumnData(
        labels=[],
        reference=ref_bins,
        current=cur_bins,
        edges=edges,
        reference_std=plan.ref.std,
        exact_reference=plan.exact[0] if plan.exact else None,
        exact_current=plan.exact[1] if plan.exact else None,
    )


def _effect(plan: Plan) -> dict[str, object]:
    parts: list[str] = []
    out: dict[str, object] = {}
    if plan.kind != "datetime" and plan.numeric and plan.ref.mean is not None and plan.cur.mean is not None:
        shift = (plan.cur.mean - plan.ref.mean) / plan.ref.std if plan.ref.std else None
        out.update(reference_mean=plan.ref.mean, current_mean=plan.cur.mean, mean_shift_std=shift)
        parts.append(f"mean {plan.ref.mean:.4g} -> {plan.cur.mean:.4g}")
        if shift is not None:
            parts[-1] += f" ({shift:+.2f} reference std)"
    if plan.counts is not None and plan.counts[0] and (plan.as_categories or not parts):
        ref, cur = plan.counts
        top = max(ref, key=lambda v: (ref[v], v))
        before, after = ref[top] / max(plan.ref.count, 1), cur.get(top, 0) / max(plan.cur.count, 1)
        out.update(top_category=top, top_share_reference=before, top_share_current=after)
        parts.append(f"{top!r}: {before:.1%} -> {after:.1%} of values ({(after - before) * 100:+.1f} pts)")
        new = len(set(cur) - set(ref))
        if new:
            parts.append(f"{new} new value(s)")
    ref_missing, cur_missing = _fraction(plan.ref.missing, plan.ref.rows), _fraction(plan.cur.missing, plan.cur.rows)
    if abs(cur_missing - ref_missing) >= 0.005:
        parts.append(f"missing {ref_missing:.1%} -> {cur_missing:.1%}")
    out["effect"] = "; ".join(parts) or "no values to compare"
    return out


def _effect_size(plan: Plan, shift: float | None, missing: tuple[float, float]) -> float | None:
    """The larger of the values' effect (tested columns) and the missing fraction's effect, on Cohen's scale."""
    sizes = [proportion_effect(*missing)]
    if plan.test is not None and plan.as_categories and plan.counts is not None:
        sizes.append(category_effect(*plan.counts) or 0.0)
    elif plan.test is not None and plan.numeric and plan.bins is not None:
        sizes.append(numeric_effect(*plan.bins, mean_shift_std=shift, std=plan.ref.std) or 0.0)
    return _finite(max(sizes))


def _chart_bins(plan: Plan) -> list[BinPair]:
    if plan.bins is None or plan.as_categories:
        return []
    edges, ref, cur = plan.bins
    ref_c, cur_c = ref.reshape(CHART_BINS, -1).sum(axis=1), cur.reshape(CHART_BINS, -1).sum(axis=1)
    step = FINE_BINS // CHART_BINS
    n_ref, n_cur = max(int(ref.sum()), 1), max(int(cur.sum()), 1)
    return [
        BinPair(start=float(edges[i * step]), end=float(edges[(i + 1) * step]), reference=r / n_ref, current=c / n_cur)
        for i, (r, c) in enumerate(zip(ref_c.tolist(), cur_c.tolist(), strict=True))
    ]


def _chart_categories(plan: Plan) -> list[CategoryPair]:
    if plan.counts is None or not plan.as_categories:
        return []
    ref, cur = plan.counts
    n_ref, n_cur = max(sum(ref.values()), 1), max(sum(cur.values()), 1)
    values = sorted(set(ref) | set(cur), key=lambda v: (-max(ref.get(v, 0) / n_ref, cur.get(v, 0) / n_cur), v))
    new = [v for v in values if v not in ref]
    shown = values[:CHART_CATEGORIES] + [v for v in new[:5] if v not in values[:CHART_CATEGORIES]]
    return [
        CategoryPair(
            value=v,
            reference=ref.get(v, 0) / n_ref,
            current=cur.get(v, 0) / n_cur,
            new=v not in ref,
            vanished=v not in cur,
        )
        for v in shown
    ]


def _fraction(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _finite(value: float | None) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return float(value)
