"""Real-browser journey: build a suite, untick one expectation, change a bound, save, validate another dataset, download."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.browser_helpers import BROWSER_TEST, prism_page, settle

pytestmark = BROWSER_TEST


def test_build_edit_save_validate_download(tmp_path: Path) -> None:
    with prism_page(tmp_path) as page:
        page.get_by_role("link", name="Expectation suites").click()
        settle(page)

        picker = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Trusted dataset", exact=True))
        picker.click()
        page.keyboard.type("heart_cleveland")
        page.get_by_role("option", name="heart_cleveland (303 x 14)").click()
        settle(page, timeout=120_000)

        # Untick the column-set expectation, and require 200-400 rows instead of the suggested range.
        page.get_by_test_id("stCheckbox").filter(has_text="expect_table_columns_to_match_set").locator("label").click()
        settle(page)
        bound = page.get_by_label("Parameters (JSON)").nth(1)
        expect(bound).to_have_value('{"min_value": 30, "max_value": 3030}')
        bound.fill('{"min_value": 200, "max_value": 400}')
        bound.press("Enter")
        settle(page)
        name = page.get_by_label("Suite name")
        name.fill("cleveland_journey")
        name.press("Enter")
        settle(page)
        page.get_by_role("button", name="Save suite").click()
        settle(page)
        expect(page.get_by_text("Saved suite cleveland_journey")).to_be_visible()

        page.get_by_role("radio", name="Validate", exact=True).click()
        settle(page)
        picker = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Dataset", exact=True))
        picker.click()
        page.keyboard.type("heart_switzerland")
        page.get_by_role("option", name="heart_switzerland (123 x 14)").click()
        settle(page)
        page.get_by_role("button", name="Validate", exact=True).click()
        settle(page, timeout=120_000)
        result = page.get_by_test_id("stMetric").filter(has_text="Result")
        expect(result).to_contain_text("failed")
        with page.expect_download() as info:
            page.get_by_role("button", name="Download results JSON").click()
        info.value.save_as(tmp_path / "results.json")
        report = json.loads((tmp_path / "results.json").read_text())
        row_count = next(
            r for r in report["results"] if r["expectation_type"] == "expect_table_row_count_to_be_between"
        )
        assert row_count["success"] is False and row_count["observed_value"] == 123

        page.get_by_role("radio", name="Suites", exact=True).click()
        settle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="Download suite JSON").click()
        info.value.save_as(tmp_path / "suite.json")
        suite = json.loads((tmp_path / "suite.json").read_text())
        types = [e["type"] for e in suite["expectations"]]
        assert suite["name"] == "cleveland_journey" and "expect_table_columns_to_match_set" not in types
        [rows] = [e for e in suite["expectations"] if e["type"] == "expect_table_row_count_to_be_between"]
        assert rows["kwargs"] == {"min_value": 200, "max_value": 400}
