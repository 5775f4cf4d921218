"""Expectation suites: build one from a trusted dataset, keep and share suites, validate datasets against them."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from profiling import privacy
from profiling.errors import ProfilingError
from profiling.expectations import (
    STRICTNESS,
    ExpectationSpec,
    SuiteDocument,
    ValidationReport,
    keep_run,
    kept_run,
    run_history,
)
from profiling.expectations.catalogue import catalogue
from profiling.expectations.sources import validate_dataset
from ui import state, suites_spark, widgets
from ui import suites as ui

st.title("Expectation suites")
workspace = state.workspace()
store = ui.store()
section = st.segmented_control(
    "Section", ["Build", "Suites", "Validate"], default="Build", key="suites-section", label_visibility="collapsed"
)


def _build() -> None:
    meta = widgets.pick_dataset(workspace, key="suites-build-dataset", label="Trusted dataset")
    strictness = st.segmented_control("Strictness", STRICTNESS, default="balanced", key=f"suites-strictness-{meta.id}")
    strictness = strictness or "balanced"
    with st.spinner(f"Profiling {meta.name} and suggesting expectations..."):
        suggested = ui.suggestions(meta.id, meta.fingerprint, strictness)
    extra_key = f"suites-extra-{meta.id}"
    specs = suggested + st.session_state.get(extra_key, [])
    st.caption(f"{len(specs)} expectations; untick to leave one out, edit its parameters as JSON.")
    hidden = state.masked_columns(meta)
    if hidden:
        st.caption(
            f"Privacy mode: the values of {len(hidden)} column(s) are hidden here and in the downloads; "
            "their parameters cannot be edited, and the saved suite keeps the real values."
        )
    prefix = f"sx-{meta.id}-{strictness}"
    chosen: list[ExpectationSpec] = []
    try:
        for column, indexes in ui.group_by_column(specs).items():
            with st.expander(f"{column} · {len(indexes)}", expanded=column == ui.TABLE):
                chosen += [_edit(specs[i], f"{prefix}-{i}", hidden) for i in indexes]
    except ProfilingError as err:
        widgets.show_error(err)
        st.stop()
    _add_from_catalogue(meta.column_names, extra_key, meta.id)
    _save(chosen, default=f"{meta.name}_{strictness}", key=meta.id)


def _edit(spec: ExpectationSpec, key: str, hidden: frozenset[str]) -> ExpectationSpec:
    shown = privacy.mask_expectation(spec, hidden)
    left, right = st.columns([2, 3])
    on = left.checkbox(spec.type, value=spec.enabled, key=f"{key}-on", help=shown.reason)
    left.caption(widgets.escape(shown.reason))
    if shown is not spec:  # values of a masked column: shown masked, kept as suggested
        right.text_input("Parameters (JSON, values hidden)", ui.params_text(shown), key=f"{key}-masked", disabled=True)
        return ui.edited(spec, enabled=on, text=ui.params_text(spec))
    text = right.text_input("Parameters (JSON)", ui.params_text(spec), key=f"{key}-params", disabled=not on)
    return ui.edited(spec, enabled=on, text=text)


def _add_from_catalogue(columns: list[str], extra_key: str, dataset_id: str) -> None:
    with st.expander("Add an expectation from the catalogue"):
        kind = st.selectbox("Expectation type", list(catalogue()), key=f"suites-add-type-{dataset_id}")
        column = st.selectbox("Column", [ui.TABLE, *columns], key=f"suites-add-column-{dataset_id}")
        params = st.text_input("Parameters (JSON)", "{}", key=f"suites-add-params-{dataset_id}")
        if st.button("Add expectation", key=f"suites-add-{dataset_id}"):
            base = ExpectationSpec(
                type=kind, kwargs={} if column == ui.TABLE else {"column": column}, reason="added by hand"
            )
            try:
                spec = ui.edited(base, enabled=True, text=params)
            except ProfilingError as err:
                widgets.show_error(err)
                return
            st.session_state[extra_key] = [*st.session_state.get(extra_key, []), spec]
            st.rerun()


def _save(chosen: list[ExpectationSpec], *, default: str, key: str) -> None:
    left, right = st.columns([3, 1])
    name = left.text_input("Suite name", default.replace(" ", "_"), key=f"suites-name-{key}")
    replace = right.checkbox("Replace a suite of that name", key=f"suites-replace-{key}")
    enabled = sum(s.enabled for s in chosen)
    if st.button(f"Save suite ({enabled} expectations)", type="primary", key=f"suites-save-{key}"):
        try:
            path = store.save(SuiteDocument(name=name, expectations=chosen), replace=replace)
        except ProfilingError as err:
            widgets.show_error(err)
            return
        st.success(f"Saved suite {widgets.escape(name)} with {enabled} expectations to {widgets.escape(path)}.")


def _suites() -> None:
    infos = store.suites()
    upload = st.file_uploader("Upload suite JSON (Great Expectations 1.x)", type=["json"], key="suites-upload")
    replace = st.checkbox("Replace suites of the same name", key="suites-upload-replace")
    if upload is not None and st.button("Import", key="suites-import"):
        try:
            names = store.import_json(upload.getvalue(), replace=replace, source=upload.name)
            st.success("Imported: " + widgets.escape(", ".join(names)))
            infos = store.suites()
        except ProfilingError as err:
            widgets.show_error(err)
    if not infos:
        st.info("No suite saved yet: build one in the Build section, or upload one.")
        return
    st.dataframe([i.model_dump() for i in infos], hide_index=True, width="stretch", key="suites-list")
    readable = [i.name for i in infos if i.problem is None]
    for info in (i for i in infos if i.problem):
        st.warning(widgets.escape(f"{info.name}.json: {info.problem}"))
    if not readable:
        return
    name = st.selectbox("Open a suite", readable, key="suites-open")
    suite = store.load(name)
    # A saved suite belongs to no dataset: hide the values of every column masked in any dataset here.
    hidden = frozenset().union(*(state.masked_columns(m) for m in workspace.datasets()))
    shown = [privacy.mask_expectation(spec, hidden) for spec in suite.expectations]
    if shown != suite.expectations:
        st.caption(
            "Privacy mode: values of masked columns are hidden in this table; the suite file keeps the real values "
            "it checks."
        )
    st.dataframe(ui.specs_table(shown), hide_index=True, width="stretch", key=f"suites-specs-{name}")
    st.download_button(
        "Download suite JSON",
        store.export_json(name),
        file_name=f"{name}.json",
        mime="application/json",
        key=f"suites-dl-{name}",
    )
    left, right = st.columns(2)
    new = left.text_input("New name", name, key=f"suites-newname-{name}")
    if left.button("Rename", key=f"suites-rename-{name}"):
        _act(lambda: store.rename(name, new))
    sure = right.checkbox("Yes, delete this suite", key=f"suites-sure-{name}")
    if right.button("Delete", disabled=not sure, key=f"suites-delete-{name}"):
        _act(lambda: store.delete(name))


def _act(action: Callable[[], object]) -> None:
    try:
        action()
    except ProfilingError as err:
        widgets.show_error(err)
        return
    st.rerun()


def _validate() -> None:
    names = [i.name for i in store.suites() if i.problem is None]
    if not names:
        st.info("No suite saved yet: build one in the Build section first.")
        return
    meta = widgets.pick_dataset(workspace, key="suites-validate-dataset")
    name = st.selectbox("Suite", names, key="suites-validate-suite")
    if st.button("Validate", type="primary", key=f"suites-run-{meta.id}-{name}"):
        try:
            with st.spinner(f"Validating {meta.name} against {name}..."):
                report = validate_dataset(state.frame(meta.id), store.load(name), meta=meta)
            st.session_state["suites-last-run"] = keep_run(workspace.root, report).run_id
        except ProfilingError as err:
            widgets.show_error(err)
    _in_database(name)
    _in_spark(name)
    history = run_history(workspace.root, name)
    if not history:
        st.caption("No run of this suite yet.")
        return
    run_ids = [h.run_id for h in history]
    last = st.session_state.get("suites-last-run")
    chosen = st.selectbox(
        "Run",
        run_ids,
        index=run_ids.index(last) if last in run_ids else 0,
        key=f"suites-run-pick-{name}-{len(run_ids)}",
    )
    run = kept_run(workspace.root, name, chosen)
    # The run checked the real values; privacy mode hides those of the run's dataset (else of the picked one).
    named = [m for m in workspace.datasets() if m.name == run.dataset] or [meta]
    hidden = frozenset().union(*(state.masked_columns(m) for m in named))
    if hidden:
        st.caption(f"Privacy mode: the values of {len(hidden)} column(s) are hidden here and in the downloads.")
    _report(privacy.mask_validation(run, hidden))
    st.subheader("History")
    st.dataframe([h.model_dump() for h in history], hide_index=True, width="stretch", key=f"suites-history-{name}")


def _in_database(name: str) -> None:
    with st.expander("Validate a database table instead: the checks run inside the database"):
        st.caption(
            "SQLite and PostgreSQL run every check as SQL over every row; DuckDB files are checked on a stated "
            "sample. The password is typed here or read from an environment variable or Streamlit secret; it is "
            "never written to the workspace or the GX project."
        )
        url = st.text_input("Database URL (without the password)", key="suites-db-url", placeholder="sqlite:///f.db")
        left, right = st.columns(2)
        typed = left.text_input("Password", type="password", key="suites-db-password")
        holder = right.text_input("...or the environment variable or secret holding it", key="suites-db-password-env")
        use_query = st.toggle("A query instead of a table", key="suites-db-use-query")
        target = (st.text_area if use_query else st.text_input)(
            "Query (one SELECT)" if use_query else "Table", key=f"suites-db-{'query' if use_query else 'table'}"
        )
        ready = bool(url.strip() and target.strip())
        if st.button("Validate in the database", key=f"suites-db-run-{name}", disabled=not ready):
            try:
                with st.spinner(f"Validating against {name} in the database..."):
                    report = ui.validate_in_database(
                        url,
                        typed=typed,
                        holder=holder,
                        table=None if use_query else target.strip(),
                        query=target if use_query else None,
                        suite_name=name,
                    )
                st.session_state["suites-last-run"] = keep_run(workspace.root, report).run_id
            except ProfilingError as err:
                widgets.show_error(err)


def _in_spark(name: str) -> None:
    with st.expander("Validate data in Spark instead: the checks run as Spark jobs over every row"):
        settings = state.settings()
        asked = suites_spark.form(name, settings)
        if asked is None:
            return
        master, parquet, table = asked
        try:
            report = suites_spark.validate_in_spark(
                store.load(name), master=master, parquet=parquet, table=table, settings=settings
            )
            st.session_state["suites-last-run"] = keep_run(workspace.root, report).run_id
        except ProfilingError as err:
            widgets.show_error(err)


def _report(report: ValidationReport) -> None:
    s = report.statistics
    cells = st.columns(4)
    cells[0].metric("Result", "passed" if report.success else "failed")
    cells[1].metric("Expectations", f"{s.evaluated}")
    cells[2].metric("Failed", f"{s.unsuccessful}")
    cells[3].metric("Dataset", report.dataset)
    st.info(widgets.escape(report.note or "Checks ran in pandas over every row of the dataset."), icon=":material/dns:")
    table = ui.results_table(report)
    st.dataframe(table, hide_index=True, width="stretch", key="suites-results")
    left, right = st.columns(2)
    left.download_button(
        "Download results JSON",
        report.model_dump_json(indent=2),
        file_name=f"{report.suite}-validation.json",
        mime="application/json",
        key="suites-results-json",
    )
    right.download_button(
        "Download results CSV",
        table.to_csv(index=False),
        file_name=f"{report.suite}-validation.csv",
        mime="text/csv",
        key="suites-results-csv",
    )


{"Build": _build, "Suites": _suites, "Validate": _validate}.get(section or "Build", _build)()
