"""The CLI over the hostile-file corpus: exit 2 with one line holding the expected words, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from profiling.cli import main
from tests.corpus import LOADABLE, NOT_A_LOAD_EXPECTATION, mentions


@pytest.mark.timeout(60)
@pytest.mark.parametrize("entry", LOADABLE, ids=[e["file"] for e in LOADABLE])
def test_cli_load(entry: dict[str, Any], bad_inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file, expected = entry["file"], entry["expected"]
    if file.startswith("paths/data_root/"):
        args = ["load", file.removeprefix("paths/data_root/"), "--data-dir", str(bad_inputs / "paths" / "data_root")]
    else:
        args = ["load", str(bad_inputs / file)]
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("prism: error:"), err
        words = expected.get("error_mentions") or expected.get("or_error_mentions") or []
        assert expected["result"] in ("error", "reject", "load_or_error") or "or_error_mentions" in expected, err
        assert mentions(lines[0], words), f"{file}: {lines[0]} lacks any of {words}"
        assert Path(file).name in lines[0] or file.startswith("paths/"), lines[0]
    else:
        assert code == 0 and expected["result"] in ("load", "load_or_error"), f"{file}: exit {code}: {err}"
        if file not in NOT_A_LOAD_EXPECTATION and expected["result"] == "load":
            assert f"{expected['rows']:,} rows x {expected['cols']:,} columns" in out or "acceptable_rows" in expected
            assert mentions(out, expected.get("warning_mentions", [])), f"{file}: {out}"
