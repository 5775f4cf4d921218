"""Real-browser journey (Playwright + Debian Chromium): upload two files, rename one, reload, still there."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import CHROMIUM, chromium, prism_server, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed: run `make test`"),
]


def _choose_dataset(page: Page, label: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Dataset").first.click()
    page.get_by_role("option", name=label, exact=True).click()
    settle(page)


def test_upload_rename_reload(datasets: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with prism_server(tmp_path / "workspace", home) as url, chromium(home) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url, timeout=120_000)
        settle(page, timeout=180_000)  # the first start seeds the example data
        expect(page.get_by_text("8 datasets in the workspace")).to_be_visible()

        page.get_by_text("Add datasets").click()
        page.locator("input[type=file]").set_input_files(
            [datasets / "wine_quality" / "winequality-red.csv", datasets / "penguins" / "penguins.csv"]
        )
        load = page.get_by_role("button", name="Load 2 file(s)")
        expect(load).to_be_enabled(timeout=30_000)
        load.click()
        settle(page)
        expect(page.get_by_text("1,599 rows x 12 columns")).to_be_visible()
        expect(page.get_by_text("344 rows x 8 columns")).to_be_visible()
        expect(page.get_by_text("10 datasets in the workspace")).to_be_visible()

        _choose_dataset(page, "penguins.csv (344 x 8)")
        page.get_by_role("tab", name="Manage").click()
        name = page.get_by_label("Name", exact=True)
        name.fill("Palmer penguins")
        name.press("Enter")
        settle(page)
        page.get_by_role("button", name="Save name and role").click()
        settle(page)

        page.reload()
        settle(page)
        expect(page.get_by_text("10 datasets in the workspace")).to_be_visible()
        page.get_by_test_id("stSelectbox").filter(has_text="Dataset").first.click()
        expect(page.get_by_role("option", name="Palmer penguins (344 x 8)")).to_be_visible()
        expect(page.get_by_role("option", name="winequality-red.csv (1,599 x 12)")).to_be_visible()
        page.screenshot(path=str(tmp_path / "datasets.png"), full_page=True)
