"""Privacy mode reaches every view: masked preview, downloads, profile values, alerts and the full report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiling import privacy
from profiling.loading import load_path
from profiling.privacy import mask_frame, mask_profile
from profiling.profile import profile_frame
from profiling.workspace import Workspace
from profiling.ydata_report import ReportSettings, build_report
from tests.pages_helpers import no_exceptions, open_app

NAME = "Braund, Mr. Owen Harris"


@pytest.fixture(scope="module")
def titanic(datasets: Path) -> pd.DataFrame:
    return load_path(datasets / "titanic" / "kaggle_train.csv").frame


def test_masked_profile_hides_every_value(titanic: pd.DataFrame) -> None:
    profile = profile_frame(titanic, name="titanic")
    masked = mask_profile(profile, {"Name", "Ticket"})
    text = masked.model_dump_json()
    assert NAME not in text and "A/5 21171" not in text
    assert masked.column("Sex") == profile.column("Sex")  # other columns untouched
    assert all(v.value.replace("•", "").strip(" ,.()/\"'-") == "" for v in masked.column("Name").top_values)


def test_masked_frame_and_report(titanic: pd.DataFrame) -> None:
    frame = mask_frame(titanic, {"Name"})
    assert NAME not in set(frame["Name"]) and frame["Name"].isna().sum() == titanic["Name"].isna().sum()
    assert mask_frame(titanic, set()) is titanic
    report = build_report(titanic.head(60), title="t", settings=ReportSettings(masked_columns=("Name",)))
    assert "Braund" not in report.html and any("Privacy mode" in n for n in report.notes)


def test_pages_mask_names_once_privacy_mode_is_on(datasets: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    workspace = Workspace(root)
    (root / ".examples-seeded").write_text("no examples\n")
    meta = workspace.add(load_path(datasets / "titanic" / "kaggle_train.csv"), origin="test")
    assert "Name" in privacy.masked_columns(workspace, meta)  # person names switch privacy mode on
    app = open_app(root, monkeypatch)
    no_exceptions(app)
    preview = next(d.value for d in app.dataframe if "Sex" in d.value.columns)
    assert NAME not in set(preview["Name"]) and preview["Sex"].iloc[0] == "male"
    assert any("Privacy mode" in c.value for c in app.caption)
    app.switch_page("pages/profile.py").run()
    app.session_state[f"profile-section-{meta.id}"] = "Columns"
    app.session_state[f"profile-column-{meta.id}"] = "Name"
    app.run()
    no_exceptions(app)
    [chart] = app.get("plotly_chart")
    assert "Braund" not in chart.proto.spec and "Owen" not in chart.proto.spec


def test_masked_drift_hides_categories_and_schema_details() -> None:
    from profiling.drift import detect_drift
    from profiling.privacy import mask_drift

    reference = pd.DataFrame({"email": ["ann@example.com", "bob@example.com"] * 50, "n": [i % 7 for i in range(100)]})
    current = pd.DataFrame({"email": ["ann@example.com", "eve@example.org"] * 50, "n": [i % 7 for i in range(100)]})
    report = detect_drift(reference, current)
    assert "eve@example.org" in report.model_dump_json()  # a new category, shown without privacy mode
    masked = mask_drift(report, {"email"})
    text = masked.model_dump_json()
    assert not any(address in text for address in ("ann@", "bob@", "eve@"))  # no address left anywhere
    assert masked.column("n") == report.column("n")
