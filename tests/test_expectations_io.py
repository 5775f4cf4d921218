"""Suite import (every suites/* entry of the hostile corpus), the suite/validate CLI, and GX alone reading Prism's project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from profiling.cli import main
from profiling.expectations import ExpectationSpec, SuiteDocument, SuiteError, SuiteStore

ROOT = Path(__file__).resolve().parent.parent
ADULT_NAMES = (
    "age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,"
    "capital-gain,capital-loss,hours-per-week,native-country,income"
)
HEART_NAMES = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num"


def _suite_entries(bad_inputs: Path) -> list[dict]:  # type: ignore[type-arg]
    manifest = json.loads((bad_inputs / "manifest.json").read_text())
    return [e for e in manifest["entries"] if e.get("kind") == "suite"]


def test_every_suite_entry_of_the_hostile_corpus(bad_inputs: Path, tmp_path: Path) -> None:
    entries = _suite_entries(bad_inputs)
    assert len(entries) == 15
    store = SuiteStore(tmp_path)
    keep = SuiteDocument(
        name="orders_suite", expectations=[ExpectationSpec(type="expect_column_to_exist", kwargs={"column": "x"})]
    )
    store.save(keep)
    before = store.export_json("orders_suite")
    outcomes = {}
    for entry in entries:
        data = (bad_inputs / entry["file"]).read_bytes()
        expected = entry["expected"]
        if expected["result"] == "import":
            names = store.import_json(data, replace=True, source=entry["file"])
            [suite] = [store.load(n) for n in names]
            assert len(suite.expectations) == expected.get("expectations", 1), entry["id"]
            outcomes[entry["id"]] = "import"
            continue
        files = sorted(p.name for p in store.folder.glob("*.json"))
        with pytest.raises(SuiteError) as caught:
            store.import_json(data, source=Path(entry["file"]).name)
        message = str(caught.value).lower()
        assert any(word.lower() in message for word in expected["error_mentions"]), (entry["id"], message)
        assert sorted(p.name for p in store.folder.glob("*.json")) == files, entry["id"]  # nothing written
        outcomes[entry["id"]] = "refused"
    assert outcomes["suite_unknown_expectation_type"] == "refused"
    assert outcomes["suite_with_bom"] == "import"
    # The control suite of the corpus replaced ours only because replace=True was asked for.
    assert store.export_json("orders_suite") != before


def test_import_is_all_or_nothing_and_keeps_an_existing_suite(tmp_path: Path) -> None:
    store = SuiteStore(tmp_path)
    store.save(
        SuiteDocument(name="a", expectations=[ExpectationSpec(type="expect_column_to_exist", kwargs={"column": "x"})])
    )
    before = store.export_json("a")
    good = {"name": "b", "expectations": [{"type": "expect_column_to_exist", "kwargs": {"column": "y"}}], "meta": {}}
    bad = {"name": "a", "expectations": [{"type": "expect_column_values_to_be_hacked", "kwargs": {"column": "y"}}]}
    with pytest.raises(SuiteError, match="unknown expectation type 'expect_column_values_to_be_hacked'"):
        store.import_json(json.dumps([good, bad]).encode(), replace=True)
    assert store.export_json("a") == before and [i.name for i in store.suites()] == ["a"]
    with pytest.raises(SuiteError, match="already exists"):
        store.import_json(json.dumps({**good, "name": "a"}).encode())
    with pytest.raises(SuiteError, match="row_condition"):
        store.import_json(
            json.dumps(
                {
                    "name": "c",
                    "expectations": [
                        {"type": "expect_column_to_exist", "kwargs": {"column": "y", "row_condition": "x>1"}}
                    ],
                }
            ).encode()
        )


def test_cli_build_list_export_import_validate(
    datasets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = str(tmp_path / "project")
    heart = datasets / "heart_disease"
    common = ["--names", HEART_NAMES, "--project-dir", project]
    assert main(["suite", "build", str(heart / "processed.cleveland.data"), "--name", "cleveland", *common]) == 0
    assert main(["suite", "list", "--project-dir", project]) == 0
    assert "cleveland" in capsys.readouterr().out
    exported = tmp_path / "cleveland.json"
    assert main(["suite", "export", "cleveland", "--out", str(exported), "--project-dir", project]) == 0
    out = tmp_path / "swiss.json"
    code = main(
        ["validate", str(heart / "processed.switzerland.data"), "--suite", "cleveland", "--json", str(out), *common]
    )
    assert code == 1
    result = json.loads(out.read_text())
    assert result["suite"] == "cleveland" and result["success"] is False
    assert set(result["statistics"]) >= {"evaluated", "successful", "unsuccessful"}
    first = result["results"][0]
    assert set(first) >= {
        "expectation_type",
        "column",
        "success",
        "observed_value",
        "unexpected_count",
        "unexpected_percent",
    }
    assert any(r["column"] is None for r in result["results"])  # table expectations
    # A suite file works without a project, and an import into another project round-trips.
    code = main(
        [
            "validate",
            str(heart / "processed.cleveland.data"),
            "--suite",
            str(exported),
            "--names",
            HEART_NAMES,
            "--project-dir",
            str(tmp_path / "other"),
        ]
    )
    assert code == 0
    assert main(["suite", "import", str(exported), "--project-dir", str(tmp_path / "other")]) == 0
    assert main(["validate", str(heart / "processed.cleveland.data"), "--suite", "nope", *common]) == 2
    assert "No suite named 'nope'" in capsys.readouterr().err
    assert main(["suite", "import", str(heart / "processed.cleveland.data"), "--project-dir", project]) == 2


def test_gx_alone_validates_the_source_with_a_suite_saved_by_prism(datasets: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    adult = datasets / "adult" / "adult.data"
    assert (
        main(["suite", "build", str(adult), "--names", ADULT_NAMES, "--name", "adult", "--project-dir", str(project)])
        == 0
    )
    # A fresh process that imports only Great Expectations and pandas (no Prism code).
    script = textwrap.dedent(
        f"""
        import great_expectations as gx, pandas as pd, sys
        context = gx.get_context(mode="file", project_root_dir={str(project)!r})
        suite = context.suites.get("adult")
        names = {ADULT_NAMES!r}.split(",")
        frame = pd.read_csv({str(adult)!r}, header=None, names=names, skipinitialspace=True, na_values=["?"])
        asset = context.data_sources.add_pandas("plain").add_dataframe_asset("adult")
        batch = asset.add_batch_definition_whole_dataframe("all").get_batch(batch_parameters={{"dataframe": frame}})
        result = batch.validate(suite)
        failed = [r.expectation_config.type for r in result.results if not r.success]
        print(len(suite.expectations), result.success, failed)
        sys.exit(0 if result.success else 1)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "GX_ANALYTICS_ENABLED": "false",
        "TQDM_DISABLE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    count, success = done.stdout.split()[:2]
    assert int(count) > 50 and success == "True"
    assert "profiling" not in done.stderr
