"""Re-identification risk, redaction and the per-dataset privacy settings in the workspace."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiling.errors import ColumnNotFoundError, ProfilingError, WorkspaceError
from profiling.loading import load_path
from profiling.privacy import (
    RedactionPlan,
    dataset_privacy_report,
    hashed_value,
    masked_columns,
    masked_value,
    privacy_settings,
    redact_frame,
    reidentification,
    save_privacy_settings,
    save_redacted_copy,
)
from profiling.workspace import Workspace

SMALL = pd.DataFrame(
    {
        "age": [30, 30, 30, 40, 40, 50, None],
        "sex": ["F", "F", "M", "M", "M", "F", "F"],
        "zip": ["01", "01", "01", "02", "02", "03", "03"],
    }
)


def test_k_anonymity_by_hand() -> None:
    risk = reidentification(SMALL, ["age", "sex"], k_threshold=2)
    # groups: (30,F)x2, (30,M)x1, (40,M)x2, (50,F)x1, (missing,F)x1
    assert (risk.k, risk.groups, risk.records) == (1, 5, 7)
    assert risk.unique_fraction == pytest.approx(3 / 7)
    assert risk.at_risk_fraction == pytest.approx(3 / 7)
    assert reidentification(SMALL, ["zip"]).k == 2
    assert [g.size for g in risk.smallest_groups][:3] == [1, 1, 1]
    assert {"age": None, "sex": "F"} in [g.values for g in risk.smallest_groups]  # missing is a group of its own


def test_riskiest_combinations_rank_unique_share_then_fewer_columns() -> None:
    risk = reidentification(SMALL, ["age", "sex", "zip"])
    first = risk.riskiest[0]
    assert first.unique_fraction == pytest.approx(3 / 7)
    assert first.columns == ["age", "sex"]  # 3 unique records with 2 columns, before 3-column combinations
    shares = [r.unique_fraction for r in risk.riskiest]
    assert shares == sorted(shares, reverse=True)


def test_no_quasi_identifiers_and_unknown_columns() -> None:
    risk = reidentification(SMALL, [])
    assert risk.k is None and risk.unique_fraction is None
    with pytest.raises(ColumnNotFoundError, match="'postcode'"):
        reidentification(SMALL, ["postcode"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from("ab"), st.integers(0, 2)), min_size=1, max_size=60))
def test_adding_a_quasi_identifier_never_raises_k(rows: list[tuple[int, str, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["a", "b", "c"])
    one, two, three = (reidentification(frame, cols) for cols in (["a"], ["a", "b"], ["a", "b", "c"]))
    assert one.k is not None and two.k is not None and three.k is not None
    assert one.k >= two.k >= three.k >= 1
    assert 0 <= one.unique_fraction <= two.unique_fraction <= three.unique_fraction <= 1  # type: ignore[operator]
    assert three.groups == len(frame.drop_duplicates())


def test_masking_keeps_separators_and_drops_content() -> None:
    assert masked_value("jane.doe@example.com") == "•••.•••@•••.•••"
    assert masked_value("Braund, Mr. Owen Harris") == "•••, •••. ••• •••"
    assert masked_value("Müller") == "•••" and masked_value(None) == "" and masked_value(float("nan")) == ""


def test_redact_frame_masks_hashes_and_drops() -> None:
    frame = pd.DataFrame({"email": ["a@x.com", None, "a@x.com"], "id": ["1", "2", "1"], "note": ["x", "y", "z"]})
    plan = RedactionPlan(actions={"email": "mask", "id": "hash", "note": "drop"}, salt="pepper")
    out = redact_frame(frame, plan)
    assert list(out.columns) == ["email", "id"]
    assert out["email"].tolist()[0] == "•••@•••.•••" and pd.isna(out["email"][1])
    assert out["id"][0] == out["id"][2] != out["id"][1]  # equal values stay equal: joins still work
    assert out["id"][0] == hashed_value("1", "pepper") != hashed_value("1", "salt")
    assert frame["email"][0] == "a@x.com"  # the input is untouched
    with pytest.raises(ProfilingError, match="salt"):
        redact_frame(frame, RedactionPlan(actions={"id": "hash"}))
    with pytest.raises(ColumnNotFoundError):
        redact_frame(frame, RedactionPlan(actions={"phone": "mask"}))


@pytest.fixture
def titanic_workspace(datasets: Path, tmp_path: Path) -> tuple[Workspace, object]:
    workspace = Workspace(tmp_path / "ws")
    meta = workspace.add(load_path(datasets / "titanic" / "kaggle_train.csv"), origin="test", name="titanic")
    return workspace, meta


def test_privacy_mode_is_on_automatically_then_follows_the_saved_decision(titanic_workspace) -> None:  # type: ignore[no-untyped-def]
    workspace, meta = titanic_workspace
    automatic = privacy_settings(workspace, meta)
    assert automatic.automatic and automatic.privacy_mode and automatic.masked_columns == ["Name"]
    assert masked_columns(workspace, meta) == {"Name"}
    assert list((workspace.root / "privacy" / "reports").glob(f"{meta.fingerprint}-*.json"))  # report cached
    save_privacy_settings(workspace, meta, privacy_mode=True, masked_columns=["Ticket", "Name"])
    assert masked_columns(workspace, meta) == {"Name", "Ticket"}
    saved = privacy_settings(workspace, meta)
    assert not saved.automatic and saved.masked_columns == ["Name", "Ticket"]  # dataset order
    assert (workspace.root / "privacy" / f"{meta.id}.json").is_file()
    save_privacy_settings(workspace, meta, privacy_mode=False, masked_columns=["Name"])
    assert masked_columns(workspace, meta) == set()
    with pytest.raises(ColumnNotFoundError):
        save_privacy_settings(workspace, meta, privacy_mode=True, masked_columns=["email"])
    (workspace.root / "privacy" / f"{meta.id}.json").write_text("{not json")
    with pytest.raises(WorkspaceError, match="Privacy page"):
        privacy_settings(workspace, meta)


def test_redacted_copy_is_a_new_dataset_without_the_identifiers(titanic_workspace) -> None:  # type: ignore[no-untyped-def]
    workspace, meta = titanic_workspace
    plan = RedactionPlan(actions={"Name": "mask", "Ticket": "hash", "Cabin": "drop"}, salt="s3cret")
    copy = save_redacted_copy(workspace, meta, plan)
    assert copy.id != meta.id and copy.name == "titanic (redacted)" and copy.rows == 891
    frame = workspace.frame(copy.id)
    original = workspace.frame(meta.id)
    assert "Cabin" not in frame.columns
    assert not set(frame["Name"]) & set(original["Name"])
    assert {w.type for w in copy.load_report.warnings} == {"redacted_mask", "redacted_hash", "redacted_drop"}
    report = dataset_privacy_report(workspace, copy)
    assert report.direct_identifiers == []  # the masked names no longer look like names
    assert not privacy_settings(workspace, copy).privacy_mode


def test_charts_escape_column_names_and_split_by_category() -> None:
    from profiling.charts_privacy import findings_chart, risk_chart
    from profiling.privacy import privacy_report

    frame = pd.DataFrame({"<b>email</b>": ["ann@example.com", "bob@example.org"] * 5, "age": [30, 40] * 5})
    report = privacy_report(frame, name="<i>x</i>")
    figure = findings_chart(report)
    assert [t.name for t in figure.data] == ["direct identifier", "quasi-identifier"]
    assert list(figure.data[0].y) == ["&lt;b&gt;email&lt;/b&gt;"]
    assert figure.layout.title.text.startswith("&lt;i&gt;x&lt;/i&gt;")
    risk = risk_chart(reidentification(frame, ["<b>email</b>", "age"]))
    assert "&lt;b&gt;email&lt;/b&gt; × age" in list(risk.data[0].y)
