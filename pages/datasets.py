"""Datasets: add files (upload or server folder), see each load report, preview, rename, tag, delete."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from profiling import datafolder, export, intake, privacy
from profiling.errors import ProfilingError
from profiling.loading import LoadOptions, list_sheets, load_bytes
from profiling.workspace import ROLES, DatasetMeta
from ui import bigfiles, sources, state, widgets

st.title("Datasets")
settings = state.settings()
workspace = state.workspace()


def _store_results(results: list[tuple[str, DatasetMeta | ProfilingError]]) -> None:
    st.session_state["last_load"] = results
    st.session_state["uploader_round"] = st.session_state.get("uploader_round", 0) + 1


def _load_uploads(files: list, options: LoadOptions, role: str, sheets: dict[str, list[str]]) -> None:
    results: list[tuple[str, DatasetMeta | ProfilingError]] = []
    progress = st.progress(0.0, text="Loading...")
    for number, upload in enumerate(files, 1):
        progress.progress((number - 1) / len(files), text=f"Loading {upload.name} ({number} of {len(files)})")
        data = upload.getvalue()
        for sheet in sheets.get(upload.name) or [None]:
            label = f"{upload.name} [{sheet}]" if sheet else upload.name
            try:
                results.append((label, _add_upload(data, upload.name, sheet, options, role)))
            except ProfilingError as err:
                results.append((label, err))
    progress.empty()
    _store_results(results)


def _add_upload(data: bytes, filename: str, sheet: str | None, options: LoadOptions, role: str) -> DatasetMeta:
    """One upload (or one sheet of it); a Parquet or CSV file over the memory budget is stored out of core."""
    origin = f"upload: {filename}"
    if sheet:
        sheet_options = options.model_copy(update={"sheet": sheet})
        name = f"{filename} [{sheet}]"
        loaded = load_bytes(data, filename, options=sheet_options, limits=settings.limits, name=name)
        return workspace.add(loaded, origin=origin, role=role)
    return intake.add_bytes(
        workspace, data, filename, origin=origin, options=options, limits=settings.limits, role=role, name=filename
    )


def _load_server_files(paths: list[str], options: LoadOptions, role: str) -> None:
    results: list[tuple[str, DatasetMeta | ProfilingError]] = []
    for path in paths:
        try:
            meta = intake.add_path(
                workspace,
                path,
                origin=f"server file: {path}",
                options=options,
                limits=settings.limits,
                data_root=settings.data_dir,
                role=role,
            )
            results.append((path, meta))
        except ProfilingError as err:
            results.append((path, err))
    _store_results(results)


def _show_last_load() -> None:
    for label, outcome in st.session_state.get("last_load", []):
        if isinstance(outcome, ProfilingError):
            st.error(f"**{widgets.escape(label)}** was not loaded.", icon=":material/error:")
            widgets.show_error(outcome)
            continue
        report = outcome.load_report
        message = (
            f"**{widgets.escape(label)}** loaded as {widgets.escape(outcome.name)}: "
            f"{outcome.rows:,} rows x {outcome.columns:,} columns, {len(report.warnings)} warning(s)."
        )
        st.success(message, icon=":material/check_circle:")
        bigfiles.scale_note(outcome)


with st.expander("Add datasets", expanded=not workspace.datasets(), icon=":material/upload_file:"):
    round_key = st.session_state.get("uploader_round", 0)
    upload_tab, server_tab = st.tabs(["Upload files", "Server data folder"])
    with upload_tab:
        uploads = st.file_uploader(
            "Files: delimited text, Parquet, Excel, JSON, JSON Lines (also .gz or .zip)",
            # No `type=` filter: Streamlit raises on a refused extension, which would end the page.
            # Prism refuses unsupported and unsafe files itself, by content, with a clear message.
            accept_multiple_files=True,
            key=f"uploader-{round_key}",
        )
    with server_tab:
        st.caption(f"Files under {settings.data_dir} (set PRISM_DATA_DIR to use another folder).")
        server_paths = st.multiselect("Files", datafolder.list_files(settings.data_dir), key="server-files")
    sheet_choice: dict[str, list[str]] = {}
    for upload in uploads or []:
        if upload.name.lower().endswith((".xlsx", ".xlsm")):
            try:
                names = list_sheets(upload.getvalue(), upload.name, limits=settings.limits)
            except ProfilingError as err:
                widgets.show_error(err)
                continue
            sheet_choice[upload.name] = st.multiselect(
                f"Sheets of {upload.name} (each becomes a dataset)",
                names,
                default=names[:1],
                key=f"sheets-{upload.name}",
            )
    with st.container(border=True):
        st.caption("Load options: each is detected unless you set it.")
        options = widgets.load_options_form(key="load")
    role = st.selectbox("Role of the new datasets", ROLES, key="new-role")
    count = len(uploads or []) + len(server_paths)
    if st.button(f"Load {count} file(s)", type="primary", disabled=count == 0, key="load-button"):
        if uploads:
            _load_uploads(uploads, options, role, sheet_choice)
        if server_paths:
            _load_server_files(server_paths, options, role)
        st.rerun()
_show_last_load()
with st.expander("Sources: databases and Spark", icon=":material/database:"):
    sources.render(workspace, settings)

metas = workspace.datasets()
for problem in workspace.problems():
    st.warning(widgets.escape(problem))
if not metas:
    st.info("The workspace is empty. Add datasets above.")
    st.stop()

st.subheader(f"{len(metas)} datasets in the workspace")
overview = pd.DataFrame(
    {
        "Name": [m.name for m in metas],
        "Role": [m.role for m in metas],
        "Rows": [m.rows for m in metas],
        "Columns": [m.columns for m in metas],
        "Size (MB)": [round(m.size_bytes / 1024**2, 2) for m in metas],
        "Warnings": [m.warning_count for m in metas],
        "Out of core": [m.out_of_core for m in metas],
        "Origin": [m.origin for m in metas],
        "Added (UTC)": [m.created_at[:19].replace("T", " ") for m in metas],
    }
)
st.dataframe(
    overview,
    hide_index=True,
    width="stretch",
    key="datasets-table",
    column_config={
        "Rows": st.column_config.NumberColumn(format="localized"),
        "Columns": st.column_config.NumberColumn(format="localized"),
    },
)

by_id = {m.id: m for m in metas}
chosen = by_id[
    st.selectbox(
        "Dataset",
        list(by_id),
        format_func=lambda i: f"{by_id[i].name} ({by_id[i].rows:,} x {by_id[i].columns})",
        key="dataset-choice",
    )
]
bigfiles.scale_note(chosen)
preview_tab, report_tab, manage_tab = st.tabs(["Preview", "Load report", "Manage"])

with preview_tab:
    hidden = state.masked_columns(chosen)
    frame = privacy.mask_frame(state.frame(chosen.id), hidden)
    st.caption(bigfiles.rows_caption(chosen, min(len(frame), 100), len(frame)))
    if hidden:
        st.caption(
            f"Privacy mode: the values of {len(hidden)} column(s) are masked here and in the downloads "
            "(change it on the Privacy page)."
        )
    st.dataframe(frame.head(100), width="stretch", key=f"preview-{chosen.id}")
    left, right = st.columns(2)
    what = " the sample" if chosen.out_of_core else ""
    left.download_button(
        f"Download{what} as CSV",
        export.to_csv_bytes(frame),
        file_name=f"{chosen.name}.csv",
        mime="text/csv",
        key=f"csv-{chosen.id}",
        help="Cells that a spreadsheet would run as formulas are prefixed with '.",
    )
    right.download_button(
        f"Download{what} as Parquet",
        export.to_parquet_bytes(frame),
        file_name=f"{chosen.name}.parquet",
        mime="application/octet-stream",
        key=f"parquet-{chosen.id}",
    )

with report_tab:
    report = chosen.load_report
    st.caption(
        f"Source {report.source} · format {report.format}"
        + (f" ({report.compression})" if report.compression else "")
        + (f" · encoding {report.encoding}" if report.encoding else "")
    )
    options_used = {k: v for k, v in report.options.model_dump(mode="json").items() if v is not None}
    st.dataframe(
        pd.DataFrame({"Option": list(options_used), "Value": [str(v) for v in options_used.values()]}),
        hide_index=True,
        key=f"options-{chosen.id}",
    )
    if report.warnings:
        st.dataframe(
            pd.DataFrame([w.model_dump() for w in report.warnings]).rename(columns=str.capitalize),
            hide_index=True,
            width="stretch",
            key=f"warnings-{chosen.id}",
        )
    else:
        st.success("No warnings: nothing in the data was changed or suspicious.")
    st.download_button(
        "Download load report (JSON)",
        chosen.load_report.model_dump_json(indent=2),
        file_name=f"{chosen.name}.load-report.json",
        mime="application/json",
        key=f"report-{chosen.id}",
    )

with manage_tab:
    new_name = st.text_input("Name", value=chosen.name, key=f"name-{chosen.id}")
    new_role = st.selectbox("Role", ROLES, index=ROLES.index(chosen.role), key=f"role-{chosen.id}")
    left, right = st.columns(2)
    if left.button("Save name and role", key=f"save-{chosen.id}"):
        try:
            workspace.rename(chosen.id, new_name)
            workspace.set_role(chosen.id, new_role)
            st.session_state.pop("last_load", None)
            st.rerun()
        except ProfilingError as err:
            widgets.show_error(err)
    confirm = right.checkbox("Yes, delete this dataset", key=f"confirm-{chosen.id}")
    if right.button("Delete dataset", disabled=not confirm, key=f"delete-{chosen.id}"):
        workspace.delete(chosen.id)
        st.session_state.pop("last_load", None)
        st.rerun()
