"""Streamlit-only helpers shared by the pages: cached access to the workspace, pickers, errors."""
