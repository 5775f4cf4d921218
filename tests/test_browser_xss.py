"""Real browser: the corpus' XSS and markdown files go through every page and the full report; nothing runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from profiling.loading import load_path
from profiling.workspace import Workspace
from tests.browser_helpers import BROWSER_TEST, chromium, prism_server, settle

pytestmark = BROWSER_TEST

# Anything here in a page or a frame could only have come from the data.
INJECTED = """() => {
  const found = [];
  const bad = "img[src='x'], svg[onload], [onmouseover], [onerror], a[href^='javascript'], span[style*='color:red']";
  for (const el of document.querySelectorAll(bad)) found.push(el.outerHTML.slice(0, 120));
  for (const s of document.scripts) if (s.text.includes('alert(')) found.push('script: ' + s.text.slice(0, 80));
  return found;
}"""


@pytest.fixture
def xss_workspace(bad_inputs: Path, tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    workspace = Workspace(root)
    (root / ".examples-seeded").write_text("only the hostile files here\n")
    for file, role in (("xss_names_values.csv", "reference"), ("markdown_names.csv", "current")):
        workspace.add(load_path(bad_inputs / "csv" / file), origin=f"corpus: {file}", role=role)
    shutil.copy(bad_inputs / "suites" / "suite_xss.json", tmp_path / "suite_xss.json")
    return root


def _injected(page: Page) -> list[str]:
    found: list[str] = []
    for frame in page.frames:
        found += [f"{_where(frame)}: {item}" for item in frame.evaluate(INJECTED)]
    return found


def _where(frame: Frame) -> str:
    return frame.url[:60] or "frame"


def _visit_sections(page: Page) -> None:
    """Click every segmented-control section and tab of the current page, settling after each."""
    for selector in ("button[data-variant='segmented_control']", "button[role='tab']"):
        for index in range(page.locator(selector).count()):
            target = page.locator(selector).nth(index)
            if target.is_visible() and target.is_enabled():
                target.click(timeout=10_000)
                settle(page)


def test_no_data_controlled_script_runs_anywhere(xss_workspace: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    dialogs: list[str] = []
    with prism_server(xss_workspace, home) as url, chromium(home) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url, timeout=120_000)
        settle(page, timeout=180_000)
        links = page.get_by_test_id("stSidebarNav").get_by_role("link")
        names = [
            links.nth(i).inner_text().strip().split("\n")[-1].strip() for i in range(links.count())
        ]  # after the icon
        assert {"Datasets", "Profile", "Overview"} <= set(names)
        visited = []
        for name in names:
            page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()
            settle(page)
            _visit_sections(page)
            visited.append(name)
            assert not _injected(page), (name, _injected(page))
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Profile", exact=True).click()
        settle(page)
        page.get_by_role("radio", name="Full report", exact=True).click()
        settle(page)
        page.get_by_role("button", name="Build the full report").click()
        download = page.get_by_role("button", name="Download the report (HTML)")
        download.wait_for(timeout=180_000)
        page.wait_for_timeout(2_000)  # let the report's own scripts run in its sandboxed frame
        assert len(page.frames) >= 3  # the page, st.iframe, and the sandboxed report inside it
        assert not _injected(page), _injected(page)
        assert dialogs == [], dialogs
        print(f"\npages visited with hostile names and values: {', '.join(visited)}; no dialog, no injected element")
