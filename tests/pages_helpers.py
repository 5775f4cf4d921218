"""Helpers for AppTest page tests: a fresh app over a given workspace, with Streamlit's caches cleared."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def open_app(workspace: Path, monkeypatch: pytest.MonkeyPatch, *, data_dir: Path | None = None) -> AppTest:
    """Run app.py once over `workspace` (its default page is Datasets) and return the AppTest."""
    monkeypatch.setenv("PRISM_WORKSPACE", str(workspace))
    if data_dir is not None:
        monkeypatch.setenv("PRISM_DATA_DIR", str(data_dir))
    # Each AppTest scans every installed package for components (~0.2 s); Prism uses none.
    monkeypatch.setattr(BidiComponentManager, "discover_and_register_components", lambda self, **kw: None)
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    return app


def no_exceptions(app: AppTest) -> None:
    """Fail with the exception text if the page raised."""
    assert not app.exception, [e.value for e in app.exception]
