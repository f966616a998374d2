"""Step 5 of the pathway in Chromium: give a department its Tharstern code, add and move
customers, and use a customer's Connect Link popup — candidates from the cached list (a
customer created in Tharstern shows after Clear cache), e-mail matches first, the code used and
its rule."""
from __future__ import annotations

from playwright.sync_api import expect


def error_next_to(scope, name: str):
    return scope.locator(f'[data-error-for="{name}"]')


def flash(page):
    return page.locator("#flash")


def test_department_codes_and_customers(page, admin_site, shoot):
    page.goto(admin_site.page("/customers"))
    globex = page.locator("#department-2")
    globex.get_by_label("ExternalId of Globex").fill("G" * 41)
    globex.get_by_role("button", name="Save Connect External Id").click()
    expect(page.locator('[data-form="department-2-link"][data-error-for="code"]')).to_have_text("Longer than maximum length 40.")
    globex.get_by_label("ExternalId of Globex").fill("GLOBEX")
    globex.get_by_role("button", name="Save Connect External Id").click()
    expect(flash(page)).to_have_text("Department Globex: Tharstern customer code GLOBEX.")
    expect(page.locator("#customer-2")).to_contain_text("GLOBEX the department's code")

    add = page.locator("#add-customer")
    add.get_by_label("E-mail").fill("not-an-email")
    add.get_by_role("button", name="Add the customer").click()
    expect(error_next_to(add, "email")).to_have_text("Not a valid email address.")
    add.get_by_label("E-mail").fill("HANK@globex.example")
    add.get_by_role("button", name="Add the customer").click()
    expect(error_next_to(add, "email")).to_have_text("already used in this storefront")
    add.get_by_label("E-mail").fill("ops@globex.example")
    add.get_by_label("Name").fill("Globex Ops")
    add.get_by_label("Department").select_option(label="Globex")
    add.get_by_role("button", name="Add the customer").click()
    expect(flash(page)).to_have_text("Customer 7 ops@globex.example added: the code used is GLOBEX (the department's code).")

    accounts = page.locator("#customer-6")
    accounts.get_by_label("Department of accounts@acme.example").select_option(label="Acme Corporation")
    accounts.get_by_role("button", name="Move").click()
    expect(flash(page)).to_have_text("accounts@acme.example is now in Acme Corporation.")
    expect(page.locator("#customer-6")).to_contain_text("ACME01 the department's code")
    shoot(page, "connector-customers")
    assert admin_site.api.sf("GET", "/customers/6/customer-code").json["rule"] == "department"


def test_the_customer_connect_link_popup(page, admin_site, shoot):
    page.goto(admin_site.page("/customers/3"))
    expect(page.locator("#link-status")).to_contain_text("No Tharstern customer is linked to this customer.")
    candidates = page.locator("#candidates tbody tr")
    expect(candidates.first).not_to_contain_text("matches the e-mail")

    admin_site.fake.add_customer(Name="New Buyer Ltd", Code="NEWB01", ContactEmail="new.buyer@example.com")
    page.reload()
    expect(candidates.first).not_to_contain_text("NEWB01")  # the list is cached
    page.get_by_role("button", name="Clear cache").click()
    expect(flash(page)).to_contain_text("Cleared")
    expect(candidates.first).to_contain_text("NEWB01")
    expect(candidates.first).to_contain_text("matches the e-mail")

    form = page.locator("#link-form")
    form.get_by_label("Tharstern customer code (ExternalId)").fill("NOSUCH99")
    form.get_by_role("button", name="Save Connect External Id").click()
    expect(error_next_to(form, "connect_id")).to_contain_text("Tharstern has no customer with the code 'NOSUCH99'")

    candidates.first.get_by_role("button", name="Link NEWB01").click()
    expect(flash(page)).to_have_text("new.buyer@example.com is linked to NEWB01: the code used is NEWB01 (the customer's own link).")
    expect(page.locator("#link-status")).to_contain_text("Linked to the Tharstern customer NEWB01 'New Buyer Ltd'.")
    expect(page.locator("#code-used")).to_contain_text("NEWB01 the customer's own link")
    shoot(page, "connector-customer")

    page.get_by_role("button", name="Remove the link").click()
    expect(flash(page)).to_have_text("new.buyer@example.com has no link of their own now: the code used is WEB001 (the storefront default).")
