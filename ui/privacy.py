"""Cached privacy results for the Privacy page, keyed on dataset ids and fingerprints."""

from __future__ import annotations

import streamlit as st

from profiling import privacy
from profiling.privacy import PrivacyReport, Reidentification
from profiling.workspace import DatasetMeta
from ui import bigfiles, state, widgets


@st.cache_resource(max_entries=16, show_spinner=False)
def report(dataset_id: str, fingerprint: str) -> PrivacyReport:
    """The privacy report (also cached on disk by fingerprint); the fingerprint keys this in-memory cache."""
    workspace = state.workspace()
    return privacy.dataset_privacy_report(workspace, workspace.get(dataset_id))


@st.cache_resource(max_entries=32, show_spinner=False)
def risk(dataset_id: str, fingerprint: str, quasi_identifiers: tuple[str, ...], k_threshold: int) -> Reidentification:
    """k-anonymity over the chosen quasi-identifiers (its note says when it ran on an out-of-core dataset's sample)."""
    risk_result = privacy.reidentification(state.frame(dataset_id), quasi_identifiers, k_threshold=k_threshold)
    return risk_result.model_copy(update={"note": privacy.sample_note(state.workspace().get(dataset_id))})


def scale_notes(meta: DatasetMeta) -> None:
    """For a dataset kept out of core: its scale note, and what of this page runs on the sample and what on every row."""
    if not meta.out_of_core:
        return
    bigfiles.scale_note(meta)
    st.caption(
        widgets.escape(
            f"This privacy scan uses the stated sample of {meta.sample_rows or 0:,} of {meta.rows:,} rows: the "
            "findings, their examples and the re-identification risk (k, unique records, groups) are computed on "
            "the sample, so group sizes are those of the sample. A redacted copy is built over every row."
        )
    )
