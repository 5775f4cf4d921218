"""Drift page (AppTest) on the seeded real examples: two datasets, a split, a label, downloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiling.workspace import Workspace
from tests.pages_helpers import no_exceptions, open_app


def _drift_page(seeded: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    app = open_app(seeded, monkeypatch)
    app.switch_page("pages/drift.py").run()
    no_exceptions(app)
    return app


def test_default_pair_is_adult_train_vs_test_with_label_vocabulary_change(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _drift_page(seeded, monkeypatch)
    ws = Workspace(seeded)
    train, test = ws.find("adult_train"), ws.find("adult_test")
    assert app.selectbox(key="drift-reference").value == train.id  # the roles pick the pair
    assert app.selectbox(key="drift-current").value == test.id
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Verdict"] == "No drift" and metrics["Drifted columns"] == "1 of 15"
    [table] = [d.value for d in app.dataframe if "Effect" in d.value.columns]
    income = table[table["Column"] == "income"].iloc[0]
    assert bool(income["Drifted"])  # '>50K' in train is '>50K.' in test: every label is a new category
    pair = f"{train.id}-{test.id}"
    app.session_state[f"drift-section-{pair}"] = "Schema changes"
    app.run()
    no_exceptions(app)
    [schema] = [d.value for d in app.dataframe if "Detail" in d.value.columns]
    new = schema[(schema["Type"] == "new_categories") & (schema["Column"] == "income")]
    assert len(new) == 1 and ">50K." in new.iloc[0]["Detail"]


def test_column_overlay_chart_and_downloads(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _drift_page(seeded, monkeypatch)
    ws = Workspace(seeded)
    pair = f"{ws.find('adult_train').id}-{ws.find('adult_test').id}"
    app.selectbox(key=f"drift-column-{pair}").select("age").run()
    no_exceptions(app)
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    overlay = next(s for s in specs if s["layout"]["title"]["text"].startswith("age"))
    assert [t["name"] for t in overlay["data"]] == ["adult_train", "adult_test"]
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Download the drift report (JSON)" in labels and "Download the column table (CSV)" in labels


def test_split_bike_free_heart_sources_with_label_and_groups(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _drift_page(seeded, monkeypatch)
    ws = Workspace(seeded)
    cleveland, va = ws.find("heart_cleveland"), ws.find("heart_va")
    app.selectbox(key="drift-reference").select(cleveland.id).run()
    app.selectbox(key="drift-current").select(va.id).run()
    pair = f"{cleveland.id}-{va.id}"
    app.selectbox(key=f"drift-target-{pair}").select("num").run()
    app.multiselect(key=f"drift-sensitive-{pair}").select("sex").run()
    app.session_state[f"drift-section-{pair}"] = "Label and groups"
    app.run()
    no_exceptions(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Label"] == "Drift"  # P(num>0) 0.459 at Cleveland, 0.745 at VA
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in app.get("plotly_chart")]
    assert any(t.endswith("per group") for t in titles)


def test_split_one_dataset_by_value(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _drift_page(seeded, monkeypatch)
    meta = Workspace(seeded).find("adult_train")
    app.segmented_control(key="drift-mode").set_value("Split one dataset").run()
    app.selectbox(key="drift-split-dataset").select(meta.id).run()
    app.selectbox(key=f"drift-split-column-{meta.id}").select("sex").run()
    no_exceptions(app)
    caption = " ".join(c.value for c in app.caption)
    assert "split sex = Male vs sex = Female" in caption.replace("\\", "")


def test_severity_column_caption_and_verdict(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _drift_page(seeded, monkeypatch)
    [table] = [d.value for d in app.dataframe if "Severity" in d.value.columns]
    assert list(table["Severity"].cat.categories) == ["negligible", "small", "moderate", "large"]  # sorts by order
    assert (
        set(table["Severity"].dropna()) <= {"negligible", "small", "moderate", "large"}
        and table["Severity"].notna().all()
    )
    assert any("Cohen" in c.value for c in app.caption)
    assert any(m.value.startswith("**1 of 15 columns drifted") for m in app.markdown)


def test_datasets_kept_out_of_core_are_compared_over_every_row(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, datasets: Path, tmp_path: Path
) -> None:
    from profiling.loading import load_path

    ws = Workspace(seeded)
    metas = []
    for colour in ("red", "white"):
        frame = load_path(datasets / "wine_quality" / f"winequality-{colour}.csv").frame
        frame.to_parquet(tmp_path / f"wine_{colour}.parquet", index=False)
        metas.append(ws.add_file(tmp_path / f"wine_{colour}.parquet", origin="test", sample_rows=300))
    app = _drift_page(seeded, monkeypatch)
    app.selectbox(key="drift-reference").select(metas[0].id).run()
    app.selectbox(key="drift-current").select(metas[1].id).run()
    no_exceptions(app)
    caption = " ".join(c.value for c in app.caption)
    assert "out of core" in caption and "1,599 rows" in caption and "4,898 rows" in caption
    verdicts = [m.value.replace("\\", "") for m in app.markdown]  # the page escapes ':' for markdown
    assert "**12 of 12 columns drifted; 1 with a negligible effect: alcohol**" in verdicts
