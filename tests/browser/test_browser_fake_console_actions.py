"""A trainer playing the Tharstern user in the fake's console, in Chromium: every change goes
through the control plane, shows on the pages, and reaches the storefront's side (the webhook
receiver, the API)."""
from __future__ import annotations

import http.client

from playwright.sync_api import expect

from tests.fixtures.console import trainer_world
from tests.fixtures.webhooks import SECRET, verify_signature


def error_next_to(scope, name: str):
    return scope.locator(f'[data-error-for="{name}"]')


def flash(page):
    return page.locator("#flash")


def test_a_job_moves_to_despatched_with_its_tracking_number(page, live_fake, receiver):
    world = trainer_world(live_fake, receiver.url)
    job_no = world.job_nos[1]
    page.goto(live_fake.ui("/jobs"))
    row = page.locator(f"#job-{job_no}")
    row.get_by_role("button", name="→ OutOnProof").click()
    expect(flash(page)).to_have_text(f"Job {job_no} is now OutOnProof.")
    expect(row.locator(".status").first).to_have_text("OutOnProof")
    row.get_by_role("link", name=job_no).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Job {job_no}")
    moves = page.locator(f"#move-{job_no}")
    moves.get_by_role("button", name="→ InProduction").click()
    expect(flash(page)).to_have_text(f"Job {job_no} is now InProduction.")
    moves.get_by_role("button", name="→ FinishedProduction").click()
    expect(flash(page)).to_have_text(f"Job {job_no} is now FinishedProduction.")

    moves.get_by_role("button", name="→ Despatched").click()  # no tracking number yet
    expect(error_next_to(moves, "TrackingNumber")).to_contain_text("is required when the job is Despatched")
    expect(moves.get_by_label("Tracking number")).to_have_attribute("aria-invalid", "true")
    moves.get_by_label("Tracking number").fill("1Z999AA10123456784")
    moves.get_by_label("Courier").fill("UPS")
    moves.get_by_role("button", name="→ Despatched").click()
    expect(flash(page)).to_have_text(f"Job {job_no} is now Despatched.")

    history = page.locator("section", has=page.get_by_role("heading", name="History"))
    expect(history.locator("tbody tr").nth(0)).to_contain_text("Entered")
    expect(history.locator("tbody tr").nth(4)).to_contain_text("1Z999AA10123456784 UPS")
    expect(history.locator("table").nth(1)).to_contain_text("1Z999AA10123456784")

    page.goto(live_fake.ui("/webhooks"))
    page.get_by_role("button", name="Deliver everything due now").click()
    expect(flash(page)).to_contain_text("Flushed")
    page.goto(live_fake.ui(f"/jobs/{job_no}"))
    deliveries = page.locator("section", has=page.get_by_role("heading", name="Webhook deliveries about this job"))
    despatch = deliveries.locator("tbody tr", has_text="JobDespatched").first
    expect(despatch.locator(".status").first).to_have_text("delivered")
    expect(despatch.locator("table.attempts")).to_contain_text("HTTP 204")
    expect(deliveries.locator("tr", has_text="JobStatusChanged")).to_have_count(4)

    received = [r for r in receiver.received if r.json["Event"] == "JobDespatched"]
    assert len(received) == 1 and verify_signature(SECRET, received[0].headers, received[0].body)
    assert received[0].json["Data"]["Delivery"]["TrackingNumber"] == "1Z999AA10123456784"
    assert received[0].json["Data"]["Delivery"]["Courier"] == "UPS"


def test_a_price_change_reaches_the_storefront_as_stock_item_changed(page, live_fake, receiver):
    trainer_world(live_fake, receiver.url)
    page.goto(live_fake.ui("/stock-items?keyword=PEN-BRAND"))
    row = page.locator("#item-1006")
    row.get_by_label("Unit price").fill("1.4")
    row.get_by_label("Available").fill("250")
    row.get_by_role("button", name="Save").click()
    expect(flash(page)).to_have_text("Stock item PEN-BRAND: unit price 1.4, available 250, balance 500, visible true.")
    expect(page.locator("#item-1006").get_by_label("Unit price")).to_have_value("1.4")

    page.goto(live_fake.ui("/webhooks"))
    page.get_by_role("button", name="Deliver everything due now").click()
    expect(flash(page)).to_contain_text("Flushed")
    page.get_by_label("Event", exact=True).select_option("StockItemChanged")
    page.get_by_role("button", name="Show").click()
    rows = page.locator("section", has=page.get_by_role("heading", name="Deliveries")).locator("tbody tr", has_text="stockitem:1006")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".status").first).to_have_text("delivered")
    rows.first.get_by_text("Body").click()
    expect(rows.first.locator("pre")).to_contain_text('"New": 1.4')

    event = next(r.json for r in receiver.received if r.json["Event"] == "StockItemChanged")
    assert event["Data"]["Changes"] == {"UnitPrice": {"Old": 1.25, "New": 1.4}, "Available": {"Old": 480, "New": 250}}


def test_hiding_a_stock_item_takes_it_out_of_the_api(page, live_fake):
    page.goto(live_fake.ui("/stock-items?keyword=MUG"))
    row = page.locator("#item-1007")
    row.get_by_label("visible").uncheck()
    row.get_by_role("button", name="Save").click()
    expect(flash(page)).to_contain_text("visible false")
    expect(page.locator("#item-1007")).to_have_class("hidden-item")
    codes = [p["Code"] for p in live_fake.api().get(f"{live_fake.url}/TharsternAPI/api/products",
                                                       params={"customerCode": "WEB001"}).json()["Details"]["Items"]]
    assert "MUG-BRAND" not in codes and "PEN-BRAND" in codes


def test_add_and_remove_an_api_fault(page, live_fake):
    page.goto(live_fake.ui("/faults"))
    form = page.locator("#add-api-fault")
    form.get_by_label("Kind").select_option("error")
    form.get_by_label("Path").fill("/TharsternAPI/api/products*")
    form.get_by_label("Status").fill("503")
    form.get_by_label("Times").fill("1")
    form.get_by_role("button", name="Add the fault").click()
    expect(flash(page)).to_contain_text("added: error on * /TharsternAPI/api/products*.")
    (fault,) = live_fake.control("GET", "/faults").json()["items"]
    assert (fault["kind"], fault["status"], fault["times"]) == ("error", 503, 1)
    expect(flash(page)).to_have_text(f"API fault {fault['id']} added: error on * /TharsternAPI/api/products*.")
    table = page.locator("section", has=page.get_by_role("heading", name="API faults")).locator("table")
    expect(table.locator("tbody tr")).to_have_count(1)

    api = live_fake.api()
    assert api.get(f"{live_fake.url}/TharsternAPI/api/products").status_code == 503
    assert api.get(f"{live_fake.url}/TharsternAPI/api/products").status_code == 200
    page.goto(live_fake.ui("/journal?path=products"))
    expect(page.locator("tbody tr").nth(1)).to_contain_text(f"fault #{fault['id']} error")

    page.goto(live_fake.ui("/faults"))
    expect(table.locator("tbody tr").first).to_contain_text("error")
    table.get_by_role("button", name="Remove").click()
    expect(flash(page)).to_have_text(f"API fault {fault['id']} removed.")
    expect(page.get_by_text("No API faults")).to_be_visible()
    assert live_fake.control("GET", "/faults").json()["count"] == 0


def test_add_and_remove_a_webhook_delivery_fault(page, live_fake, receiver):
    world = trainer_world(live_fake, receiver.url)
    # retries wait 5-10 minutes of the fake's clock, so only the clock page's "+1 hour" makes one due
    assert live_fake.control("PUT", "/webhooks/policy", json={"backoff_base_s": 600, "backoff_cap_s": 3600}).ok
    page.goto(live_fake.ui("/faults"))
    form = page.locator("#add-webhook-fault")
    form.get_by_label("Kind").select_option("fail")
    form.get_by_label("Event").select_option("JobStatusChanged")
    form.get_by_label("Subscription").select_option(str(world.subscription_id))
    form.get_by_label("Status (fail)").fill("500")
    form.get_by_label("Times").fill("1")
    form.get_by_role("button", name="Add the fault").click()
    expect(flash(page)).to_have_text("Webhook fault 1 added: fail on JobStatusChanged.")

    assert live_fake.control("POST", f"/jobs/{world.job_nos[0]}/status", json={"Status": "OutOnProof"}).ok
    live_fake.control("POST", "/webhooks/flush", json={"timeout_s": 10})
    page.goto(live_fake.ui(f"/jobs/{world.job_nos[0]}"))
    delivery = page.locator("tr", has_text="JobStatusChanged").first
    expect(delivery.locator(".status").first).to_have_text("pending")
    expect(delivery.locator("table.attempts")).to_contain_text("HTTP 500")
    expect(delivery.locator("table.attempts")).to_contain_text("fault #1")

    page.goto(live_fake.ui("/clock"))
    expect(page.locator("section", has=page.get_by_role("heading", name="Waiting on the clock"))).to_contain_text("JobStatusChanged")
    page.get_by_role("button", name="+1 hour").click()
    expect(flash(page)).to_contain_text("The clock now says")
    live_fake.control("POST", "/webhooks/flush", json={"timeout_s": 10})
    page.goto(live_fake.ui(f"/jobs/{world.job_nos[0]}"))
    delivery = page.locator("tr", has_text="JobStatusChanged").first
    expect(delivery.locator(".status").first).to_have_text("delivered")
    expect(delivery.locator("table.attempts tbody tr")).to_have_count(2)

    page.goto(live_fake.ui("/faults"))
    page.locator("section", has=page.get_by_role("heading", name="Webhook delivery faults")).get_by_role("button", name="Remove", exact=True).click()
    expect(flash(page)).to_have_text("Webhook fault 1 removed.")
    assert live_fake.control("GET", "/webhooks/faults").json()["count"] == 0


def test_blocking_127_0_0_2_in_the_allowlist(page, live_fake):
    page.goto(live_fake.ui("/allowlist"))
    expect(page.locator("main")).to_contain_text("Your browser reaches the fake from 127.0.0.1")
    form = page.locator("form", has=page.get_by_role("button", name="Save the allowlist"))
    form.get_by_label("Allowed addresses").fill("127.0.0.1")
    form.get_by_label("What a blocked client meets").select_option("forbidden")
    form.get_by_role("button", name="Save the allowlist").click()
    expect(flash(page)).to_have_text("Allowlist saved: 127.0.0.1 (forbidden).")

    assert call_from("127.0.0.2", live_fake.url) == 403
    assert call_from("127.0.0.1", live_fake.url) == 200
    page.reload()
    expect(page.locator("section", has=page.get_by_role("heading", name="Clients turned away lately"))).to_contain_text("127.0.0.2")

    page.get_by_role("button", name="Let everyone in").click()
    expect(flash(page)).to_have_text("Allowlist emptied: everyone may call the API.")
    assert call_from("127.0.0.2", live_fake.url) == 200


def call_from(source: str, url: str) -> int:
    """Ask for a token from ``source`` (a loopback address of this machine); the HTTP status."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", "/TharsternAPI/api/authentication/generateapitoken?email=x&password=y&applicationId=z")
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_subscribe_a_url_and_delete_the_subscription(page, live_fake, receiver):
    page.goto(live_fake.ui("/webhooks"))
    form = page.locator("#subscribe")
    form.get_by_label("Receiver URL").fill(receiver.url)
    form.get_by_label("StockItemChanged").uncheck()
    form.get_by_label("Secret").fill(SECRET)
    form.get_by_role("button", name="Subscribe").click()
    expect(flash(page)).to_have_text(f"Subscription 1 made for {receiver.url}. Its signing secret: {SECRET}")
    expect(page.locator("#subscription-1")).to_contain_text("JobStatusChanged, JobDespatched")
    listed = live_fake.control("GET", "/webhooks/subscriptions").json()["items"]
    assert [(s["Url"], s["Events"]) for s in listed] == [(receiver.url, ["JobStatusChanged", "JobDespatched"])]
    page.locator("#subscription-1").get_by_role("button", name="Delete").click()
    expect(flash(page)).to_have_text("Subscription 1 deleted.")
    expect(page.get_by_text("Nobody is subscribed")).to_be_visible()


def test_reset_from_the_overview(page, live_fake):
    trainer_world(live_fake)
    page.goto(live_fake.ui())
    expect(page.locator("a.card", has_text="jobs")).to_contain_text("3")
    page.get_by_label("Fixture").select_option("empty")
    page.get_by_role("button", name="Reset the fake").click()  # the confirmation is accepted
    expect(flash(page)).to_have_text("Reset to the empty fixture (seed 42).")
    expect(page.locator("a.card", has_text="stock items")).to_contain_text("0")
    state = live_fake.control("GET", "/state", params={"summary": "true"}).json()
    assert state["fixture"] == "empty" and state["counts"]["jobs"] == 0 and state["counts"]["products"] == 0
