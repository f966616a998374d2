"""The fake's console through the Flask test client: every page renders, every action form is a
control-plane route, junk in the address bar never breaks a page, and reading changes nothing."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from fake_tharstern.app import create_app
from tests.fixtures.webhooks import place_order

UI = "/_fake/ui"
PAGES = ["/", "/customers", "/stock-items", "/product-types", "/estimates", "/orders", "/jobs", "/jobs/100001", "/jobs/100002",
         "/webhooks", "/allowlist", "/faults", "/stubs", "/quirks", "/clock", "/journal", "/coverage", "/tenants"]
JUNK = [
    {"page": "abc"}, {"page": "-3"}, {"page": "99999999999999999999999"}, {"page": "0"},
    {"keyword": "<script>alert(1)</script>"}, {"keyword": "x" * 5000}, {"keyword": "\x00\x1f%"},
    {"status": "abc"}, {"status": "Nope"}, {"type": "Bogus"}, {"visible": "maybe"}, {"limit": "-1"},
    {"limit": "1e9"}, {"since": "yesterday"}, {"event": "JobExploded"}, {"job_no": "1", "stock_item_id": "2"},
    {"subscription_id": "[]"}, {"method": "' OR 1=1"}, {"path": "[[[**"}, {"_scheme": "x", "_external": "1"},
    {"customer": "WEB001", "page": "2"},
]


class Forms(HTMLParser):
    """Collects action forms (data-endpoint, data-method) and every src/href on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and "data-endpoint" in attributes:
            self.actions.append((attributes["data-method"], attributes["data-endpoint"]))
        for name in ("src", "href"):
            if attributes.get(name):
                self.links.append(attributes[name])


@pytest.fixture
def world(fake_client, fake_backend, auth):
    """The demo fixture plus an estimate, an order with two jobs (one despatched, one on a timed
    plan), a plan for new jobs, a subscription, an API fault and a webhook fault."""
    fake_client.post("/TharsternAPI/api/estrequest", headers=auth,
                     json={"ProductTypeID": 1, "Quantity": 100, "Customer": {"Code": "WEB001"}})
    place_order(fake_backend, 10, 20)
    fake_client.post("/_fake/webhooks/subscriptions", json={"Url": "http://127.0.0.1:9/h", "Events": ["JobDespatched"]})
    fake_client.post("/_fake/faults", json={"kind": "latency", "delay_ms": 1, "path": "*/nothing"})
    fake_client.post("/_fake/webhooks/faults", json={"kind": "duplicate"})
    fake_client.post("/_fake/jobs/100001/status", json={"Status": "Despatched", "TrackingNumber": "1Z"})
    fake_client.post("/_fake/jobs/100002/auto", json={"to": "Despatched", "after_s": 3600})
    fake_client.put("/_fake/jobs/auto", json={"to": "InProduction", "after_s": 60})
    fake_client.post("/_fake/stubs", json={"path": "invoices/*", "query": {"no": "1*"}, "json": {"n": "{{ now }}"},
                                           "headers": {"X-A": "b"}, "envelope": True, "times": 2})
    return fake_client


def parse(html: str) -> Forms:
    forms = Forms()
    forms.feed(html)
    return forms


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_as_html(world, path):
    answer = world.get(UI + path)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert "<h1>" in answer.get_data(as_text=True)


def test_every_action_is_a_control_plane_route_with_its_method(world, fake_app):
    urls = fake_app.url_map.bind("localhost")
    seen = set()
    world.get("/t/other/_fake/ui/")  # a named tenant: the tenants pages offer to remove it
    for page in [UI + path for path in PAGES] + ["/t/other/_fake/ui/tenants"]:
        for method, endpoint in parse(world.get(page).get_data(as_text=True)).actions:
            name, _args = urls.match(endpoint.removeprefix("/t/other"), method=method)
            assert name.startswith("control-"), (page, method, endpoint, name)
            seen.add(name)
    # the console can make every change the control plane offers, except seeding and putting a
    # snapshot in place (data for scenarios and machines); saving the state file shows only when
    # there is one (test_the_overview_offers_to_save_the_state_file)
    writes = {rule.endpoint for rule in fake_app.url_map.iter_rules()
              if rule.rule.startswith("/_fake/") and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert writes - seen == {"control-world.seed", "control-snapshots.put_snapshot", "control-snapshots.save_snapshot"}


def test_the_overview_offers_to_save_the_state_file(tmp_path):
    from fake_tharstern.app import create_app
    app = create_app({"TESTING": True, "STATE_FILE": str(tmp_path / "state.json")})
    try:
        page = app.test_client().get(UI + "/").get_data(as_text=True)
        assert str(tmp_path / "state.json") in page and "download a snapshot" in page
        assert ("POST", "/_fake/snapshot/save") in parse(page).actions
    finally:
        app.extensions["fake_tharstern"].close()


def test_pages_load_nothing_from_elsewhere(world):
    for path in PAGES:
        for link in parse(world.get(UI + path).get_data(as_text=True)).links:
            assert not link.startswith(("http:", "https:", "//")), (path, link)
    assert world.get(UI + "/static/console.js").status_code == 200
    assert world.get(UI + "/static/console.css").status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_junk_in_the_address_bar_never_breaks_a_page(world, path):
    for query in JUNK:
        answer = world.get(UI + path, query_string=query)
        assert answer.status_code == 200, (path, query, answer.status_code)
        assert "<script>alert" not in answer.get_data(as_text=True)


def test_a_bad_filter_is_shown_next_to_its_field_and_the_rest_still_applies(world):
    html = world.get(UI + "/journal", query_string={"status": "abc", "method": "GET"}).get_data(as_text=True)
    assert 'data-error-for="status" role="alert">Not a valid integer.</span>' in html
    html = world.get(UI + "/stock-items", query_string={"type": "Bogus", "keyword": "MUG"}).get_data(as_text=True)
    assert 'data-error-for="type" role="alert">Must be one of' in html
    assert 'id="item-1007"' in html and 'id="item-1006"' not in html
    html = world.get(UI + "/webhooks", query_string={"job_no": "100001", "stock_item_id": "1006"}).get_data(as_text=True)
    assert "filter by job or by stock item, not both" in html


def test_what_anyone_typed_is_shown_as_text(fake_client):
    fake_client.post("/_fake/customers", json={"Name": "<script>alert(1)</script>", "Code": "X<i>1"})
    html = fake_client.get(UI + "/customers").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "X&lt;i&gt;1" in html


def test_unknown_pages_and_jobs_are_html_404s(fake_client):
    for path, text in [("/nowhere", "no page"), ("/jobs/999999", "job 999999 does not exist"),
                       ("/jobs/%3Cb%3E", "job &lt;b&gt; does not exist")]:
        answer = fake_client.get(UI + path)
        assert answer.status_code == 404 and answer.mimetype == "text/html"
        assert text in answer.get_data(as_text=True)


def test_reading_the_console_changes_nothing(world, fake_backend):
    world.post("/_fake/jobs/100002/auto", json={"to": "Despatched", "after_reads": 1})
    journal, coverage = fake_backend.journal.entries(), world.get("/_fake/coverage").json
    for path in PAGES:
        world.get(UI + path)
    assert fake_backend.snapshot()["jobs"][1]["Status"]["Name"] == "Entered"  # GET api/jobs would have stepped it
    assert fake_backend.journal.entries() == journal
    assert world.get("/_fake/coverage").json == coverage


def test_pages_of_fifty_keep_their_filters(fake_client):
    products = [{"Code": f"BULK-{n:03d}", "Description": "bulk", "LinkedCustomers": [{"CustomerCode": "WEB001"}]}
                for n in range(120)]
    assert fake_client.post("/_fake/seed", json={"products": products}).status_code == 200
    fake_client.put("/_fake/quirks", json={"paging_start_index_is_page": True})  # the API's quirk, not the console's
    first = fake_client.get(UI + "/stock-items", query_string={"keyword": "bulk"}).get_data(as_text=True)
    assert first.count('<tr id="item-') == 50 and "Page 1 of 3" in first
    assert "page=2" in first and "keyword=bulk" in first
    last = fake_client.get(UI + "/stock-items", query_string={"keyword": "bulk", "page": 99}).get_data(as_text=True)
    assert last.count('<tr id="item-') == 20 and "Page 3 of 3" in last and "BULK-119" in last


def test_the_console_answers_loopback_only_and_stays_out_of_the_openapi_document(fake_app):
    client = fake_app.test_client()
    assert client.get(UI + "/", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 403
    assert client.get(UI + "/", environ_base={"REMOTE_ADDR": "127.0.0.9"}).status_code == 200
    assert not [p for p in client.get("/openapi.json").json["paths"] if p.startswith(UI)]


def test_the_large_catalog_is_shown_a_page_at_a_time():
    app = create_app({"TESTING": True, "FIXTURE": "large"})
    try:
        client = app.test_client()
        for path in PAGES[:7] + PAGES[9:]:
            assert client.get(UI + path).status_code == 200, path
        stock = client.get(UI + "/stock-items").get_data(as_text=True)
        assert stock.count('<tr id="item-') == 50 and "Page 1 of " in stock
        types = client.get(UI + "/product-types").get_data(as_text=True)
        assert types.count('<section class="panel" id="type-') == 20
    finally:
        app.extensions["fake_tharstern"].close()
