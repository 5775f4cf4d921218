"""Small widgets the pages share: error display, load options, safe text."""

from __future__ import annotations

import re

import streamlit as st

from profiling.errors import ProfilingError
from profiling.loading import DEFAULT_MISSING_MARKERS, LoadOptions
from profiling.workspace import DatasetMeta, Workspace

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_DELIMITERS = {"Detect": None, "Comma ,": ",", "Semicolon ;": ";", "Tab": "\t", "Pipe |": "|", "Spaces": " "}
_HEADERS = {"Detect": None, "First row is the header": True, "No header row": False}
_ENCODINGS = ["Detect", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]


def escape(text: object) -> str:
    """Text from data, made inert for Streamlit's markdown (no links, images, emphasis or LaTeX)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def show_error(err: ProfilingError) -> None:
    """A user-fixable problem: what is wrong and how to fix it, never a traceback."""
    body = escape(err.message)
    if err.hint:
        body += "\n\n**How to fix:** " + escape(err.hint)
    st.error(body, icon=":material/error:")


def load_options_form(*, key: str) -> LoadOptions:
    """The load options, each defaulting to detection."""
    left, middle, right = st.columns(3)
    delimiter = left.selectbox("Delimiter", list(_DELIMITERS), key=f"{key}-delimiter")
    header = middle.selectbox("Header row", list(_HEADERS), key=f"{key}-header")
    encoding = right.selectbox("Encoding", _ENCODINGS, key=f"{key}-encoding")
    skip = left.number_input(
        "Lines to skip (-1 = detect)",
        min_value=-1,
        value=-1,
        step=1,
        key=f"{key}-skip",
        help="Lines before the data, such as a title or preamble.",
    )
    markers = middle.text_input(
        "Missing markers (comma-separated)",
        value=",".join(m for m in DEFAULT_MISSING_MARKERS if m),
        key=f"{key}-markers",
        help="Cell values that mean 'missing'. Empty cells always count as missing.",
    )
    names = right.text_input(
        "Column names (comma-separated)", key=f"{key}-names", help="For files without a header row."
    )
    marker_list = tuple(part.strip() for part in markers.split(",") if part.strip())
    return LoadOptions(
        delimiter=_DELIMITERS[delimiter],
        header=_HEADERS[header],
        encoding=None if encoding == "Detect" else encoding,
        skip_rows=None if skip < 0 else int(skip),
        missing_markers=None if set(marker_list) == set(DEFAULT_MISSING_MARKERS) - {""} else ("", *marker_list),
        column_names=tuple(part.strip() for part in names.split(",")) if names.strip() else None,
    )


def pick_dataset(workspace: Workspace, *, key: str, label: str = "Dataset") -> DatasetMeta:
    """A dataset picker (by id, showing name and shape); stops the page with a hint when there is none."""
    metas = {m.id: m for m in workspace.datasets()}
    if not metas:
        st.info("The workspace has no datasets yet: add some on the Datasets page.")
        st.stop()
    chosen = st.selectbox(
        label,
        list(metas),
        format_func=lambda i: f"{metas[i].name} ({metas[i].rows:,} x {metas[i].columns})",
        key=key,
    )
    return metas[chosen]


def pick_datasets(workspace: Workspace, *, key: str, default_role: str = "source") -> list[DatasetMeta]:
    """Several datasets (default: those tagged with `default_role`, else the first four)."""
    metas = {m.id: m for m in workspace.datasets()}
    default = [i for i, m in metas.items() if m.role == default_role] or list(metas)[:4]
    chosen = st.multiselect(
        "Datasets",
        list(metas),
        default=default,
        format_func=lambda i: f"{metas[i].name} ({metas[i].rows:,} x {metas[i].columns})",
        key=key,
    )
    return [metas[i] for i in chosen]
