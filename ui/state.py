"""Cached access to the settings, the workspace and dataset frames (keyed on dataset ids)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from profiling import results
from profiling.examples import seed_examples
from profiling.profile import DatasetProfile
from profiling.settings import Settings
from profiling.workspace import Workspace


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
    """A dataset's rows; safe to cache by id because an id is a hash of the content."""
    return workspace().frame(dataset_id)


@st.cache_resource(max_entries=32, show_spinner=False)
def profile(dataset_id: str, fingerprint: str) -> DatasetProfile:
    """The fast profile (cached on disk by fingerprint too); the fingerprint keys this in-memory cache."""
    ws = workspace()
    return results.dataset_profile(ws, ws.get(dataset_id))
