"""Bias and balance: label balance, group rates, intersections, representation and proxies of the data."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from profiling import charts_bias, privacy
from profiling.bias import BiasOptions
from profiling.bias.models import BiasReport, MultiBiasReport
from profiling.bias.options import DEFAULT_AGE_BINS, parse_edges
from profiling.bias.representation import parse_expected
from profiling.errors import ProfilingError
from ui import bias, state, widgets

SEVERITY: dict[str, Callable[..., object]] = {
    "high": st.error,
    "medium": st.warning,
    "low": st.info,
    "info": st.caption,
}

st.title("Bias and balance")
st.caption(
    "Audits the data before any model exists: who is in it, and how the outcome differs by group. "
    "Fairness toolkits need model predictions; this needs only the dataset."
)
workspace = state.workspace()
metas = {m.id: m for m in workspace.datasets()}
if not metas:
    st.info("The workspace has no datasets yet: add some on the Datasets page.")
    st.stop()
default = [next((i for i, m in metas.items() if m.role == "reference"), next(iter(metas)))]
chosen = st.multiselect(
    "Datasets (several are audited side by side and pooled)",
    list(metas),
    default=default,
    format_func=lambda i: f"{metas[i].name} ({metas[i].rows:,} x {metas[i].columns})",
    key="bias-datasets",
)
if not chosen:
    st.info("Pick at least one dataset.")
    st.stop()
key = "-".join(chosen)
bias.scale_notes([metas[i] for i in chosen])
first = metas[chosen[0]]
common = [c for c in first.column_names if all(c in metas[i].column_names for i in chosen)]
targets, detected = bias.suggestions(first.id)

left, middle, right = st.columns(3)
target = left.selectbox(
    "Target (label)",
    common,
    index=common.index(targets[0]) if targets and targets[0] in common else len(common) - 1,
    key=f"bias-target-{key}",
    help="Suggested: " + (", ".join(targets) or "none"),
)
# Privacy mode: the audit runs on the real values; the values of masked columns are hidden once it has run.
hidden = frozenset().union(*(state.masked_columns(metas[i]) for i in chosen))
outcomes = bias.outcome_options(first.id, target)
shown_outcomes = privacy.masked_labels(outcomes[1:]) if target in hidden else {}
outcome = middle.selectbox(
    "Outcome of interest",
    outcomes,
    key=f"bias-outcome-{key}-{target}",
    format_func=lambda o: shown_outcomes.get(o, o),
)
sensitive = right.multiselect(
    "Sensitive attributes",
    [c for c in common if c != target],
    default=[c for c in detected if c in common and c != target],
    key=f"bias-sensitive-{key}-{target}",
    help="Detected from names and values; add or remove any.",
)
with st.expander("Reference groups, age bins, minimum group size, expected shares"):
    one, two, three = st.columns(3)
    rule = one.radio(
        "Reference group",
        ["largest", "favoured"],
        key=f"bias-rule-{key}",
        format_func=lambda r: {"largest": "The largest group", "favoured": "The most favoured group"}[r],
    )
    minimum = two.number_input("Small group below (rows)", 1, 100_000, 30, key=f"bias-min-{key}")
    edges = three.text_input("Age bin edges", ",".join(f"{b:g}" for b in DEFAULT_AGE_BINS), key=f"bias-bins-{key}")
    expected = st.text_area(
        "Expected shares (one attribute per line)",
        "",
        key=f"bias-expected-{key}",
        placeholder="sex=Male:0.49,Female:0.51",
    )
    others = [i for i in metas if i not in chosen]
    reference_id = st.selectbox(
        "Compare representation with another dataset (for example production data)",
        [None, *others],
        format_func=lambda i: "(none)" if i is None else metas[i].name,
        key=f"bias-refdata-{key}",
        disabled=len(chosen) > 1,
    )
    if reference_id:
        bias.scale_notes([metas[reference_id]])

try:
    options = BiasOptions(
        target=target,
        positive=None if outcome == bias.DEFAULT_OUTCOME else outcome,
        sensitive=tuple(sensitive),
        reference=rule,
        min_group_size=int(minimum),
        age_bins=parse_edges(edges) or DEFAULT_AGE_BINS,
        expected_shares=parse_expected(expected),
    )
    with st.spinner("Auditing the rows..."):
        multi: MultiBiasReport = bias.audit(tuple(chosen), options.model_dump_json(), reference_id)
except ProfilingError as err:
    widgets.show_error(err)
    st.stop()
except ValueError as err:  # pydantic's ValidationError: an option out of range
    widgets.show_error(ProfilingError(f"Invalid option: {err}", "Correct the option above."))
    st.stop()
hidden = hidden | (state.masked_columns(metas[reference_id]) if reference_id else frozenset())
multi = privacy.mask_bias(multi, hidden)
if used := hidden & {target, *sensitive}:
    st.caption(f"Privacy mode: the values of {len(used)} column(s) are hidden here and in the downloads.")

report: BiasReport = multi.reports[0]
if len(multi.reports) > 1:
    names = ["pooled", *multi.datasets]
    shown = st.segmented_control("Details for", names, default="pooled", key=f"bias-details-{key}")
    report = (
        multi.pooled
        if shown in (None, "pooled") and multi.pooled
        else multi.reports[names.index(shown or "pooled") - 1]
    )

balance = report.label_balance
cells = st.columns(5)
cells[0].metric("Rows", f"{report.rows:,}")
cells[1].metric(
    "Outcome rate",
    "-" if report.overall_rate is None else f"{report.overall_rate:.3f}",
    help=widgets.escape(report.outcome),
)
cells[2].metric("Imbalance ratio", "-" if balance.imbalance_ratio is None else f"{balance.imbalance_ratio:.2f} : 1")
cells[3].metric("Minority share", "-" if balance.minority_share is None else f"{balance.minority_share:.3f}")
cells[4].metric(
    "Balance score",
    "-" if balance.balance_score is None else f"{balance.balance_score:.2f}",
    help="Normalised entropy: 1 = even classes",
)
st.caption(widgets.escape(f"{report.dataset}: outcome {report.outcome}. " + " ".join(report.notes)))

tabs = st.tabs(["Findings", "Label balance", "Groups", "Intersections", "Representation", "Proxies", "Side by side"])
with tabs[0]:
    if not report.findings:
        st.success("No findings.")
    for finding in report.findings:
        SEVERITY[finding.severity](f"**{finding.severity}** · " + widgets.escape(finding.message))
with tabs[1]:
    if balance.kind == "numeric":
        st.write(
            f"Numeric target: skew {balance.skew or 0:.2f}, lower tail {balance.lower_tail_share or 0:.1%}, upper tail {balance.upper_tail_share or 0:.1%} (beyond 3 IQR)."
        )
    else:
        st.plotly_chart(charts_bias.class_balance_chart(report), key=f"bias-balance-{key}")
        st.dataframe(
            pd.DataFrame([c.model_dump() for c in balance.classes]), hide_index=True, key=f"bias-classes-{key}"
        )
with tabs[2]:
    for audit in report.attributes:
        st.plotly_chart(
            charts_bias.group_rate_chart(audit, outcome=report.outcome, four_fifths=options.four_fifths),
            key=f"bias-rate-{key}-{audit.attribute}",
        )
        st.caption(
            widgets.escape(
                f"Reference: {audit.reference_group} ({audit.reference_rule}). Shaded: below four-fifths of the reference rate (a US employment heuristic, not a verdict). Grey bars: small groups."
            )
        )
    st.dataframe(bias.groups_table(report.attributes), hide_index=True, key=f"bias-groups-{key}")
with tabs[3]:
    if not report.intersections:
        st.info("Pick at least two sensitive attributes to see their intersections.")
    for audit in report.intersections:
        st.plotly_chart(charts_bias.intersection_heatmap(audit), key=f"bias-heat-{key}-{audit.attribute}")
    if report.intersections:
        st.dataframe(bias.groups_table(report.intersections), hide_index=True, key=f"bias-inter-{key}")
with tabs[4]:
    if not report.representation:
        st.info("Type expected shares or pick another dataset under the options above to compare representation.")
    for table in report.representation:
        st.plotly_chart(
            charts_bias.representation_chart(table), key=f"bias-rep-{key}-{table.attribute}-{table.reference}"
        )
with tabs[5]:
    if report.proxies:
        st.plotly_chart(
            charts_bias.proxy_chart(report.proxies, threshold=options.proxy_threshold), key=f"bias-proxy-{key}"
        )
        st.dataframe(pd.DataFrame([p.model_dump() for p in report.proxies]), hide_index=True, key=f"bias-proxies-{key}")
    else:
        st.info("No column could be scored against the sensitive attributes.")
with tabs[6]:
    if len(multi.reports) < 2:
        st.info("Pick several datasets (for example the four heart sources) to compare them side by side.")
    for audit in (multi.pooled or report).attributes if len(multi.reports) > 1 else []:
        st.plotly_chart(charts_bias.comparison_chart(multi, audit.attribute), key=f"bias-side-{key}-{audit.attribute}")

st.divider()
left, right = st.columns(2)
left.download_button(
    "Download the audit (JSON)",
    multi.model_dump_json(indent=2) if len(multi.reports) > 1 else report.model_dump_json(indent=2),
    file_name="bias-audit.json",
    mime="application/json",
    key=f"bias-json-{key}",
)
right.download_button(
    "Download the group tables (CSV)",
    bias.groups_table([*report.attributes, *report.intersections]).to_csv(index=False),
    file_name=f"{report.dataset}-bias-groups.csv",
    mime="text/csv",
    key=f"bias-csv-{key}",
)
