"""Privacy: personal data found per column (examples masked), categories, re-identification risk, redaction."""

from __future__ import annotations

import secrets

import pandas as pd
import streamlit as st

from profiling import charts_privacy, privacy
from profiling.errors import ProfilingError
from profiling.privacy import ACTIONS, PrivacyReport, RedactionPlan
from ui import privacy as cached
from ui import state, widgets

st.title("Privacy")
st.caption(
    "Personal data found by its values (check digits verified) and by column names; nothing leaves this machine. "
    "Examples are always masked."
)
workspace = state.workspace()
meta = widgets.pick_dataset(workspace, key="privacy-dataset")
cached.scale_notes(meta)
try:
    with st.spinner(f"Looking for personal data in {meta.name}..."):
        report: PrivacyReport = cached.report(meta.id, meta.fingerprint)
        settings = privacy.privacy_settings(workspace, meta)
except ProfilingError as err:
    widgets.show_error(err)
    st.stop()

risk_summary = report.reidentification
cells = st.columns(5)
cells[0].metric("Direct identifiers", len(report.by_category("direct_identifier")))
cells[1].metric("Quasi-identifiers", len(report.by_category("quasi_identifier")))
cells[2].metric("Special categories", len(report.by_category("special_category")), help="GDPR Article 9")
cells[3].metric(
    "k-anonymity",
    "-" if risk_summary.k is None else risk_summary.k,
    help="Smallest group sharing all quasi-identifiers",
)
cells[4].metric(
    "Unique records", "-" if risk_summary.unique_fraction is None else f"{risk_summary.unique_fraction:.1%}"
)
mode = "on" if settings.privacy_mode else "off"
how = "automatically, from the findings" if settings.automatic else "as saved on this page"
masked = ", ".join(settings.masked_columns) or "none"
st.info(widgets.escape(f"Privacy mode is {mode} ({how}); masked columns: {masked}."), icon=":material/shield:")

findings_tab, risk_tab, redact_tab = st.tabs(["Findings", "Re-identification risk", "Redaction"])


def _findings() -> None:
    if not report.columns:
        st.success("No personal data found by values or column names.")
    else:
        st.dataframe(report.to_frame(), hide_index=True, width="stretch", key=f"privacy-findings-{meta.id}")
        st.plotly_chart(charts_privacy.findings_chart(report), key=f"privacy-chart-{meta.id}")
    if report.clean_columns:
        st.caption("Nothing found in: " + widgets.escape(", ".join(report.clean_columns)))
    if report.note:
        st.caption(widgets.escape(report.note))
    left, right = st.columns(2)
    left.download_button(
        "Download the privacy report (JSON)", report.model_dump_json(indent=2),
        file_name=f"{meta.name}-privacy.json", mime="application/json", key=f"privacy-json-{meta.id}",
    )  # fmt: skip
    right.download_button(
        "Download the findings (CSV)", report.to_frame().to_csv(index=False),
        file_name=f"{meta.name}-privacy-findings.csv", mime="text/csv", key=f"privacy-csv-{meta.id}",
    )  # fmt: skip


def _risk() -> None:
    left, right = st.columns([3, 1])
    chosen = left.multiselect(
        "Quasi-identifiers (what an attacker may know)", meta.column_names,
        default=report.reidentification.quasi_identifiers, key=f"privacy-qi-{meta.id}",
    )  # fmt: skip
    k_threshold = int(right.number_input("At risk below k =", 2, 100, 5, key=f"privacy-k-{meta.id}"))
    try:
        risk = cached.risk(meta.id, meta.fingerprint, tuple(chosen), k_threshold)
    except ProfilingError as err:
        widgets.show_error(err)
        return
    if risk.k is None:
        st.info("Choose one or more quasi-identifiers to measure the risk.")
        return
    cells = st.columns(4)
    cells[0].metric("k (smallest group)", f"{risk.k:,}")
    cells[1].metric("Unique records", f"{risk.unique_fraction:.1%}")
    cells[2].metric(f"Records in groups under {risk.k_threshold}", f"{risk.at_risk_fraction:.1%}")
    cells[3].metric("Groups", f"{risk.groups:,}")
    st.plotly_chart(charts_privacy.risk_chart(risk), key=f"privacy-risk-chart-{meta.id}")
    combos = pd.DataFrame(
        {
            "columns": [" × ".join(r.columns) for r in risk.riskiest],
            "unique_fraction": [r.unique_fraction for r in risk.riskiest],
            "k": [r.k for r in risk.riskiest],
            "groups": [r.groups for r in risk.riskiest],
        }
    )
    st.dataframe(combos, hide_index=True, width="stretch", key=f"privacy-combos-{meta.id}")
    st.caption("The smallest groups (their quasi-identifier values and size):")
    groups = pd.DataFrame([{**g.values, "records": g.size} for g in risk.smallest_groups])
    st.dataframe(groups, hide_index=True, width="stretch", key=f"privacy-groups-{meta.id}")
    if risk.note:
        st.caption(widgets.escape(risk.note))
    st.download_button(
        "Download the risk (JSON)", risk.model_dump_json(indent=2),
        file_name=f"{meta.name}-reidentification.json", mime="application/json", key=f"privacy-risk-json-{meta.id}",
    )  # fmt: skip


def _privacy_mode() -> None:
    st.subheader("Privacy mode")
    st.caption("When on, Prism masks these columns' values wherever it shows or exports samples.")
    mode_on = st.toggle("Privacy mode", value=settings.privacy_mode, key=f"privacy-mode-{meta.id}")
    masked_now = st.multiselect(
        "Columns to mask", meta.column_names, default=settings.masked_columns, key=f"privacy-masked-{meta.id}"
    )
    if st.button("Save privacy settings", key=f"privacy-save-{meta.id}"):
        try:
            privacy.save_privacy_settings(workspace, meta, privacy_mode=mode_on, masked_columns=masked_now)
        except ProfilingError as err:
            widgets.show_error(err)
            return
        st.rerun()


def _redacted_copy() -> None:
    st.subheader("Save a redacted copy")
    plan_columns = [f.column for f in report.columns]
    if not plan_columns:
        st.caption("No columns with personal data to redact.")
        return
    defaults = privacy.default_plan(report).actions
    actions: dict[str, str] = {}
    grid = st.columns(3)
    for i, column in enumerate(plan_columns):
        default = ACTIONS.index(defaults.get(column, "keep"))
        actions[column] = grid[i % 3].selectbox(
            column, ACTIONS, index=default, key=f"privacy-action-{meta.id}-{column}"
        )
    salt_key = f"privacy-salt-{meta.id}"
    st.session_state.setdefault(salt_key, secrets.token_hex(16))
    salt = st.text_input(
        "Salt for hashing (keep it secret; the same salt hashes new data the same way)", key=salt_key, type="password"
    )
    name = st.text_input("Name of the copy", value=f"{meta.name} (redacted)", key=f"privacy-copy-name-{meta.id}")
    if st.button("Save the redacted copy to the workspace", type="primary", key=f"privacy-copy-{meta.id}"):
        try:
            plan = RedactionPlan(actions={c: a for c, a in actions.items() if a != "keep"}, salt=salt)
            copy = privacy.save_redacted_copy(workspace, meta, plan, name=name)
        except ProfilingError as err:
            widgets.show_error(err)
            return
        st.session_state[f"privacy-copy-id-{meta.id}"] = copy.id
    copy_id = st.session_state.get(f"privacy-copy-id-{meta.id}")
    if copy_id:
        copy_meta = workspace.get(copy_id)
        st.success(
            widgets.escape(f"Saved as dataset {copy_meta.name!r} ({copy_meta.rows:,} rows x {copy_meta.columns}).")
        )
        if copy_meta.out_of_core:
            st.caption(
                widgets.escape(
                    f"The copy is kept out of core with all {copy_meta.rows:,} rows; the download below holds its "
                    f"stated sample of {copy_meta.sample_rows or 0:,} rows."
                )
            )
        label = (
            "Download the redacted copy's sample (CSV)" if copy_meta.out_of_core else "Download the redacted copy (CSV)"
        )
        st.download_button(
            label, state.frame(copy_id).to_csv(index=False),
            file_name=f"{copy_meta.name}.csv", mime="text/csv", key=f"privacy-copy-csv-{meta.id}",
        )  # fmt: skip


with findings_tab:
    _findings()
with risk_tab:
    _risk()
with redact_tab:
    _privacy_mode()
    st.divider()
    _redacted_copy()
