"""Plotly figures of a schema comparison: the columns x sources matrix and side-by-side distributions of a group."""

from __future__ import annotations

import plotly.graph_objects as go

from profiling.charts import _layout, safe
from profiling.schema.models import ColumnGroup, ColumnSummary, SchemaReport

# Cell status: 0 absent, 1 present without issues, 2..4 present with its worst issue low/medium/high.
STATUS_LABELS = ("absent", "present, no issue", "low issue", "medium issue", "high issue")
_COLORS = ("#E8E8E8", "#54A24B", "#EECA3B", "#F58518", "#E45756")
_LEVEL = {"low": 2, "medium": 3, "high": 4}
_SOURCE_COLORS = ("#4C78A8", "#F58518", "#54A24B", "#B279A2", "#E45756", "#72B7B2", "#FF9DA6", "#9D755D")


def matrix_status(report: SchemaReport) -> list[list[int]]:
    """Status of each (group, source) cell, one row per group in report order."""
    rows = []
    for group in report.groups:
        row = []
        for source in report.sources:
            if group.columns.get(source) is None and not group.alternatives.get(source):
                row.append(0)
                continue
            levels = [
                _LEVEL[i.severity]
                for i in report.issues_of(group.id)
                if source in i.columns and i.type != "missing_column"
            ]
            row.append(max(levels, default=1))
        rows.append(row)
    return rows


def schema_matrix(report: SchemaReport) -> go.Figure:
    """Columns x sources heatmap: colour = worst issue, text = the column's name and kind in that source."""
    status = matrix_status(report)
    labels = [f"{g.id}: {safe(g.name)}" for g in report.groups]
    text = [[_cell_text(report, g, s) for s in report.sources] for g in report.groups]
    scale = [[i / 4, c] for i, c in enumerate(_COLORS)]
    figure = go.Figure(
        go.Heatmap(
            z=status,
            x=[safe(s) for s in report.sources],
            y=labels,
            text=text,
            texttemplate="%{text}",
            customdata=[[STATUS_LABELS[v] for v in row] for row in status],
            hovertemplate="%{y} in %{x}: %{text}<br>%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=0,
            zmax=4,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(side="top", type="category")
    return _layout(figure, "Columns x sources (colour: worst issue)", height=max(320, 30 * len(labels) + 140))


def group_distributions(report: SchemaReport, group_id: int) -> go.Figure:
    """Side-by-side distributions of one variable in every source that holds it."""
    group = report.group(group_id)
    summaries = [report.summary(s, c) for s, c in _cells(group)]
    if any(s.values for s in summaries) and not all(s.numeric and s.histogram for s in summaries):
        return _categories(group, summaries)
    return _numbers(group, summaries)


def _cells(group: ColumnGroup) -> list[tuple[str, str]]:
    cells = list(group.present().items())
    cells += [(s, c) for s, cols in group.alternatives.items() for c in cols]
    return cells


def _cell_text(report: SchemaReport, group: ColumnGroup, source: str) -> str:
    column = group.columns.get(source)
    extra = group.alternatives.get(source, [])
    if column is None and not extra:
        return "-"
    names = [c for c in [column, *extra] if c is not None]
    kind = report.summary(source, names[0]).kind
    return safe(" + ".join(names)) + f" ({kind})"


def _categories(group: ColumnGroup, summaries: list[ColumnSummary]) -> go.Figure:
    figure = go.Figure()
    for number, s in enumerate(summaries):
        top = sorted(s.values.items(), key=lambda kv: -kv[1])[:20]
        figure.add_bar(
            x=[safe(v) for v, _ in top],
            y=[share for _, share in top],
            name=safe(f"{s.source}: {s.column}"),
            marker_color=_SOURCE_COLORS[number % len(_SOURCE_COLORS)],
        )
    figure.update_layout(barmode="group")
    figure.update_yaxes(title="Share of rows", tickformat=".0%")
    figure.update_xaxes(type="category", title=None)
    return _layout(figure, f"{safe(group.name)}: values in each source", height=420)


def _numbers(group: ColumnGroup, summaries: list[ColumnSummary]) -> go.Figure:
    figure = go.Figure()
    for number, s in enumerate(summaries):
        color = _SOURCE_COLORS[number % len(_SOURCE_COLORS)]
        name = safe(f"{s.source}: {s.column}")
        if all(item.histogram for item in summaries):
            figure.add_bar(
                x=[(b.start + b.end) / 2 for b in s.histogram],
                y=[b.fraction for b in s.histogram],
                width=[b.end - b.start for b in s.histogram],
                name=name,
                marker_color=color,
                opacity=0.55,
            )
        elif s.median is not None:
            figure.add_box(
                q1=[s.p25], median=[s.median], q3=[s.p75], lowerfence=[s.min], upperfence=[s.max],
                x=[name], name=name, marker_color=color,
            )  # fmt: skip
    figure.update_layout(barmode="overlay")
    figure.update_yaxes(title="Share of values")
    return _layout(figure, f"{safe(group.name)}: distribution in each source", height=420)
