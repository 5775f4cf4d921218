"""Cached privacy results for the Privacy page, keyed on dataset ids and fingerprints."""

from __future__ import annotations

import streamlit as st

from profiling import privacy
from profiling.privacy import PrivacyReport, Reidentification
from ui import state


@st.cache_resource(max_entries=16, show_spinner=False)
def report(dataset_id: str, fingerprint: str) -> PrivacyReport:
    """The privacy report (also cached on disk by fingerprint); the fingerprint keys this in-memory cache."""
    workspace = state.workspace()
    return privacy.dataset_privacy_report(workspace, workspace.get(dataset_id))


@st.cache_resource(max_entries=32, show_spinner=False)
def risk(dataset_id: str, fingerprint: str, quasi_identifiers: tuple[str, ...], k_threshold: int) -> Reidentification:
    """k-anonymity over the chosen quasi-identifiers."""
    return privacy.reidentification(state.frame(dataset_id), quasi_identifiers, k_threshold=k_threshold)
