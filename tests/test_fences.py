"""Import fences: one adapter module per heavy dependency, and a library that never imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("profiling", "pages", "ui") for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]

# module -> the only places allowed to import it
FENCES = {
    "great_expectations": ("profiling/expectations/",),
    "data_profiling": ("profiling/ydata_report.py", "profiling/ydata_compare.py"),
    "streamlit": ("pages/", "ui/", "app.py"),
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("module", sorted(FENCES))
def test_only_its_adapter_imports(module: str) -> None:
    allowed = FENCES[module]
    offenders = [
        str(path.relative_to(ROOT))
        for path in SOURCES
        if module in _imports(path) and not str(path.relative_to(ROOT)).startswith(allowed)
    ]
    assert offenders == [], f"{module} may only be imported in {allowed}"


def test_the_fence_sees_imports() -> None:
    adapters = (ROOT / "profiling" / "expectations").glob("*.py")
    assert any("great_expectations" in _imports(path) for path in adapters)
    assert "data_profiling" in _imports(ROOT / "profiling" / "ydata_report.py")
    assert "streamlit" in _imports(ROOT / "app.py")
