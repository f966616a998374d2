"""Every admin page in Chromium without a script error or a request off loopback, and the pages
read (and search) with JavaScript off."""
from __future__ import annotations

from playwright.sync_api import expect

PAGES = ["/", "/connection", "/behaviour", "/products", "/variants/1", "/variants/4", "/variants/6", "/attributes",
         "/customers", "/customers/5"]


def test_every_page_opens_cleanly(page, admin_site):
    for path in PAGES:
        page.goto(admin_site.page(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("header nav [aria-current=page]")).to_have_count(1)
    expect(page.locator("#link-status")).to_contain_text("The ConnectId NOSUCH01 does not exist in Tharstern")


def test_pages_read_and_search_without_javascript(no_js_page, admin_site):
    page = no_js_page
    page.goto(admin_site.page("/variants/6"))
    page.get_by_label("Start typing the product name or code").fill("letter")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#connect-link-list tbody tr")).to_have_count(1)
    expect(page.locator("#connect-link-list")).to_contain_text("LTR-A4")
    page.get_by_role("radio", name="LTR-A4").check()
    page.get_by_role("button", name="Save External Reference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("JavaScript needed")
    assert admin_site.api.sf("GET", "/variants/6/link").json["linked"] is False
