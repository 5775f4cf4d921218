"""Several browser sessions profiling different datasets at once: all complete, memory stays bounded."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser_helpers import BROWSER_TEST, chromium, prism_server, server_peak_rss_mb, settle

pytestmark = BROWSER_TEST

DATASETS = {"adult_train": "32,561", "adult_test": "16,281", "heart_va": "200", "cps1985_aer": "534"}
PEAK_MB_LIMIT = 2_000


def _pick(page: Page, name: str) -> None:
    picker = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Dataset", exact=True))
    picker.click()
    page.keyboard.type(name)
    page.get_by_role("option").filter(has_text=f"{name} (").first.click()  # starts the rerun; does not wait


def test_parallel_sessions_profile_different_datasets(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    with prism_server(tmp_path / "workspace", home) as url, chromium(home) as browser:
        first = browser.new_page()
        first.goto(url, timeout=120_000)
        settle(first, timeout=180_000)  # seeds the examples once
        pages = [browser.new_context().new_page() for _ in DATASETS]
        for page in pages:
            page.goto(f"{url}/profile", timeout=120_000)
        for page in pages:
            settle(page, timeout=120_000)
        for page, name in zip(pages, DATASETS, strict=True):
            _pick(page, name)  # four profiles now run at the same time on the server
        for page, rows in zip(pages, DATASETS.values(), strict=True):
            settle(page, timeout=180_000)
            expect(page.get_by_test_id("stMetric").first).to_contain_text(rows)
            expect(page.get_by_test_id("stException")).to_have_count(0)
        peak = server_peak_rss_mb(url)
        print(f"\nserver peak RSS with {len(pages)} parallel profiling sessions: {peak:,.0f} MB")
        assert peak < PEAK_MB_LIMIT
