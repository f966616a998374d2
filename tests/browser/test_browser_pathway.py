"""The whole Connect:Tharstern pathway in Chromium, as a trainer walks it, in the browser only:
configure the connection and check it, map a variant and an attribute value, give a department
its code, turn on automatic linking, subscribe to webhooks, place an order as a customer whom
Tharstern knows by e-mail (auto-linked), play the Tharstern user in the fake's console to move
the job to Despatched, and see the tracking number arrive on the order's page (which refreshes
itself when the webhook lands)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

TRACKING = "1Z999AA10000000042"


def error_next_to(scope, name: str):
    return scope.locator(f'[data-error-for="{name}"]')


def flash(page):
    return page.locator("#flash")


def connect(page, admin_site) -> None:
    page.goto(admin_site.page("/connection"))
    form = page.locator("#connection-settings")
    form.get_by_label("API URL").fill(admin_site.fake.api_url)
    form.get_by_label("Email", exact=True).fill("integration@demo.test")
    form.get_by_label("Password").fill("tharstern")
    form.get_by_label("Application ID").fill("infigo-training")
    form.get_by_label("Storefront Customer Code").fill("WEB001")
    form.get_by_label("Outgoing IP").fill("127.0.0.1")
    form.get_by_role("button", name="Save", exact=True).click()
    expect(flash(page)).to_have_text("Connection settings saved. Now Check Connection.")
    page.locator("#check-connection").get_by_role("button", name="Check Connection").click()
    expect(page.locator("#check-result")).to_contain_text("Connection OK.")


def map_catalog_and_customers(page, admin_site) -> None:
    page.goto(admin_site.page("/variants/6"))
    page.get_by_label("Start typing the product name or code").press_sequentially("letter")
    expect(page.locator("#connect-link-list tbody tr")).to_have_count(1)
    page.get_by_role("radio", name="LTR-A4").check()
    page.get_by_role("button", name="Save External Reference").click()
    expect(flash(page)).to_have_text("Saved External Reference: variant 6 is linked to LTR-A4.")

    page.goto(admin_site.page("/attributes"))
    black = page.locator("#attribute-value-9")
    black.get_by_label("Node of Black").fill("Ref2")
    black.get_by_label("Value of Black").fill("Black ink")
    black.get_by_role("button", name="Save").click()
    expect(flash(page)).to_have_text("Colour: Black → Ref2 = Black ink.")

    page.goto(admin_site.page("/customers"))
    globex = page.locator("#department-2")
    globex.get_by_label("ExternalId of Globex").fill("GLOBEX")
    globex.get_by_role("button", name="Save Connect External Id").click()
    expect(flash(page)).to_have_text("Department Globex: Tharstern customer code GLOBEX.")
    auto = page.locator("#auto-link-form")
    auto.get_by_label(re.compile("^Use ExternalId as CustomerCode")).check()
    auto.get_by_role("button", name="Save").click()
    expect(flash(page)).to_have_text("Use ExternalId as CustomerCode is true.")


def subscribe(page, admin_site, shoot) -> None:
    page.goto(admin_site.page("/webhooks"))
    expect(page.locator("#subscription-status")).to_contain_text("not synced")
    page.get_by_role("button", name="Sync the subscription").click()
    expect(flash(page)).to_contain_text("Tharstern sends JobStatusChanged, JobDespatched, StockItemChanged to")
    expect(page.locator("#subscription-status")).to_contain_text("synced")
    expect(page.locator("#subscribed-url")).to_have_text(f"{admin_site.url}/webhooks/tharstern/default")


def place_order(page, admin_site) -> str:
    """Places the order; returns its page's URL once the outbox has sent it (the job number shows)."""
    page.goto(admin_site.page("/orders"))
    form = page.locator("#place-order-form")
    form.get_by_label("Customer").select_option(label="Acme Accounts <accounts@acme.example>")
    form.get_by_label("Product").select_option(label="Letterheads — A4")
    form.get_by_label("Quantity").fill("0")
    form.get_by_role("button", name="Place the order").click()
    expect(error_next_to(form, "lines[0].quantity")).to_have_text("Must be greater than or equal to 1 and less than or equal to 10000000.")
    form.get_by_label("Quantity").fill("250")
    form.get_by_label("Order number").fill("TRAIN-1")
    form.get_by_role("button", name="Place the order").click()
    expect(flash(page)).to_contain_text("Order TRAIN-1 placed")
    expect(flash(page)).to_contain_text("The customer code is ACME01 (linked automatically by e-mail).")
    row = page.locator("tr", has=page.get_by_role("link", name="TRAIN-1"))
    expect(row).to_contain_text("sent")  # the list refreshes itself once the outbox has sent it
    row.get_by_role("link", name="TRAIN-1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order TRAIN-1")
    expect(page.locator("#customer-code")).to_contain_text("ACME01 linked automatically by e-mail")
    expect(page.locator("#line-1 .job-no")).to_have_text(re.compile(r"^\d+$"))
    return page.url


def despatch_in_the_fake(page, admin_site, job_no: str) -> None:
    page.goto(f"{admin_site.fake.url}/_fake/ui/jobs/{job_no}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Job {job_no}")
    moves = page.locator(f"#move-{job_no}")
    for status in ("OutOnProof", "InProduction", "FinishedProduction"):
        moves.get_by_role("button", name=f"→ {status}").click()
        expect(flash(page)).to_have_text(f"Job {job_no} is now {status}.")
    moves.get_by_label("Tracking number").fill(TRACKING)
    moves.get_by_label("Courier").fill("UPS")
    moves.get_by_role("button", name="→ Despatched").click()
    expect(flash(page)).to_have_text(f"Job {job_no} is now Despatched.")


def test_the_whole_pathway_as_a_trainer_walks_it(page, admin_site, shoot):
    connect(page, admin_site)
    map_catalog_and_customers(page, admin_site)
    subscribe(page, admin_site, shoot)
    order_url = place_order(page, admin_site)
    job_no = page.locator("#line-1 .job-no").inner_text().strip()
    expect(page.locator("#line-1 .order-no")).not_to_have_text("not yet")

    despatch_in_the_fake(page, admin_site, job_no)

    page.goto(order_url)
    line = page.locator("#line-1")
    expect(line.locator(".tracking")).to_contain_text(TRACKING, timeout=60_000)  # the webhook lands; the page reloads
    expect(line.locator(".job-status")).to_have_text("Despatched")
    history = line.locator("table.history tbody tr")
    expect(history.first).to_contain_text("Entered")
    expect(history.last).to_contain_text("Despatched")
    expect(history).to_have_count(5)
    shoot(page, "connector-order")

    page.goto(admin_site.page("/orders"))
    expect(page.locator("tr", has=page.get_by_role("link", name="TRAIN-1"))).to_contain_text(TRACKING)
    shoot(page, "connector-orders")

    page.goto(admin_site.page("/webhooks"))
    events = page.locator("#events tbody tr")
    expect(events.first).to_contain_text("JobDespatched")
    expect(events.first).to_contain_text("accepted, applied")
    expect(page.locator("#events")).to_contain_text(f"job:{job_no}")
    shoot(page, "connector-webhooks")

    page.goto(admin_site.page("/"))
    expect(page.locator("#step-6")).to_contain_text("Tharstern sends job status and tracking to this storefront.")
    expect(page.locator("#step-7")).to_contain_text("3 of 5 line(s) have a Tharstern job, 2 a tracking number")
