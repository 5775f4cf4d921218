"""Streamlit helpers of the Bias page: the cached audit (keyed on dataset ids and options) and its pickers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from profiling.bias import BiasOptions, MultiBiasReport, audit_frame, audit_frames, suggest_targets
from profiling.bias.attributes import detect_sensitive
from profiling.bias.models import AttributeAudit, BiasReport
from profiling.bias.target import outcome_choices
from profiling.workspace import DatasetMeta
from ui import bigfiles, state, widgets

DEFAULT_OUTCOME = "(default: the minority class)"


@st.cache_resource(max_entries=16, show_spinner=False)
def audit(dataset_ids: tuple[str, ...], options_json: str, reference_id: str | None) -> MultiBiasReport:
    """The audit of the datasets; ids are content hashes, so caching on them (and the options) is safe."""

    workspace = state.workspace()
    options = BiasOptions.model_validate_json(options_json)
    frames = [(workspace.get(i).name, state.frame(i)) for i in dataset_ids]
    if len(frames) == 1 and reference_id:
        reference = (workspace.get(reference_id).name, state.frame(reference_id))
        report = audit_frame(frames[0][1], options, name=frames[0][0], reference=reference)
        multi = MultiBiasReport(datasets=[report.dataset], reports=[report], pooled=None, comparison=[])
    else:
        multi = audit_frames(frames, options)
    noted = [workspace.get(i) for i in (*dataset_ids, *([reference_id] if reference_id else []))]
    return with_sample_notes(multi, noted)


def sample_note(meta: DatasetMeta) -> str | None:
    """The sentence saying this audit ran on the stated sample of an out-of-core dataset (None for one in memory)."""
    if not meta.out_of_core:
        return None
    return (
        f"{meta.name} is kept out of core: this audit is computed on its stated uniform sample of "
        f"{meta.sample_rows or 0:,} of {meta.rows:,} rows (counts and group sizes are the sample's)."
    )


def with_sample_notes(multi: MultiBiasReport, metas: list[DatasetMeta]) -> MultiBiasReport:
    """The audit with a note on every report that ran on the sample of an out-of-core dataset (a lone report and the
    pooled one get every note, a reference dataset's too)."""
    notes = {meta.name: note for meta in metas if (note := sample_note(meta))}
    if not notes:
        return multi

    every = list(notes.values())

    def noted(report: BiasReport, extra: list[str]) -> BiasReport:
        return report.model_copy(update={"notes": [*report.notes, *extra]})

    def own(report: BiasReport) -> list[str]:
        return every if len(multi.reports) == 1 else [notes[report.dataset]] if report.dataset in notes else []

    return multi.model_copy(
        update={
            "reports": [noted(r, own(r)) for r in multi.reports],
            "pooled": None if multi.pooled is None else noted(multi.pooled, every),
            "notes": [*multi.notes, *every],
        }
    )


def scale_notes(metas: list[DatasetMeta]) -> None:
    """The scale note and the sample sentence of each chosen dataset kept out of core."""
    for meta in metas:
        if note := sample_note(meta):
            bigfiles.scale_note(meta)
            st.caption(widgets.escape(note))


@st.cache_resource(max_entries=32, show_spinner=False)
def suggestions(dataset_id: str) -> tuple[list[str], list[str]]:
    """(likely targets, detected sensitive attributes) of a dataset."""
    frame = state.frame(dataset_id)
    sensitive = [a.column for a in detect_sensitive(frame)]
    targets = [s.column for s in suggest_targets(frame, exclude=tuple(sensitive))]
    return targets, sensitive


def outcome_options(dataset_id: str, target: str) -> list[str]:
    """The outcomes offered for a target: the stated default first, then classes or comparisons."""
    return [DEFAULT_OUTCOME, *outcome_choices(state.frame(dataset_id), target)]


def groups_table(audits: list[AttributeAudit]) -> pd.DataFrame:
    """The groups of several audits as one table (every field of the result, as the JSON has it)."""
    rows = [group.model_dump(mode="json", exclude={"class_shares", "members"}) for a in audits for group in a.groups]
    table = pd.DataFrame(rows)
    if not table.empty:
        table["flags"] = table["flags"].map(", ".join)
    return table
