"""Cached access to the settings, the workspace and dataset frames (keyed on dataset ids)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from profiling import privacy, results
from profiling.examples import seed_examples
from profiling.profile import DatasetProfile
from profiling.settings import Settings
from profiling.workspace import DatasetMeta, Workspace


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource
def workspace() -> Workspace:
    """The shared workspace, seeded with the bundled examples on the very first start."""
    ws = Workspace(settings().workspace_dir)
    seed_examples(ws)
    return ws


@st.cache_resource(max_entries=8)
def frame(dataset_id: str) -> pd.DataFrame:
    """A dataset's rows for pandas; safe to cache by id because an id is a hash of the content.

    For a dataset kept out of core this is its stated uniform sample (`meta.sample_rows` rows), never the
    whole file: pages that use it say so (ui.bigfiles.scale_note).
    """
    return workspace().frame(dataset_id)


@st.cache_resource(max_entries=32, show_spinner=False)
def profile(dataset_id: str, fingerprint: str) -> DatasetProfile:
    """The fast profile (cached on disk by fingerprint too); the fingerprint keys this in-memory cache."""
    ws = workspace()
    return results.dataset_profile(ws, ws.get(dataset_id))


def masked_columns(meta: DatasetMeta) -> frozenset[str]:
    """The columns privacy mode masks for this dataset (kept per dataset on the Privacy page)."""
    settings_file = workspace().root / "privacy" / f"{meta.id}.json"
    stamp = settings_file.stat().st_mtime_ns if settings_file.exists() else 0
    return _masked(meta.id, meta.fingerprint, stamp)


@st.cache_data(max_entries=256, show_spinner="Checking the dataset for personal data...")
def _masked(dataset_id: str, fingerprint: str, settings_stamp: int) -> frozenset[str]:
    ws = workspace()
    return frozenset(privacy.masked_columns(ws, ws.get(dataset_id)))
