"""Junk in every form of the fake's console: the control plane refuses it and the console shows
each message next to the field it is about (or under the form when it is about no field), the
page stays usable, and nothing changes in the fake."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.fixtures.console import trainer_world


def submit(scope, button: str, page, errors: dict[str, str], *, exact: bool = False) -> None:
    """Click ``button`` in ``scope`` and expect each error (field name -> text) next to its field,
    with the page not reloaded (no success message)."""
    scope.get_by_role("button", name=button, exact=exact).click()
    for name, text in errors.items():
        expect(scope.locator(f'[data-error-for="{name}"]')).to_contain_text(text)
    expect(page.locator("#flash")).to_be_hidden()


def test_overview_reset_and_clock(page, live_fake):
    page.goto(live_fake.ui())
    reset = page.locator("form", has=page.get_by_role("button", name="Reset the fake"))
    reset.get_by_label("Seed").fill("forty-two")
    submit(reset, "Reset the fake", page, {"seed": "must be an integer"})

    page.goto(live_fake.ui("/clock"))
    form = page.locator("form", has=page.get_by_role("button", name="Advance", exact=True))
    for junk, message in [("soon", "must be a number of seconds"), ("-5", "between 0 and"), ("1e999", "must be a number")]:
        form.get_by_label("Advance by").fill(junk)
        submit(form, "Advance", page, {"advance_s": message}, exact=True)
        expect(form.get_by_label("Advance by")).to_have_attribute("aria-invalid", "true")
    form.get_by_label("Advance by").fill("")
    submit(form, "Advance", page, {"advance_s": "must be a number"}, exact=True)
    assert live_fake.control("GET", "/clock").json()["offset_s"] == 0


def test_customer_form(page, live_fake):
    page.goto(live_fake.ui("/customers"))
    form = page.locator("#add-customer")
    form.get_by_label("Uplift").fill("lots")
    form.get_by_label("Main contact e-mail").fill("not-an-email")
    form.get_by_label("Contact e-mail", exact=True).fill("nobody")
    form.get_by_label("Code", exact=True).fill("ACME01")
    submit(form, "Add the customer", page, {
        "Name": "is required", "UpliftPercentage": "'lots' is not a valid number",
        "ContactEmail": "not an e-mail address", "Contacts[0].Name": "is required",
        "Contacts[0].Email": "'nobody' is not an e-mail address", "Code": "already exists"})
    form.get_by_label("Name", exact=True).fill("<b>Bold</b> & Co")
    form.get_by_label("Code", exact=True).fill("")
    form.get_by_label("Uplift").fill("-5")
    form.get_by_label("Main contact e-mail").fill("")
    form.get_by_label("Contact e-mail", exact=True).fill("")
    form.get_by_role("button", name="Add the customer").click()
    expect(page.locator("#flash")).to_have_text("Customer BBOLDB001 (<b>Bold</b> & Co) created.")
    expect(page.locator("#customer-BBOLDB001")).to_contain_text("<b>Bold</b> & Co")  # shown as text, not markup


def test_stock_item_row(page, live_fake):
    page.goto(live_fake.ui("/stock-items?keyword=PEN"))
    row = page.locator("#item-1006")
    row.get_by_label("Unit price").fill("abc")
    row.get_by_label("Available").fill("-5")
    row.get_by_label("Balance").fill("1e999")
    submit(row, "Save", page, {"UnitPrice": "'abc' is not a valid number", "Available": "must be at least 0",
                               "Balance": "is not a valid number"})
    expect(row.get_by_label("Unit price")).to_have_attribute("aria-invalid", "true")
    product = next(p for p in live_fake.control("GET", "/state").json()["products"] if p["ID"] == 1006)
    assert (product["UnitPrice"], product["Available"], product["Balance"]) == (1.25, 500, 500)


def test_stock_item_filters_refuse_junk_next_to_the_field(page, live_fake):
    page.goto(live_fake.ui("/stock-items?type=Bogus&page=x&keyword=PEN"))
    expect(page.locator('.filters [data-error-for="type"]')).to_contain_text("Must be one of")
    expect(page.locator('.filters [data-error-for="page"]')).to_contain_text("Not a valid integer")
    expect(page.locator("#item-1006")).to_be_visible()  # the valid filter still applies
    expect(page.locator("#item-1007")).to_have_count(0)


def test_job_forms(page, live_fake, receiver):
    world = trainer_world(live_fake, receiver.url)
    job_no = world.job_nos[0]
    assert live_fake.control("POST", f"/jobs/{job_no}/status", json={"Status": "FinishedProduction"}).ok
    page.goto(live_fake.ui("/jobs"))
    moves = page.locator(f"#move-{job_no}")
    moves.get_by_label("Tracking number").fill("1Z" * 60)
    submit(moves, "→ Despatched", page, {"TrackingNumber": "at most 100 characters"})
    moves.get_by_label("Tracking number").fill("1Z999")
    submit(moves, "→ OnHold", page, {"TrackingNumber": "only applies when the job reaches Despatched"})

    page.goto(live_fake.ui(f"/jobs/{world.job_nos[1]}"))
    walk = page.locator(f"#walk-{world.job_nos[1]}")
    submit(walk, "Walk to Despatched", page, {"TrackingNumber": "is required when the job is Despatched"})
    auto = page.locator(f"#auto-{world.job_nos[1]}")
    auto.get_by_label("A step every").fill("soon")
    auto.get_by_label("or every").fill("0")
    submit(auto, "Progress automatically", page, {"after_s": "'soon' is not a valid number",
                                                   "after_reads": "must be at least 1"})
    auto.get_by_label("A step every").fill("60")
    auto.get_by_label("or every").fill("3")
    submit(auto, "Progress automatically", page, {"after_reads": "not both"})

    page.goto(live_fake.ui("/jobs"))
    default = page.locator("#default-plan")
    default.get_by_label("To").select_option("Entered")
    submit(default, "Set for new jobs", page, {"_form": "cannot progress to Entered"})
    states = {j["JobNo"]: j["Status"]["Name"] for j in live_fake.control("GET", "/state").json()["jobs"]}
    assert states == {job_no: "FinishedProduction", world.job_nos[1]: "Entered", world.job_nos[2]: "Entered"}
    assert live_fake.control("GET", "/jobs/auto").json()["default"] is None


def test_moving_a_job_someone_else_moved_says_why(page, live_fake):
    (job_no, *_) = trainer_world(live_fake).job_nos
    page.goto(live_fake.ui("/jobs"))
    assert live_fake.control("POST", f"/jobs/{job_no}/status", json={"Status": "Cancelled"}).ok  # meanwhile
    moves = page.locator(f"#move-{job_no}")
    submit(moves, "→ OutOnProof", page, {"_form": "cannot move from Cancelled to OutOnProof"})


def test_webhook_forms(page, live_fake, receiver):
    world = trainer_world(live_fake, receiver.url)
    page.goto(live_fake.ui("/webhooks"))
    subscribe = page.locator("#subscribe")
    subscribe.get_by_label("Receiver URL").fill("ftp://example")
    for event in ("JobStatusChanged", "JobDespatched", "StockItemChanged"):
        subscribe.get_by_label(event).uncheck()
    subscribe.get_by_label("Secret").fill("s3cret")
    submit(subscribe, "Subscribe", page, {"Url": "http:// or https://", "Events": "non-empty list",
                                          "Secret": "Standard Webhooks secret"})
    policy = page.locator("#policy")
    policy.get_by_label("Attempts at most").fill("0")
    policy.get_by_label("Timeout s").fill("fast")
    submit(policy, "Save the policy", page, {"max_attempts": "between 1 and 100", "timeout_s": "must be a number"})
    flush = page.locator("form", has=page.get_by_role("button", name="Deliver everything due now"))
    flush.get_by_label("Wait at most").fill("-1")
    submit(flush, "Deliver everything due now", page, {"timeout_s": "between 0 and 600"})

    assert live_fake.control("POST", f"/jobs/{world.job_nos[0]}/status", json={"Status": "OutOnProof"}).ok
    live_fake.control("POST", "/webhooks/flush", json={"timeout_s": 10})
    page.goto(live_fake.ui("/webhooks"))
    assert live_fake.control("DELETE", f"/webhooks/subscriptions/{world.subscription_id}").ok  # meanwhile
    delivery = page.locator("#delivery-1")
    submit(delivery, "Redeliver", page, {"_form": "was deleted"})
    assert live_fake.control("GET", "/webhooks/policy").json()["max_attempts"] == 4
    assert live_fake.control("GET", "/webhooks/subscriptions").json()["count"] == 0


def test_webhook_filters_refuse_junk_next_to_the_field(page, live_fake):
    page.goto(live_fake.ui("/webhooks?limit=-1&subscription_id=abc&status=lost"))
    filters = page.locator("form.filters")
    expect(filters.locator('[data-error-for="limit"]')).to_contain_text("Must be greater than or equal to 0")
    expect(filters.locator('[data-error-for="subscription_id"]')).to_contain_text("Not a valid integer")
    expect(filters.locator('[data-error-for="status"]')).to_contain_text("Must be one of")


def test_allowlist_form(page, live_fake):
    page.goto(live_fake.ui("/allowlist"))
    form = page.locator("form", has=page.get_by_role("button", name="Save the allowlist"))
    form.get_by_label("Allowed addresses").fill("127.0.0.1\nnot-an-ip")
    form.get_by_label("Hang for").fill("forever")
    submit(form, "Save the allowlist", page, {"ips": "'not-an-ip' is not an IP address or network",
                                              "hang_s": "between 0 and 600"})
    assert live_fake.control("GET", "/allowlist").json()["ips"] == []


def test_fault_forms(page, live_fake, receiver):
    trainer_world(live_fake, receiver.url)
    page.goto(live_fake.ui("/faults"))
    api = page.locator("#add-api-fault")
    api.get_by_label("Kind").select_option("latency")
    api.get_by_label("Status").fill("abc")
    api.get_by_label("Probability").fill("2")
    api.get_by_label("Times").fill("0")
    submit(api, "Add the fault", page, {"delay_ms": "a latency fault needs delay_ms > 0",
                                        "status": "between 400 and 599", "probability": "(0, 1]",
                                        "times": "positive integer"})
    hooks = page.locator("#add-webhook-fault")
    hooks.get_by_label("Kind").select_option("delay")
    hooks.get_by_label("Copies").fill("2")
    submit(hooks, "Add the fault", page, {"delay_s": "a delay fault needs delay_s", "copies": "not a field of a delay fault"})
    hooks.get_by_label("Kind").select_option("fail")
    hooks.get_by_label("Copies").fill("")
    hooks.get_by_label("Error (fail)").select_option("timeout")
    hooks.get_by_label("Retry-After").fill("30")
    submit(hooks, "Add the fault", page, {"retry_after_s": "only an answer with a status can carry Retry-After"})
    assert live_fake.control("GET", "/faults").json()["count"] == 0
    assert live_fake.control("GET", "/webhooks/faults").json()["count"] == 0

    fault_id = live_fake.control("POST", "/faults", json={"kind": "drop"}).json()["id"]
    page.reload()
    table = page.locator("section", has=page.get_by_role("heading", name="API faults")).locator("table")
    assert live_fake.control("DELETE", f"/faults/{fault_id}").ok  # meanwhile
    submit(table, "Remove", page, {"_form": f"fault {fault_id} does not exist"}, exact=True)
