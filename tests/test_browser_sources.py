"""Real-browser journey: Sources on the Datasets page: connect to an SQLite file made from a real dataset, see its
tables with row counts, preview, profile in the database, load a sample, then profile it with a chart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from playwright.sync_api import expect

from profiling.loading import LoadOptions, load_path
from tests.browser_helpers import BROWSER_TEST, prism_page, settle

pytestmark = BROWSER_TEST
HEART = "age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope,ca,thal,num".split(",")


def test_database_source_to_profile_chart(datasets: Path, tmp_path: Path) -> None:
    frame = load_path(
        datasets / "heart_disease" / "processed.cleveland.data", options=LoadOptions(column_names=tuple(HEART))
    ).frame
    database = tmp_path / "clinic.sqlite"
    with sqlite3.connect(database) as con:
        frame.to_sql("cleveland", con, index=False)
    with prism_page(tmp_path) as page:
        main = page.get_by_test_id("stMainBlockContainer")
        page.get_by_text("Sources: databases and Spark").click()
        url = page.get_by_label("Database URL (without the password)")
        url.fill(f"sqlite:///{database}")
        url.press("Enter")
        settle(page)
        page.get_by_role("button", name="Connect").click()
        settle(page)
        expect(main.get_by_text("clinic.sqlite (sqlite): 1 tables and views")).to_be_visible()
        sources = page.get_by_test_id("stExpander").filter(has_text="Sources: databases and Spark")
        listing = sources.get_by_test_id("stDataFrame").first
        expect(listing.get_by_role("gridcell", name="cleveland", exact=True, include_hidden=True)).to_be_attached()
        expect(
            listing.get_by_role("gridcell", name="303", exact=True, include_hidden=True)
        ).to_be_attached()  # the exact row count

        page.get_by_role("button", name="Preview").click()
        settle(page)
        preview = sources.get_by_test_id("stDataFrame").nth(1)
        expect(preview.get_by_role("columnheader", name="thalach", include_hidden=True)).to_be_attached()

        page.get_by_role("button", name="Profile in the database").click()
        settle(page)
        expect(main.get_by_text("SQLite has no quantile aggregate", exact=False)).to_be_visible()
        expect(main.get_by_text("303 rows x 14 columns", exact=False)).to_be_visible()

        sources.get_by_text("A random sample", exact=True).click()  # a st.radio option is clicked by its label
        settle(page)
        size = page.get_by_label("Sample size")
        size.fill("120")
        size.press("Enter")
        settle(page)
        page.get_by_role("button", name="Load into the workspace").click()
        settle(page)
        expect(main.get_by_text("Loaded as cleveland: 120 rows x 14 columns.")).to_be_visible()

        page.get_by_role("link", name="Profile").click()
        settle(page)
        picker = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text("Dataset", exact=True))
        picker.click()
        page.keyboard.type("cleveland (")
        page.get_by_role("option", name="cleveland (120 x 14)").click()
        settle(page)
        expect(page.get_by_test_id("stMetric").first).to_contain_text("120")  # the first metric is Rows
        page.get_by_role("radio", name="Columns", exact=True).click()
        settle(page)
        chart = page.get_by_test_id("stPlotlyChart")
        expect(chart.locator(".main-svg").first).to_be_visible(timeout=30_000)
        expect(chart.locator(".gtitle")).to_contain_text("age")
        page.screenshot(path=str(tmp_path / "sources.png"), full_page=True)
