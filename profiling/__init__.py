"""Prism's library: load, keep and analyse datasets; never imports streamlit."""

from profiling import _offline as _offline  # noqa: F401  (telemetry off before any heavy import)

__all__: list[str] = []
