"""Plotly figures of a drift report: distribution overlays, drift scores, missing rates and group outcome rates."""

from __future__ import annotations

import plotly.graph_objects as go

from profiling.charts import ACCENT, WARN, _layout, safe
from profiling.drift import ColumnDrift, DriftReport, LabelDrift

REFERENCE_COLOR = ACCENT
CURRENT_COLOR = "#F58518"


def distribution_overlay(column: ColumnDrift, *, reference: str, current: str) -> go.Figure:
    """The two distributions of a column: overlaid histograms (numbers) or side-by-side bars (categories).

    New categories (absent from the reference) are hatched and labelled "new"; vanished ones "gone".
    """
    if column.bins:
        figure = go.Figure()
        for name, values, color in (
            (reference, [b.reference for b in column.bins], REFERENCE_COLOR),
            (current, [b.current for b in column.bins], CURRENT_COLOR),
        ):
            figure.add_trace(
                go.Bar(
                    x=[(b.start + b.end) / 2 for b in column.bins],
                    y=values,
                    width=[b.end - b.start for b in column.bins],
                    name=safe(name),
                    marker_color=color,
                    opacity=0.55,
                    hovertemplate="%{x:.4g}: %{y:.1%} of values<extra>" + safe(name) + "</extra>",
                )
            )
        figure.update_layout(barmode="overlay")
        figure.update_xaxes(title=safe(column.column))
    else:
        figure = _category_bars(column, reference=reference, current=current)
    figure.update_yaxes(title="Share of values", tickformat=".0%")
    verdict = "drifted" if column.drifted else "no drift"
    return _layout(figure, f"{safe(column.column)}: {verdict} ({_test_text(column)})", height=420)


def drift_scores(report: DriftReport) -> go.Figure:
    """Each column's score (its statistic relative to its threshold; 1 is the threshold), worst first."""
    columns = report.columns
    figure = go.Figure(
        go.Bar(
            x=[c.score for c in columns],
            y=[safe(c.column) for c in columns],
            orientation="h",
            marker_color=[WARN if c.drifted else ACCENT for c in columns],
            customdata=[[c.test or "-", safe(c.effect)] for c in columns],
            hovertemplate="%{y}: score %{x:.2f} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
        )
    )
    figure.add_vline(x=1.0, line_dash="dash", line_color="#555")
    figure.update_yaxes(autorange="reversed", type="category", title=None)
    figure.update_xaxes(title="Drift score (1 = threshold)", type="log" if _wide(columns) else "linear")
    return _layout(figure, "Drift per column", height=max(300, 24 * len(columns) + 100))


def missing_rates(report: DriftReport) -> go.Figure:
    """Missing share per column in each dataset (columns where either has missing values)."""
    columns = [
        c for c in report.columns if c.reference_missing_fraction or c.current_missing_fraction
    ] or report.columns
    figure = go.Figure()
    for name, values, color in (
        (report.reference, [c.reference_missing_fraction for c in columns], REFERENCE_COLOR),
        (report.current, [c.current_missing_fraction for c in columns], CURRENT_COLOR),
    ):
        figure.add_trace(go.Bar(x=[safe(c.column) for c in columns], y=values, name=safe(name), marker_color=color))
    figure.update_layout(barmode="group")
    figure.update_yaxes(title="Missing", tickformat=".0%", range=[0, 1])
    figure.update_xaxes(type="category", title=None)
    return _layout(figure, "Missing values per column")


def group_rates(label: LabelDrift, *, reference: str, current: str) -> go.Figure:
    """The outcome rate of each sensitive group in both datasets."""
    figure = go.Figure()
    names = [f"{safe(g.attribute)} = {safe(g.group)}" for g in label.groups]
    for name, values, color in (
        (reference, [g.reference_rate for g in label.groups], REFERENCE_COLOR),
        (current, [g.current_rate for g in label.groups], CURRENT_COLOR),
    ):
        figure.add_trace(go.Bar(x=values, y=names, orientation="h", name=safe(name), marker_color=color))
    figure.update_layout(barmode="group")
    figure.update_yaxes(autorange="reversed", type="category", title=None)
    figure.update_xaxes(title=safe(label.outcome))
    return _layout(figure, f"{safe(label.outcome)} per group", height=max(300, 40 * len(names) + 100))


def _category_bars(column: ColumnDrift, *, reference: str, current: str) -> go.Figure:
    labels = [safe(c.value) + (" (new)" if c.new else " (gone)" if c.vanished else "") for c in column.categories]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(x=labels, y=[c.reference for c in column.categories], name=safe(reference), marker_color=REFERENCE_COLOR)
    )
    figure.add_trace(
        go.Bar(
            x=labels,
            y=[c.current for c in column.categories],
            name=safe(current),
            marker_color=[WARN if c.new else CURRENT_COLOR for c in column.categories],
            marker_pattern_shape=["/" if c.new else "" for c in column.categories],
        )
    )
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", title=safe(column.column))
    return figure


def _test_text(column: ColumnDrift) -> str:
    if column.test is None or column.statistic is None:
        return safe(column.note or "not tested")
    value = f"p = {column.p_value:.3g}" if column.p_value is not None else f"{column.statistic:.3g}"
    return f"{column.test} {value}, threshold {column.threshold:g}"


def _wide(columns: list[ColumnDrift]) -> bool:
    scores = [c.score for c in columns if c.score > 0]
    return bool(scores) and max(scores) / max(min(scores), 1e-9) > 1000
