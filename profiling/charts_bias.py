"""Plotly figures of the bias audit: class balance, group rates, intersections, representation, proxies."""

from __future__ import annotations

import plotly.graph_objects as go

from profiling.bias.models import AttributeAudit, BiasReport, MultiBiasReport, Proxy, Representation
from profiling.charts import ACCENT, WARN, _layout, safe

GREY = "#9D9D9D"
BAND = "rgba(228, 87, 86, 0.12)"


def class_balance_chart(report: BiasReport) -> go.Figure:
    """Bars of rows per class, the outcome of interest highlighted."""
    classes = report.label_balance.classes
    figure = go.Figure(
        go.Bar(
            x=[safe(c.value) for c in classes],
            y=[c.count for c in classes],
            marker_color=[WARN if c.value == report.positive_class else ACCENT for c in classes],
            customdata=[c.share for c in classes],
            hovertemplate="%{x}: %{y:,} rows (%{customdata:.1%})<extra></extra>",
        )
    )
    figure.update_xaxes(type="category", title=safe(report.target))
    figure.update_yaxes(title="Rows")
    ratio = report.label_balance.imbalance_ratio
    title = f"{safe(report.dataset)}: class balance of {safe(report.target)}"
    return _layout(figure, title + (f" (imbalance {ratio:.2f} : 1)" if ratio else ""), height=340)


def group_rate_chart(audit: AttributeAudit, *, outcome: str, four_fifths: float = 0.8) -> go.Figure:
    """Outcome rate per group with Wilson intervals, the reference rate as a line and the four-fifths band."""
    groups = [g for g in audit.groups if g.positive_rate is not None]
    rates = [g.positive_rate or 0.0 for g in groups]
    figure = go.Figure(
        go.Bar(
            x=[safe(g.group) for g in groups],
            y=rates,
            marker_color=[
                GREY if g.small_group else WARN if "below_four_fifths" in g.flags else ACCENT for g in groups
            ],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [(g.ci_high or 0) - (g.positive_rate or 0) for g in groups],
                "arrayminus": [(g.positive_rate or 0) - (g.ci_low or 0) for g in groups],
            },
            customdata=[[g.count, g.ci_low, g.ci_high, g.rate_ratio] for g in groups],
            hovertemplate="%{x}: %{y:.3f} (95% CI %{customdata[1]:.3f}-%{customdata[2]:.3f}), "
            "n=%{customdata[0]:,}, ratio %{customdata[3]:.2f}<extra></extra>",
            name="outcome rate",
        )
    )
    reference = next((g for g in audit.groups if g.is_reference), None)
    if reference is not None and reference.positive_rate is not None:
        level = reference.positive_rate
        figure.add_hrect(y0=0, y1=four_fifths * level, fillcolor=BAND, line_width=0, layer="below")
        figure.add_hline(
            y=level,
            line_dash="dash",
            line_color="#333333",
            annotation_text=f"reference {safe(reference.group)}: {level:.3f}",
            annotation_position="top right",
        )
    figure.update_xaxes(type="category", title=None)
    figure.update_yaxes(title=safe(outcome), rangemode="tozero")
    return _layout(figure, f"{safe(audit.attribute)}: outcome rate per group", height=380)


def intersection_heatmap(audit: AttributeAudit) -> go.Figure:
    """First attribute x second attribute, coloured by outcome rate; small groups are left blank."""
    rows = list(dict.fromkeys(g.members[0] for g in audit.groups if g.members))
    cols = list(dict.fromkeys(g.members[1] for g in audit.groups if g.members))
    z: list[list[float | None]] = [[None] * len(cols) for _ in rows]
    text = [[""] * len(cols) for _ in rows]
    for group in audit.groups:
        if not group.members:
            continue
        i, j = rows.index(group.members[0]), cols.index(group.members[1])
        rate = group.positive_rate
        z[i][j] = None if group.small_group else rate
        shown = "-" if rate is None else f"{rate:.2f}"
        text[i][j] = f"{shown}<br>n={group.count:,}" + (" (small)" if group.small_group else "")
    first, second = audit.members or ["", ""]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=[safe(c) for c in cols],
            y=[safe(r) for r in rows],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar={"title": "rate"},
            hovertemplate="%{y} / %{x}: %{text}<extra></extra>",
        )
    )
    figure.update_xaxes(type="category", title=safe(second))
    figure.update_yaxes(type="category", title=safe(first), autorange="reversed")
    return _layout(
        figure, f"{safe(audit.attribute)}: outcome rate per intersection", height=max(320, 46 * len(rows) + 160)
    )


def representation_chart(table: Representation) -> go.Figure:
    """Observed against expected share per group."""
    groups = [safe(r.group) for r in table.rows]
    figure = go.Figure(
        [
            go.Bar(name="in the data", x=groups, y=[r.observed_share for r in table.rows], marker_color=ACCENT),
            go.Bar(name=safe(table.reference), x=groups, y=[r.expected_share for r in table.rows], marker_color=GREY),
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", title=None)
    figure.update_yaxes(title="Share of rows", tickformat=".0%")
    return _layout(figure, f"{safe(table.attribute)}: representation against {safe(table.reference)}", height=360)


def proxy_chart(proxies: list[Proxy], *, threshold: float) -> go.Figure:
    """The strongest associations with each sensitive attribute, the proxy threshold as a line."""
    top = sorted(proxies, key=lambda p: -p.value)[:15][::-1]
    figure = go.Figure(
        go.Bar(
            x=[p.value for p in top],
            y=[f"{safe(p.column)} ~ {safe(p.attribute)}" for p in top],
            orientation="h",
            marker_color=[WARN if p.is_proxy else ACCENT for p in top],
            customdata=[p.measure.replace("_", " ") for p in top],
            hovertemplate="%{y}: %{customdata} %{x:.2f}<extra></extra>",
        )
    )
    figure.add_vline(x=threshold, line_dash="dash", line_color="#333333")
    figure.update_xaxes(range=[0, 1], title="Association (Cramér's V or correlation ratio)")
    figure.update_yaxes(type="category", title=None)
    return _layout(
        figure, "Proxies: columns associated with sensitive attributes", height=max(300, 26 * len(top) + 120)
    )


def comparison_chart(multi: MultiBiasReport, attribute: str) -> go.Figure:
    """One attribute's group rates in each dataset, side by side."""
    rows = [r for r in multi.comparison if r.attribute == attribute]
    figure = go.Figure(
        [
            go.Bar(
                name=safe(name),
                x=[safe(r.group) for r in rows],
                y=[r.datasets[i].positive_rate for r in rows],
                customdata=[r.datasets[i].count for r in rows],
                hovertemplate="%{x}: %{y:.3f} (n=%{customdata:,})<extra>" + safe(name) + "</extra>",
            )
            for i, name in enumerate(multi.datasets)
        ]
    )
    figure.update_layout(barmode="group")
    figure.update_xaxes(type="category", title=None)
    figure.update_yaxes(title="Outcome rate", rangemode="tozero")
    return _layout(figure, f"{safe(attribute)}: outcome rate per group in each dataset", height=380)
