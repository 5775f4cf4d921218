"""Plotly figures of privacy results: findings per column and the riskiest quasi-identifier combinations."""

from __future__ import annotations

import plotly.graph_objects as go

from profiling.charts import _layout, safe
from profiling.privacy.report import PrivacyReport, Reidentification

CATEGORY_COLORS = {"direct_identifier": "#E45756", "quasi_identifier": "#F58518", "special_category": "#B279A2"}
CATEGORY_LABELS = {
    "direct_identifier": "direct identifier",
    "quasi_identifier": "quasi-identifier",
    "special_category": "special category (GDPR Art. 9)",
}


def findings_chart(report: PrivacyReport) -> go.Figure:
    """The confidence of each finding, one bar per column, coloured by category."""
    figure = go.Figure()
    for category, color in CATEGORY_COLORS.items():
        shown = [f for f in report.columns if f.category == category]
        if not shown:
            continue
        figure.add_trace(
            go.Bar(
                x=[f.confidence for f in shown],
                y=[safe(f.column) for f in shown],
                orientation="h",
                marker_color=color,
                name=CATEGORY_LABELS[category],
                customdata=[safe(f.pii_type) for f in shown],
                hovertemplate="%{y}: %{customdata}, confidence %{x:.2f}<extra></extra>",
            )
        )
    figure.update_xaxes(title="Confidence", range=[0, 1])
    figure.update_yaxes(type="category", autorange="reversed", title=None)
    height = max(260, 26 * len(report.columns) + 110)
    return _layout(figure, f"{safe(report.dataset)}: personal data found per column", height=height)


def risk_chart(risk: Reidentification) -> go.Figure:
    """The share of records made unique by each of the riskiest quasi-identifier combinations."""
    labels = [" × ".join(safe(c) for c in combo.columns) for combo in risk.riskiest]
    figure = go.Figure(
        go.Bar(
            x=[combo.unique_fraction for combo in risk.riskiest],
            y=labels,
            orientation="h",
            marker_color=CATEGORY_COLORS["quasi_identifier"],
            customdata=[[combo.k, combo.groups] for combo in risk.riskiest],
            hovertemplate="%{y}: %{x:.1%} unique, k = %{customdata[0]}, %{customdata[1]:,} groups<extra></extra>",
        )
    )
    figure.update_xaxes(title="Records unique on these columns", tickformat=".0%", range=[0, 1])
    figure.update_yaxes(type="category", autorange="reversed", title=None)
    return _layout(figure, "Riskiest combinations of quasi-identifiers", height=max(260, 28 * len(labels) + 110))
