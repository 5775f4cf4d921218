"""Real-browser journey on the Bias and balance page: group-rate chart drawn by plotly.js, JSON download."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.browser_helpers import BROWSER_TEST, prism_page, settle

pytestmark = BROWSER_TEST


def test_bias_page_chart_and_download(tmp_path: Path) -> None:
    with prism_page(tmp_path) as page:
        page.get_by_role("link", name="Bias and balance").click()
        settle(page, timeout=120_000)
        expect(page.get_by_test_id("stMetric").nth(1)).to_contain_text("0.241")  # adult_train, income = >50K
        page.get_by_role("tab", name="Groups").click()
        chart = page.get_by_test_id("stPlotlyChart").filter(has_text="sex: outcome rate per group")
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=30_000)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download the audit (JSON)").click()
        saved = tmp_path / "audit.json"
        info.value.save_as(saved)
        report = json.loads(saved.read_text(encoding="utf-8"))
        female = next(g for g in report["groups"] if (g["attribute"], g["group"]) == ("sex", "Female"))
        assert round(female["positive_rate"], 3) == 0.109
