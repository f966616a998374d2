"""Pressero's import page (seed 002) in Chromium: choose the site, select Tharstern products,
import them in the background with a progress bar that follows them item by item, see the
imported SKUs crossed out in red, an import interrupted by Tharstern and resumed from its page,
the workflow status, and the conversion helper's part number."""
from __future__ import annotations

import re

from playwright.sync_api import expect

UNTIL_DONE_MS = 30_000  # the page follows the import every 1.5 s; generous on a loaded machine


def import_page(admin_site, query: str = "") -> str:
    return admin_site.page(f"/import{query}", sf="pressero")


def test_select_import_interrupt_resume_and_crossed_out_skus(page, admin_site, shoot):
    page.goto(import_page(admin_site))
    page.locator("#choose-site").get_by_label("Site").fill("https://Shop.Example.com/")
    page.locator("#choose-site").get_by_role("button", name="Show").click()
    form = page.locator("#import-form")
    expect(form.get_by_label("Site")).to_have_value("shop.example.com")
    form.get_by_label("External User ID").fill("117")
    form.get_by_label("% increase over price").fill("20")
    form.get_by_label("Categories (one a line)").fill("Promo")
    form.get_by_label("Mandatory file upload: the buyer must upload a file").check()
    form.get_by_role("button", name="Import the selected products").click()
    expect(form.locator('[data-error-for="stock_item_ids"]')).to_have_text("Give at least one stock item id.")
    page.locator("#pick-1006").check()
    form.get_by_role("button", name="Import the selected products").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import 1")
    expect(page.locator("#flash")).to_have_text("Import 1 started: 1 product(s) to import; this page follows it.")
    expect(page.locator("#state")).to_contain_text("Complete", timeout=UNTIL_DONE_MS)
    expect(page.locator("#import-progress")).to_have_attribute("value", "1")

    page.get_by_role("link", name="← The import page").click()
    sku = page.locator("#stock-1006 del.sku-imported")
    expect(sku).to_have_text("PEN-BRAND")
    expect(sku).to_have_css("color", "rgb(179, 38, 30)")
    expect(page.locator("#pick-1006")).to_be_disabled()
    expect(page.locator("#stock-1007 del")).to_have_count(0)
    expect(page.locator("#imports")).to_contain_text("1 of 1 done")

    admin_site.fake.fault(kind="error", status=500, method="GET", path="/TharsternAPI/api/products*", times=1)
    form.get_by_label("External User ID").fill("117")
    page.locator("#pick-1007").check()
    page.locator("#pick-1002").check()
    form.get_by_role("button", name="Import the selected products").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import 2")
    expect(page.locator("#state")).to_contain_text("Interrupted")
    expect(page.locator("#state")).to_contain_text("Resume carries on with the 2 product(s) still waiting")
    expect(page.locator("#state")).not_to_contain_text("POST")
    expect(page.locator("#progress-text")).to_contain_text("0 of 2 done")
    shoot(page, "connector-import-interrupted")
    page.get_by_role("button", name="Resume the import").click()
    expect(page.locator("#flash")).to_have_text("Import 2 resumed: 2 product(s) to go.")
    expect(page.locator("#state")).to_contain_text("Complete", timeout=UNTIL_DONE_MS)
    expect(page.locator("#item-1007 .item-state")).to_have_text("imported")

    page.goto(import_page(admin_site, "?site=shop.example.com"))
    for item in ("1006", "1007", "1002"):
        expect(page.locator(f"#stock-{item} del.sku-imported")).to_be_visible()
    shoot(page, "connector-import")


def test_the_progress_bar_follows_a_background_import_item_by_item(page, admin_site):
    page.goto(import_page(admin_site, "?site=shop.example.com"))
    form = page.locator("#import-form")
    form.get_by_label("External User ID").fill("117")
    for item in ("1006", "1007", "1002"):
        page.locator(f"#pick-{item}").check()
    # each item's call to Tharstern is held 2 s: the page (following every 1.5 s) sees the import mid-way
    admin_site.fake.fault(kind="latency", delay_ms=2000, method="GET", path="/TharsternAPI/api/products*", times=3)
    form.get_by_role("button", name="Import the selected products").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import 1")
    # one look at one page: still importing, and the bar determinate with 1 or 2 of the 3 done
    midway = page.locator("#import-state:has(#import-progress[max='3']:is([value='1'], [value='2']))")
    expect(midway).to_contain_text(re.compile(r"Importing[\s\S]*\b[12] of 3 done"), timeout=UNTIL_DONE_MS)
    expect(page.locator("#item-1006 .item-state")).to_have_text("imported")
    expect(page.locator("#state")).to_contain_text("Complete", timeout=UNTIL_DONE_MS)
    expect(page.locator("#import-progress")).to_have_attribute("value", "3")
    expect(page.locator("#progress-text")).to_contain_text("3 of 3 done: 3 imported")


def test_workflow_conversion_helper_and_other_presets(page, admin_site):
    page.goto(import_page(admin_site))
    workflow = page.locator("#workflow-form")
    expect(workflow.get_by_label("Transfer orders to Tharstern at")).to_have_value("Order Received")
    workflow.get_by_label("Transfer orders to Tharstern at").fill("Tharstern Xfr")
    workflow.get_by_role("button", name="Save").click()
    expect(page.locator("#flash")).to_have_text("Orders go to Tharstern at the workflow status 'Tharstern Xfr'.")

    helper = page.locator("#conversion")
    helper.get_by_label("External User ID").fill("117")
    helper.get_by_label("Tharstern product id").fill("2284")
    helper.get_by_role("button", name="Work out the part number").click()
    expect(page.locator("#conversion-answer")).to_contain_text("117-2284")
    expect(page.locator("#conversion-answer")).to_contain_text("choose the site above to see it")
    helper.get_by_label("External User ID").fill("11-7")
    helper.get_by_role("button", name="Work out the part number").click()
    expect(helper.locator('[data-error-for="convert_user"]')).to_have_text("Letters and digits (Aleyant gives it).")

    page.goto(admin_site.page("/import"))
    expect(page.locator("main")).to_contain_text("The import page is Pressero's")
    expect(page.get_by_role("link", name="Pressero import")).to_have_count(0)
