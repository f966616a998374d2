"""The console's stubs page in a browser: add a stub with JSON fields, see JSON mistakes next to
their field without anything sent, see the control plane's refusals, use the stub, remove it."""
from __future__ import annotations

from playwright.sync_api import expect


def test_add_use_and_remove_a_stub(page, live_fake):
    page.goto(live_fake.ui("/stubs"))
    expect(page.locator(".empty")).to_contain_text("No stubs")
    form = page.locator("#add-stub")
    form.get_by_label("Path (glob, any case)").fill("invoices/*")
    form.get_by_label("Answer JSON").fill('{"InvoiceNo": "{{ request.query.no }}", ')
    form.get_by_role("button", name="Add the stub").click()
    expect(form.locator('[data-error-for="json"]')).to_contain_text("Not valid JSON at line 1")
    assert live_fake.control("GET", "/stubs").json()["count"] == 0  # nothing was sent

    form.get_by_label("Answer JSON").fill('{"InvoiceNo": "{{ request.query.no }}"}')
    form.get_by_label("Status").fill("99")
    form.get_by_label("Headers (JSON)").fill('{"Content-Length": "4"}')
    form.get_by_role("button", name="Add the stub").click()
    expect(form.locator('[data-error-for="status"]')).to_contain_text("between 200 and 599")
    expect(form.locator('[data-error-for="headers"]')).to_contain_text("is not a header name")
    assert live_fake.control("GET", "/stubs").json()["count"] == 0

    form.get_by_label("Status").fill("")
    form.get_by_label("Headers (JSON)").fill('{"X-Stubbed": "yes"}')
    form.get_by_label("Query must have (JSON)").fill('{"no": "INV*"}')
    form.get_by_label("Wrap the JSON in the Tharstern envelope").check()
    form.get_by_label("Times").fill("2")
    form.get_by_role("button", name="Add the stub").click()
    expect(page.locator("#flash")).to_have_text("Stub 1 added: * invoices/*.")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("no=INV*")
    expect(row).to_contain_text("envelope")

    answer = live_fake.api().get(f"{live_fake.url}/TharsternAPI/api/invoices/9", params={"no": "INV-9"}, timeout=10)
    assert answer.status_code == 200 and answer.json()["Details"] == {"InvoiceNo": "INV-9"}
    assert answer.headers["X-Stubbed"] == "yes"
    page.reload()
    expect(page.locator("tbody tr").first.locator("td").nth(7)).to_have_text("1")  # hits

    page.locator("tbody tr").first.get_by_role("button", name="Remove").click()
    expect(page.locator("#flash")).to_have_text("Stub 1 removed.")
    expect(page.locator(".empty")).to_contain_text("No stubs")
