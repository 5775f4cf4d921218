"""Streamlit helpers of the Schema dispersion page: the cached comparison and the mapping editor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st

from profiling import privacy
from profiling.schema import SchemaReport, SchemaSource, compare_schemas, sample_note
from profiling.schema.harmonise import harmonise_into_workspace
from profiling.schema.mapping import ColumnMapping, MappingError, MappingSpec, propose_mapping
from profiling.workspace import DatasetMeta, Workspace
from ui import bigfiles, state, widgets


def selection_key(metas: list[DatasetMeta]) -> str:
    """A short key naming this set of datasets, for widget keys (a keyed widget keeps its value otherwise)."""
    return hashlib.sha256("|".join(m.id for m in metas).encode()).hexdigest()[:12]


@st.cache_resource(max_entries=8, show_spinner=False)
def report(dataset_ids: tuple[str, ...]) -> SchemaReport:
    """The schema comparison of these datasets (ids are content hashes, so the cache never goes stale)."""
    ws = state.workspace()
    metas = [ws.get(i) for i in dataset_ids]
    sources = [
        SchemaSource(
            name=m.name,
            frame=state.frame(m.id),
            profile=state.profile(m.id, m.fingerprint),
            load_warnings=m.load_report.warnings,
        )
        for m in metas
    ]
    return compare_schemas(sources).model_copy(update={"note": sample_note(metas)})


def mapping_editor(
    result: SchemaReport, *, key: str, hidden: Mapping[str, Collection[str]] | None = None
) -> MappingSpec:
    """Accept or reject each group, rename its target, accept, edit or reject each value mapping.

    The spec is rebuilt from the proposal and the widgets' values on every run, so a rejected value
    mapping can be accepted again. `result` is the real report: the spec applies real values. With privacy mode
    (`hidden`: source -> masked columns), the value mappings of masked variables are shown masked and not editable.
    """
    proposal = propose_mapping(result)
    hidden = hidden or {}
    masked = privacy.masked_mapping_columns(result, hidden)
    shown = privacy.mask_mapping(proposal, result, hidden) if masked else proposal
    labels = {i: _label(c) for i, c in enumerate(proposal.columns)}
    accepted = st.multiselect(
        "Groups to keep (rejected groups are left out of the harmonised datasets)",
        list(labels),
        default=[i for i, c in enumerate(proposal.columns) if c.accepted],
        format_func=lambda i: labels[i],
        key=f"schema-accepted-{key}",
    )
    chosen = st.selectbox("Edit a group", list(labels), format_func=lambda i: labels[i], key=f"schema-edit-{key}")
    # Widgets of groups not on screen lose their state, so each group's edits are kept here.
    edits: dict[int, dict[str, Any]] = st.session_state.setdefault(f"schema-edits-{key}", {})
    columns = [
        _edited(
            c,
            edits.setdefault(i, {}),
            key=f"{key}-{i}",
            show=i == chosen,
            masked=shown.columns[i] if i in masked else None,
        ).model_copy(update={"accepted": i in accepted})
        for i, c in enumerate(proposal.columns)
    ]
    union = st.checkbox("Also build one union dataset with a 'source' column", key=f"schema-union-{key}")
    return proposal.model_copy(update={"columns": columns, "union": union})


def _label(column: ColumnMapping) -> str:
    sources = ", ".join(f"{s}.{n}" for s, n in column.columns.items() if n)
    return f"{column.target} <- {sources}"


def _edited(
    column: ColumnMapping, edits: dict[str, Any], *, key: str, show: bool, masked: ColumnMapping | None
) -> ColumnMapping:
    """The column as the user edited it; the widgets are drawn only for the group on screen.

    `masked`: the column as privacy mode shows it; its value mappings are shown masked and kept as proposed.
    """
    uses: dict[str, bool] = edits.setdefault("use", {})
    texts: dict[str, str] = edits.setdefault("text", {})
    if show:
        edits["target"] = st.text_input(
            "Harmonised column name", value=edits.get("target", column.target), key=f"schema-target-{key}"
        )
    recode = {}
    for source, values in column.recode.items():
        if show:
            uses[source] = st.checkbox(
                f"Recode the values of {widgets.escape(source)}",
                value=uses.get(source, True),
                key=f"schema-use-{key}-{source}",
            )
            if masked is not None:
                _masked_recode(masked.recode.get(source, {}), source, key=f"schema-recode-masked-{key}-{source}")
            else:
                texts[source] = st.text_area(
                    f"Value mapping of {source} (JSON: value -> reference value)",
                    value=texts.get(source, json.dumps(values, ensure_ascii=False)),
                    key=f"schema-recode-{key}-{source}",
                )
        if uses.get(source, True):
            recode[source] = values if masked is not None else _parsed(texts.get(source), values, source, show=show)
    if show and column.scale:
        st.caption("Unit factors: " + ", ".join(f"{widgets.escape(s)} x {f:g}" for s, f in column.scale.items()))
    if show and column.missing_values:
        listing = ", ".join(f"{s}: {', '.join(v)}" for s, v in column.missing_values.items())
        st.caption("Values made missing: " + widgets.escape(listing))
    target = str(edits.get("target") or column.target).strip() or column.target
    return column.model_copy(update={"target": target, "recode": recode})


def _masked_recode(values: dict[str, str], source: str, *, key: str) -> None:
    """A masked value mapping, one pair a line (masks can look alike, so not as a JSON object), read-only."""
    st.text_area(
        f"Value mapping of {source} (values hidden)",
        value="\n".join(f"{old} -> {new}" for old, new in values.items()),
        key=key,
        disabled=True,
    )
    st.caption(
        "Privacy mode is on for this variable: editing its values is disabled. "
        "The proposed mapping of the real values is applied as it is."
    )


def _parsed(text: object, default: dict[str, str], source: str, *, show: bool) -> dict[str, str]:
    if text is None:
        return default
    try:
        parsed = json.loads(str(text))
        if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
            raise ValueError("it must be an object of text values")
    except ValueError as err:
        if show:
            hint = 'Write an object such as {"M": "male", "F": "female"}; the proposed mapping is used meanwhile.'
            widgets.show_error(MappingError(f"The value mapping of {source} is not valid: {err}.", hint))
        return default
    return {str(k): v for k, v in parsed.items()}


def scale_notes(metas: list[DatasetMeta]) -> None:
    """For each dataset kept out of core: its scale note, what this comparison runs on, and that Apply streams it."""
    for meta in metas:
        if not meta.out_of_core:
            continue
        bigfiles.scale_note(meta)
        st.caption(
            widgets.escape(
                f"{meta.name}: this comparison matches columns and compares values on its stated sample of "
                f"{meta.sample_rows or 0:,} of {meta.rows:,} rows (its column kinds and histograms come from its "
                f"profile over every row). Apply harmonises all {meta.rows:,} rows, streamed from its Parquet file "
                "in batches, into a new dataset kept out of core."
            )
        )


def apply_mapping(workspace: Workspace, spec: MappingSpec, metas: list[DatasetMeta]) -> list[DatasetMeta]:
    """Harmonise and save, with a spinner (in memory) or a progress bar over every row (out of core)."""
    big = [m for m in metas if m.out_of_core]
    if not big:
        with st.spinner("Harmonising..."):
            return harmonise_into_workspace(workspace, spec, {m.name: m for m in metas})
    rows = ", ".join(f"{m.name} ({m.rows:,} rows)" for m in big)
    bar = st.progress(0.0, text=widgets.escape(f"Streaming every row of {rows} in batches..."))

    def show(message: str, fraction: float) -> None:
        bar.progress(fraction, text=widgets.escape(message))

    with st.spinner(f"Harmonising every row of {len(big)} dataset(s) kept out of core..."):
        added = harmonise_into_workspace(workspace, spec, {m.name: m for m in metas}, progress=show)
    bar.empty()
    return added


def saved_caption(workspace: Workspace, dataset_ids: list[str]) -> str | None:
    """What Apply saved: each new dataset still in the workspace with its rows, and whether it is kept out of core."""
    known = {m.id: m for m in workspace.datasets()}
    parts = [
        f"{m.name} ({m.rows:,} rows{', kept out of core: every row harmonised' if m.out_of_core else ''})"
        for m in (known[i] for i in dataset_ids if i in known)
    ]
    return "Saved to the workspace: " + "; ".join(parts) + "." if parts else None
