"""Real-browser journey (Playwright + Debian Chromium): upload two files, rename one, reload, still there."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser_helpers import BROWSER_TEST, prism_page, settle

pytestmark = BROWSER_TEST


def _dataset_picker(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Dataset", exact=True))


def _find_option(page: Page, typed: str, label: str):  # type: ignore[no-untyped-def]
    """Open the dataset picker and type to filter (its list is virtualised: only visible rows exist)."""
    _dataset_picker(page).click()
    page.keyboard.type(typed)
    option = page.get_by_role("option", name=label, exact=True)
    expect(option).to_be_visible()
    return option


def _choose_dataset(page: Page, typed: str, label: str) -> None:
    _find_option(page, typed, label).click()
    settle(page)


def test_upload_rename_reload(datasets: Path, tmp_path: Path) -> None:
    with prism_page(tmp_path) as page:
        main = page.get_by_test_id("stMainBlockContainer")
        expect(main.get_by_text("8 datasets in the workspace")).to_be_visible()

        page.get_by_text("Add datasets").click()
        page.locator("input[type=file]").set_input_files(
            [datasets / "wine_quality" / "winequality-red.csv", datasets / "penguins" / "penguins.csv"]
        )
        load = page.get_by_role("button", name="Load 2 file(s)")
        expect(load).to_be_enabled(timeout=30_000)
        load.click()
        settle(page)
        expect(main.get_by_text("1,599 rows x 12 columns")).to_be_visible()
        expect(main.get_by_text("344 rows x 8 columns")).to_be_visible()
        expect(main.get_by_text("10 datasets in the workspace")).to_be_visible()

        _choose_dataset(page, "penguins", "penguins.csv (344 x 8)")
        page.get_by_role("tab", name="Manage").click()
        name = page.get_by_label("Name", exact=True)
        name.fill("Palmer penguins")
        name.press("Enter")
        settle(page)
        page.get_by_role("button", name="Save name and role").click()
        settle(page)

        page.reload()
        settle(page)
        expect(main.get_by_text("10 datasets in the workspace")).to_be_visible()
        _find_option(page, "Palmer", "Palmer penguins (344 x 8)")
        page.keyboard.press("Escape")
        _find_option(page, "winequality", "winequality-red.csv (1,599 x 12)")
        page.keyboard.press("Escape")
        page.screenshot(path=str(tmp_path / "datasets.png"), full_page=True)
