"""The fake's console in Chromium: every page with the trainer's demo world, one screenshot each,
and every page readable with JavaScript off."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.console import trainer_world

# (path, screenshot name, heading, something the page must show with the demo world)
PAGES = [
    ("/", "fake-console-overview", "Overview", "Play the Tharstern user"),
    ("/customers", "fake-console-customers", "Customers", "jane.buyer@acme.example"),
    ("/stock-items", "fake-console-stock-items", "Stock items", "MUG-BRAND"),
    ("/product-types", "fake-console-product-types", "Product types", "the API cannot estimate work type Labels"),
    ("/estimates", "fake-console-estimates", "Estimates", "WEB-1001/1"),
    ("/orders", "fake-console-orders", "Sales orders", "WEB-1002"),
    ("/jobs", "fake-console-jobs", "Jobs", "→ OutOnProof"),
    ("/webhooks", "fake-console-webhooks", "Webhooks", "HTTP 503"),
    ("/allowlist", "fake-console-allowlist", "Allowlist", "Clients turned away lately"),
    ("/faults", "fake-console-faults", "Faults", "Add an API fault"),
    ("/stubs", "fake-console-stubs", "Stubs", "INV-"),
    ("/quirks", "fake-console-quirks", "Quirks", "estimate_failed_but_created"),
    ("/clock", "fake-console-clock", "Clock", "a step every 3600 s"),
    ("/journal", "fake-console-journal", "Journal", "orders/submit"),
    ("/coverage", "fake-console-coverage", "Coverage", "POST orders/submit"),
]


@pytest.fixture
def world(live_fake, receiver):
    """The trainer's world, with something on every page: a job despatched whose JobDespatched
    delivery failed once and waits for its retry, a job on a timed progression, an API fault."""
    made = trainer_world(live_fake, receiver.url)
    first, second = made.job_nos[:2]
    assert live_fake.control("PUT", "/webhooks/policy", json={"backoff_base_s": 600, "backoff_cap_s": 3600}).ok
    assert live_fake.control("POST", "/webhooks/faults", json={"kind": "fail", "status": 503, "times": 1,
                                                              "event": "JobDespatched"}).ok
    assert live_fake.control("POST", f"/jobs/{first}/status",
                             json={"Status": "Despatched", "TrackingNumber": "1Z999AA10123456784", "Courier": "UPS"}).ok
    assert live_fake.control("POST", f"/jobs/{second}/auto", json={"to": "Despatched", "after_s": 3600}).ok
    assert live_fake.control("POST", "/faults", json={"kind": "error", "status": 503, "path": "*/products*", "times": 2}).ok
    assert live_fake.control("POST", "/faults", json={"kind": "error", "status": 429, "path": "*/contacts*",
                                                     "headers": {"Retry-After": "120"}}).ok
    assert live_fake.control("POST", "/stubs", json={"method": "GET", "path": "invoices", "query": {"customerCode": "WEB*"},
                                                    "envelope": True, "times": 5,
                                                    "json": {"Items": [{"InvoiceNo": "INV-{{ request.query.customerCode }}"}]}}).ok
    assert live_fake.control("POST", "/webhooks/flush", json={"timeout_s": 10}).json()["drained"]
    return made


def test_every_page_shows_the_demo_world(page, shoot, live_fake, world):
    """Through the navigation, as a trainer would: each page, its heading, something of the
    demo world on it, and its screenshot."""
    page.goto(live_fake.ui())
    nav = page.get_by_role("navigation", name="Console pages")
    for _path, name, heading, sample in PAGES:
        label = "Orders" if heading == "Sales orders" else heading
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")
        expect(page.locator("main")).to_contain_text(sample)
        shoot(page, name)
    page.goto(live_fake.ui("/jobs"))
    page.get_by_role("link", name=world.job_nos[0], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Job {world.job_nos[0]}")
    expect(page.locator("main")).to_contain_text("1Z999AA10123456784")
    shoot(page, "fake-console-job")


def test_pages_read_without_javascript(no_js_page, live_fake, world):
    for path, _name, heading, sample in PAGES:
        no_js_page.goto(live_fake.ui(path))
        expect(no_js_page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(no_js_page.locator("main")).to_contain_text(sample)
    expect(no_js_page.locator("noscript")).to_have_count(1)


def test_without_javascript_a_button_explains_instead_of_changing_anything(no_js_page, live_fake):
    (job_no, *_) = trainer_world(live_fake).job_nos
    no_js_page.goto(live_fake.ui("/jobs"))
    no_js_page.locator(f"#move-{job_no}").get_by_role("button", name="→ OutOnProof").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("JavaScript needed")
    expect(no_js_page.locator("main")).to_contain_text("/_fake/jobs/<JobNo>/status")
    assert live_fake.control("GET", f"/jobs/{job_no}/status").json()["Status"]["Name"] == "Entered"
