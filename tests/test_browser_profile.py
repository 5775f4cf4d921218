"""Real-browser journey: open a profile, see a plotly chart, build the full report, download it."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser_helpers import BROWSER_TEST, prism_page, settle

pytestmark = BROWSER_TEST


def test_profile_chart_report_download(tmp_path: Path) -> None:
    with prism_page(tmp_path) as page:
        page.get_by_role("link", name="Profile").click()
        settle(page)

        picker = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Dataset", exact=True))
        picker.click()
        page.keyboard.type("heart_cleveland")
        page.get_by_role("option", name="heart_cleveland (303 x 14)").click()
        settle(page)
        expect(page.get_by_test_id("stMetric").first).to_contain_text("303")  # the first metric is Rows

        page.get_by_role("radio", name="Columns", exact=True).click()
        settle(page)
        chart = page.get_by_test_id("stPlotlyChart")
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=30_000)
        expect(chart.locator(".gtitle")).to_contain_text("age")  # the first column, drawn by plotly.js

        page.get_by_role("radio", name="Full report", exact=True).click()
        settle(page)
        page.get_by_role("button", name="Build the full report").click()
        download_button = page.get_by_role("button", name="Download the report (HTML)")
        expect(download_button).to_be_visible(timeout=180_000)  # progress is polled until the report is kept

        inner = page.frame_locator("iframe[title='st.iframe']").frame_locator("iframe[sandbox]")
        expect(inner.get_by_role("heading", name="Overview")).to_be_visible(timeout=60_000)
        expect(inner.get_by_text("Number of observations")).to_be_visible()
        with page.expect_download() as info:
            download_button.click()
        saved = tmp_path / "report.html"
        info.value.save_as(saved)
        text = saved.read_text(encoding="utf-8")
        assert "<html" in text.lower() and "heart_cleveland" in text
