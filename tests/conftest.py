"""Shared test set-up: telemetry off, paths to the real datasets and the bad-input corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
BAD_INPUTS_TOOL = SHARED / "tools" / "make_bad_inputs.py"


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not DATASETS.is_dir():
        pytest.fail(f"The real datasets are missing: expected them at {DATASETS}")
    return DATASETS


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile-file corpus, generated fresh by the shared tool (bombs of 1 GiB, never materialised)."""
    out = tmp_path_factory.mktemp("bad_inputs")
    subprocess.run(
        [sys.executable, str(BAD_INPUTS_TOOL), str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace seeded once with the bundled examples (see profiling/examples.py)."""
    from profiling.examples import seed_examples
    from profiling.workspace import Workspace

    root = tmp_path_factory.mktemp("seeded")
    seed_examples(Workspace(root))
    return root


@pytest.fixture
def copy_workspace(tmp_path: Path) -> Callable[[Path], Path]:
    """Makes a private copy, for one test, of a workspace built once per module (a template)."""

    def copy(template: Path) -> Path:
        target = tmp_path / "workspace"
        shutil.copytree(template, target)
        return target

    return copy


@pytest.fixture
def seeded(seeded_template: Path, copy_workspace: Callable[[Path], Path]) -> Path:
    """A private copy of the seeded workspace for one test."""
    return copy_workspace(seeded_template)
