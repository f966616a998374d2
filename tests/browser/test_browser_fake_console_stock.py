"""The console's forms for the two "escalate to Tharstern" fixes and its new views, in Chromium:
create a stock item, link and unlink it and other items to customer codes (the API's
customer-scoped list follows), open an estimate's request and answer, confirm before deleting a
webhook subscription, and the despatch fields' visible labels."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.fixtures.console import trainer_world


def visible_codes(live_fake, customer: str) -> set[str]:
    answer = live_fake.api().get(f"{live_fake.url}/TharsternAPI/api/products", timeout=10,
                                 params={"customerCode": customer, "number": 500}).json()
    return {p["Code"] for p in answer["Details"]["Items"]} if "Details" in answer else {p["Code"] for p in answer["Items"]}


def test_create_a_stock_item_and_link_and_unlink_customer_codes(page, live_fake):
    page.goto(live_fake.ui("/stock-items"))
    page.locator("#new-stock-item summary").click()
    form = page.locator("#new-stock-item-form")
    form.get_by_label("Code", exact=True).fill("BC-STD")
    form.get_by_label("Linked to customer code").fill("NOSUCH")
    form.get_by_role("button", name="Create the stock item").click()
    expect(form.locator('[data-error-for="Code"]')).to_have_text("A stock item with code 'BC-STD' already exists.")
    expect(form.locator('[data-error-for="LinkedCustomers[0].CustomerCode"]')).to_have_text("customer 'NOSUCH' does not exist")
    form.get_by_label("Code", exact=True).fill("POSTER-A2")
    form.get_by_label("Description").fill("A2 Poster")
    form.get_by_label("Product type").select_option(label="2 A5 Flyers")
    form.get_by_label("Unit price").fill("3.5")
    form.get_by_label("Linked to customer code").fill("WEB001")
    form.get_by_role("button", name="Create the stock item").click()
    expect(page.locator("#flash")).to_contain_text("Stock item POSTER-A2 created with ID")
    assert "POSTER-A2" in visible_codes(live_fake, "WEB001")
    assert "POSTER-A2" not in visible_codes(live_fake, "INITECH")

    row = page.locator("tr", has=page.get_by_text("POSTER-A2", exact=True))
    link = row.locator("form.link-form")
    link.get_by_label("Link to customer code").fill("NOPE")
    link.get_by_role("button", name="Link").click()
    expect(link.locator('[data-error-for="CustomerCode"]')).to_have_text("customer 'NOPE' does not exist")
    link.get_by_label("Link to customer code").fill("initech")
    link.get_by_role("button", name="Link").click()
    expect(page.locator("#flash")).to_have_text("Stock item POSTER-A2 is linked to the customer code.")
    assert "POSTER-A2" in visible_codes(live_fake, "INITECH")

    row.get_by_role("button", name="Unlink WEB001").click()  # the page's dialog handler confirms
    expect(page.locator("#flash")).to_have_text("Stock item POSTER-A2 is no longer linked to WEB001.")
    expect(row.locator("td.links")).not_to_contain_text("WEB001")
    assert "POSTER-A2" not in visible_codes(live_fake, "WEB001")


def test_an_estimates_request_and_answer(page, live_fake):
    world = trainer_world(live_fake)
    page.goto(live_fake.ui("/estimates"))
    page.locator(f"#estimate-{world.estimate_id} a").click()
    exchange = page.locator("section.exchange")
    expect(exchange).to_have_count(1)
    expect(exchange.locator("pre.request")).to_contain_text('"ProductTypeID"')
    expect(exchange.locator("pre.answer-body")).to_contain_text(f'"ID": {world.estimate_id}')
    live_fake.control("DELETE", "/journal")
    page.reload()
    expect(page.locator("#no-exchange")).to_contain_text("The journal no longer holds the request")


def test_deleting_a_subscription_asks_first(browser, live_fake):
    world = trainer_world(live_fake, "http://127.0.0.1:9/hook")
    context = browser.new_context()
    page = context.new_page()
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.goto(live_fake.ui("/webhooks"))
    row = page.locator(f"#subscription-{world.subscription_id}")
    row.get_by_role("button", name="Delete").click()
    expect(row).to_be_visible()
    assert asked and asked[0].startswith(f"Delete subscription {world.subscription_id}? Tharstern stops sending")
    assert len(live_fake.control("GET", "/webhooks/subscriptions").json()["items"]) == 1
    page.once("dialog", lambda dialog: answer(dialog, True))
    row.get_by_role("button", name="Delete").click()
    expect(page.locator("#flash")).to_have_text(f"Subscription {world.subscription_id} deleted.")
    context.close()


def test_despatch_fields_have_visible_labels(page, live_fake):
    world = trainer_world(live_fake)
    moved = live_fake.control("POST", f"/jobs/{world.job_nos[0]}/status", json={"Status": "FinishedProduction"})
    assert moved.status_code == 200, moved.text
    page.goto(live_fake.ui("/jobs"))
    moves = page.locator(f"#move-{world.job_nos[0]}")
    for label in ("Tracking number", "Courier"):
        expect(moves.locator("label", has_text=label)).to_be_visible()
