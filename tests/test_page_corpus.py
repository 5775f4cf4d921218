"""The Datasets page over the hostile-file corpus (AppTest): each error is shown to the user, no exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from profiling.workspace import Workspace
from tests.corpus import LOADABLE, mentions
from tests.pages_helpers import no_exceptions, open_app

UPLOADABLE = [e for e in LOADABLE if not e["file"].startswith("paths/")]


@pytest.fixture(scope="module")
def app_and_workspace(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("corpus-workspace")
    (root / ".examples-seeded").write_text("no examples: this workspace receives the corpus only\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        app = open_app(root, monkeypatch)
        yield app, root


@pytest.mark.timeout(120)
@pytest.mark.parametrize("entry", UPLOADABLE, ids=[e["file"] for e in UPLOADABLE])
def test_upload(entry: dict[str, Any], bad_inputs: Path, app_and_workspace) -> None:  # type: ignore[no-untyped-def]
    app, root = app_and_workspace
    file, expected = entry["file"], entry["expected"]
    uploader = next(u for u in app.get("file_uploader") if u.proto.id)
    uploader.set_value((Path(file).name, (bad_inputs / file).read_bytes(), "application/octet-stream"))
    app.run()
    app.button(key="load-button").click().run()
    no_exceptions(app)
    errors = " ".join(e.value for e in app.error).replace("\\", "")
    successes = " ".join(s.value for s in app.success).replace("\\", "")
    if expected["result"] in ("error", "reject"):
        assert Path(file).name in errors and "was not loaded" in errors, errors or successes
        assert mentions(errors, expected["error_mentions"]), errors
        assert "Traceback" not in errors
    elif errors:
        assert expected["result"] == "load_or_error" or "or_error_mentions" in expected, errors
    else:
        assert "loaded as" in successes, successes
        names = {m.load_report.source for m in Workspace(root).datasets()}
        assert Path(file).name in names
