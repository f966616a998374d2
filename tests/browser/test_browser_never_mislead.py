"""The admin pages never tell a class something false: a success banner does not stay beside a
later error, a failure is never announced in green, a slow call says it is working, step 1 is
done only after a passing Check Connection, department codes are checked against Tharstern, the
product-type diagnosis says when it reads cached data, codes read as words, a storefront can
start over, every page has a favicon, and at 800 px no table hides its key column."""
from __future__ import annotations

import re

from playwright.sync_api import expect

FLASH_GREEN = "rgb(30, 122, 60)"
FLASH_RED = "rgb(179, 38, 30)"


def test_a_later_error_hides_the_earlier_success_and_department_codes_are_checked(page, admin_site):
    page.goto(admin_site.page("/customers"))
    globex = page.locator("#department-2")
    globex.get_by_label("ExternalId of Globex").fill("GLOBEX")
    globex.get_by_role("button", name="Save Connect External Id").click()
    expect(page.locator("#flash")).to_have_text("Department Globex: Tharstern customer code GLOBEX.")
    expect(page.locator("#flash")).to_have_css("color", FLASH_GREEN)
    globex = page.locator("#department-2")
    globex.get_by_label("ExternalId of Globex").fill("NOSUCH9")
    globex.get_by_role("button", name="Save Connect External Id").click()
    expect(page.locator('[data-error-for="code"][data-form="department-2-link"]')).to_contain_text(
        "Tharstern has no customer with the code 'NOSUCH9'")
    expect(page.locator("#flash")).to_be_hidden()
    assert admin_site.api.sf("GET", "/departments/2").json["code"] == "GLOBEX"
    globex.get_by_label("Check that Tharstern has it").uncheck()
    globex.get_by_role("button", name="Save Connect External Id").click()
    expect(page.locator("#flash")).to_have_text("Department Globex: Tharstern customer code NOSUCH9.")


def test_step_one_is_done_only_after_a_passing_check_and_a_failure_is_red(page, admin_site):
    page.goto(admin_site.page("/"))
    step = page.locator("#step-1")
    expect(step.locator(".status")).to_have_text("to do")
    expect(step).to_contain_text("Check Connection has not passed")
    admin_site.api.connection(password="wrong")
    admin_site.fake.fault(kind="latency", delay_ms=1500, method="GET", path="*generateapitoken*", times=1)
    step.get_by_role("button", name="Check Connection").click()
    expect(step.locator(".busy")).to_have_text("Checking…")  # the slow call says so while it runs
    flash = page.locator("#flash")
    expect(flash).to_contain_text("Check Connection failed: Tharstern did not accept")
    expect(flash).to_have_css("color", FLASH_RED)
    expect(page.locator("#step-1 .status")).to_have_text("needs a look")
    admin_site.api.connection(password="tharstern")
    page.reload()
    expect(page.locator("#step-1 .status")).to_have_text("to do")  # new settings: not checked yet
    page.locator("#step-1").get_by_role("button", name="Check Connection").click()
    expect(flash).to_contain_text("Connection OK.")
    expect(flash).to_have_css("color", FLASH_GREEN)
    expect(page.locator("#step-1 .status")).to_have_text("done")


def test_the_diagnosis_says_when_it_reads_the_cache_and_codes_read_as_words(page, admin_site):
    page.goto(admin_site.page("/products?product_type_id=6#diagnosis"))
    result = page.locator("#diagnosis-result")
    expect(result).to_contain_text("no stock item returned")
    expect(result).not_to_contain_text("no_stock_item")
    expect(result).to_contain_text("visibility is turned off")
    expect(page.locator("#diagnosis-fresh")).to_have_text("Read from Tharstern just now.")
    page.reload()
    expect(page.locator("#diagnosis-cached")).to_contain_text("as the connector cached it at")
    page.locator("#diagnosis-clear-cache").get_by_role("button", name="Clear cache").click()
    expect(page.locator("#flash")).to_contain_text("Cleared")
    expect(page.locator("#diagnosis-fresh")).to_be_visible()

    page.goto(admin_site.page("/variants/6"))
    page.get_by_label("Start typing the product name or code").press_sequentially("pen")
    expect(page.locator("#connect-link-list")).to_contain_text("price list")
    expect(page.locator("#connect-link-list")).not_to_contain_text("price_list")


def test_start_over_and_the_favicon(page, admin_site):
    page.goto(admin_site.page("/"))
    icon = page.locator("link[rel=icon]")
    expect(icon).to_have_attribute("href", re.compile(r"favicon\.svg$"))
    assert page.request.get(admin_site.url + icon.get_attribute("href")).ok
    page.get_by_role("button", name="Start over from scratch").click()  # the page's dialog handler confirms
    expect(page.locator("#flash")).to_have_text("Storefront 'default' starts over: fill in the connection settings (step 1).")
    expect(page.locator("#step-1")).to_contain_text("Still to fill in: api_url")
    expect(page.locator("#step-3")).to_contain_text("0 of 8 variant(s) have a Connect Link")


def right_edge(locator) -> float:
    box = locator.bounding_box()
    return box["x"] + box["width"]


def test_at_800_px_no_table_hides_its_key_column_and_at_1280_the_orders_fit(page, admin_site):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(admin_site.page("/orders"))
    for cell in page.locator("#orders-table td[data-label=Lines]").all():
        assert right_edge(cell) <= 800
    page.goto(admin_site.page("/customers"))
    for button in page.get_by_role("link", name="Connect Link").all():
        assert right_edge(button) <= 800
    page.goto(admin_site.page("/orders/1"))
    assert right_edge(page.locator("#line-1 .tracking")) <= 800
    page.goto(admin_site.page("/variants/6"))
    page.get_by_label("Start typing the product name or code").press_sequentially("letter")
    assert right_edge(page.get_by_role("button", name="Save External Reference")) <= 800
    for header in page.locator("#connect-link-list th").all():
        assert right_edge(header) <= 800
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(admin_site.page("/orders"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    panel = page.locator("#orders-table").locator("xpath=..")
    assert right_edge(page.locator("#orders-table")) <= right_edge(panel)


def test_an_answer_shown_in_place_goes_when_another_call_starts(page, admin_site):
    page.goto(admin_site.page("/connection"))
    page.locator("#check-connection").get_by_role("button", name="Check Connection").click()
    result = page.locator("#check-result")
    expect(result.locator(".result-ok")).to_be_visible()
    form = page.locator("#connection-settings")
    form.get_by_label("Outgoing IP").fill("not an address")
    form.get_by_role("button", name="Save", exact=True).click()
    expect(form.locator('[data-error-for="outgoing_ip"]')).not_to_be_empty()
    expect(result).to_be_hidden()  # the earlier "Connection OK" does not stand beside the error
