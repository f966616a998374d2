"""Every admin page in Chromium without a script error or a request off loopback, and the pages
read (and search) with JavaScript off."""
from __future__ import annotations

from playwright.sync_api import expect

PAGES = ["/", "/connection", "/behaviour", "/products", "/variants/1", "/variants/4", "/variants/6", "/attributes",
         "/webhooks", "/orders", "/orders/2", "/orders/3", "/customers", "/customers/5"]  # the last one is checked


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


def test_orders_read_without_javascript(no_js_page, admin_site):
    page = no_js_page
    page.goto(admin_site.page("/orders"))
    expect(page.locator("#order-2")).to_contain_text("1Z999AA10123456784")
    page.get_by_label("State").select_option(label="held for approval")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#orders tbody tr[id]")).to_have_count(1)
    page.get_by_role("link", name="DEMO-1003").click()
    expect(page.locator("#state")).to_contain_text("held for approval")
    page.get_by_role("button", name="Approve the order").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("JavaScript needed")
    assert admin_site.api.sf("GET", "/orders/3").json["awaiting_approval"] is True


def test_a_held_order_is_approved_and_its_page_follows_it_to_tharstern(page, admin_site):
    page.goto(admin_site.page("/orders/3"))
    page.get_by_role("button", name="Approve the order").click()
    expect(page.locator("#flash")).to_contain_text("Order DEMO-1003 approved")
    expect(page.locator("#state")).to_contain_text("Sent to Tharstern as SO")  # the page refreshes once it is sent
    expect(page.locator("#flash")).to_contain_text("Order DEMO-1003 approved")  # kept across the refresh
    expect(page.locator("#line-1 .job-no")).not_to_have_text("not yet")

    form = page.locator("#workflow-form")
    form.get_by_label("New workflow status").fill("<b>bad</b>")
    form.get_by_role("button", name="Set the status").click()
    expect(form.locator('[data-error-for="status"]')).to_contain_text("a workflow status name")
    form.get_by_label("New workflow status").fill("Printed")
    form.get_by_role("button", name="Set the status").click()
    expect(page.locator("#flash")).to_contain_text("Order DEMO-1003 is now 'Printed'")
    expect(page.locator("#workflow")).to_contain_text("Printed")
