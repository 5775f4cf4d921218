"""What pages show about a dataset kept out of core: every row in DuckDB, pandas-only parts on a stated sample."""

from __future__ import annotations

import streamlit as st

from profiling.workspace import DatasetMeta
from ui import widgets


def scale_note(meta: DatasetMeta) -> None:
    """The note for a dataset over the memory budget (nothing for one held in memory)."""
    if meta.scale_note:
        st.info(f"**{widgets.escape(meta.name)}**: {widgets.escape(meta.scale_note)}", icon=":material/memory:")


def rows_caption(meta: DatasetMeta, shown: int, total_in_frame: int) -> str:
    """The preview's caption: which rows the frame holds."""
    if meta.out_of_core:
        return (
            f"First {shown} rows of a uniform sample of {total_in_frame:,} of {meta.rows:,} rows "
            "(the dataset is out of core: its rows stay in Parquet)."
        )
    return f"First {shown} of {total_in_frame:,} rows."
