"""Plotly figures built from result models: pure functions, one shared layout, no Streamlit."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from profiling.profile import ColumnProfile, DatasetProfile
from profiling.profile.models import CorrelationPair

ACCENT = "#4C78A8"
WARN = "#E45756"


def column_chart(column: ColumnProfile) -> go.Figure:
    """The chart that suits a column: histogram + box (numbers), counts over time (dates), bars (the rest)."""
    if column.kind == "datetime" and column.histogram:
        return _time_histogram(column)
    if column.histogram and column.kind in ("numeric", "identifier", "constant") and column.quantiles:
        return _numeric_chart(column)
    return frequency_chart(column)


def frequency_chart(column: ColumnProfile) -> go.Figure:
    """Horizontal bars of the most frequent values, the rest and missing values as their own bars."""
    labels = [safe(v.value) for v in column.top_values]
    counts = [v.count for v in column.top_values]
    colors = [ACCENT] * len(labels)
    if column.other_values_count:
        labels.append(f"(other {column.distinct_count - len(column.top_values):,} values)")
        counts.append(column.other_values_count)
        colors.append("#9D9D9D")
    if column.missing_count:
        labels.append("(missing)")
        counts.append(column.missing_count)
        colors.append(WARN)
    figure = go.Figure(go.Bar(x=counts, y=labels, orientation="h", marker_color=colors, name=safe(column.name)))
    figure.update_yaxes(autorange="reversed", type="category", title=None)
    figure.update_xaxes(title="Rows")
    return _layout(figure, f"{safe(column.name)}: most frequent values", height=max(260, 28 * len(labels) + 90))


def missing_chart(profile: DatasetProfile) -> go.Figure:
    """Share of missing values per column, worst first."""
    columns = sorted(profile.columns, key=lambda c: c.missing_fraction, reverse=True)
    figure = go.Figure(
        go.Bar(
            x=[safe(c.name) for c in columns],
            y=[c.missing_fraction for c in columns],
            marker_color=[WARN if c.missing_fraction > 0.2 else ACCENT for c in columns],
            customdata=[c.missing_count for c in columns],
            hovertemplate="%{x}: %{y:.1%} missing (%{customdata:,} rows)<extra></extra>",
        )
    )
    figure.update_yaxes(title="Missing", tickformat=".0%", range=[0, 1])
    figure.update_xaxes(title=None, type="category")
    return _layout(figure, f"{safe(profile.dataset.name)}: missing values per column")


def correlation_heatmap(pairs: Sequence[CorrelationPair], *, title: str, symmetric_range: bool = True) -> go.Figure:
    """A square heatmap from pairwise coefficients (the diagonal is 1)."""
    names = sorted({p.column_a for p in pairs} | {p.column_b for p in pairs})
    index = {name: i for i, name in enumerate(names)}
    matrix: list[list[float | None]] = [[1.0 if i == j else None for j in range(len(names))] for i in range(len(names))]
    for pair in pairs:
        a, b = index[pair.column_a], index[pair.column_b]
        matrix[a][b] = matrix[b][a] = pair.value
    figure = go.Figure(
        go.Heatmap(
            z=matrix,
            x=[safe(n) for n in names],
            y=[safe(n) for n in names],
            zmin=-1 if symmetric_range else 0,
            zmax=1,
            colorscale="RdBu" if symmetric_range else "Blues",
            reversescale=symmetric_range,
            hovertemplate="%{x} / %{y}: %{z:.2f}<extra></extra>",
        )
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(type="category", autorange="reversed")
    return _layout(figure, title, height=max(380, 22 * len(names) + 160))


def missing_matrix(profiles: Sequence[DatasetProfile]) -> go.Figure:
    """Datasets x columns heatmap of missing shares (blank where a dataset lacks the column)."""
    names: list[str] = []
    for profile in profiles:
        names += [c.name for c in profile.columns if c.name not in names]
    z = [[next((c.missing_fraction for c in p.columns if c.name == name), None) for name in names] for p in profiles]
    labels = [p.dataset.name for p in profiles]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[safe(n) for n in names],
            y=[safe(n) for n in labels],
            zmin=0,
            zmax=1,
            colorscale="Reds",
            hovertemplate="%{y} / %{x}: %{z:.1%} missing<extra></extra>",
            colorbar={"tickformat": ".0%", "title": "Missing"},
        )
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(type="category", autorange="reversed")
    return _layout(figure, "Missing values per column and dataset", height=max(300, 36 * len(labels) + 180))


def safe(text: object) -> str:
    """Data text for a chart: plotly reads a subset of HTML in labels, so markup is escaped to show as text."""
    return html.escape(str(text), quote=False)


def _numeric_chart(column: ColumnProfile) -> go.Figure:
    figure = make_subplots(rows=2, cols=1, row_heights=[0.78, 0.22], shared_xaxes=True, vertical_spacing=0.04)
    figure.add_trace(_bars(column, [(b.start + b.end) / 2 for b in column.histogram]), row=1, col=1)
    q = column.quantiles
    assert q is not None  # column_chart only sends columns with quantiles here
    figure.add_trace(
        go.Box(
            q1=[q.p25],
            median=[q.p50],
            q3=[q.p75],
            lowerfence=[column.min],
            upperfence=[column.max],
            mean=[column.mean],
            y=[safe(column.name)],
            orientation="h",
            marker_color=ACCENT,
            name="quartiles",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    figure.update_yaxes(title="Rows", row=1, col=1)
    figure.update_yaxes(showticklabels=False, row=2, col=1)
    return _layout(figure, f"{safe(column.name)}: distribution of {column.count:,} values", height=420)


def _time_histogram(column: ColumnProfile) -> go.Figure:
    midpoints = [datetime.fromtimestamp((b.start + b.end) / 2, tz=UTC) for b in column.histogram]
    figure = go.Figure(_bars(column, midpoints))
    figure.update_yaxes(title="Rows")
    figure.update_xaxes(type="date")
    return _layout(figure, f"{safe(column.name)}: rows over time", height=360)


def _bars(column: ColumnProfile, x: Sequence[object]) -> go.Bar:
    width = column.histogram[0].end - column.histogram[0].start if column.histogram else None
    widths = [width * 1000 if column.kind == "datetime" else width] * len(column.histogram) if width else None
    return go.Bar(
        x=list(x),
        y=[b.count for b in column.histogram],
        width=widths,
        marker_color=ACCENT,
        name=safe(column.name),
        customdata=[[b.start, b.end] for b in column.histogram],
        hovertemplate="%{customdata[0]:.4g} to %{customdata[1]:.4g}: %{y:,} rows<extra></extra>"
        if column.kind != "datetime"
        else "%{x}: %{y:,} rows<extra></extra>",
        showlegend=False,
    )


def _layout(figure: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    """The one layout every Prism chart shares."""
    figure.update_layout(
        title={"text": title, "x": 0, "font": {"size": 15}},
        height=height,
        margin={"l": 10, "r": 10, "t": 48, "b": 10},
        bargap=0.02,
        template="plotly_white",
    )
    return figure
