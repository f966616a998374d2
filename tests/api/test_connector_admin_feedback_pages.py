"""Steps 6 and 7 of the admin pages through the Flask test client: the webhooks page (the
subscription, events with their outcome and copies, refused requests with their reason), the
orders pages (state, Tharstern order and job numbers, job history, tracking), the start page's
cards for both, every error of the REST routes behind their forms has a place next to a field,
junk in the address bar never breaks a page, and the watched fingerprint matches the REST answer
(so a page reloads only on news)."""
from __future__ import annotations

import html as html_lib
import re

import pytest

from connector.admin.reads_feedback import (EVENT_WATCH_KEYS, LIST_WATCH_KEYS, ORDER_WATCH_KEYS, fingerprint)

ADMIN = "/admin/default"
JUNK = [{"state": "<script>alert(1)</script>"}, {"state": "x" * 5000}, {"outcome": "\x00%"}, {"state": "[]"},
        {"outcome": "applied", "state": "queued", "limit": "-1"}, {"oid": "1 OR 1=1"}]


def html_of(connector, path: str, **kwargs) -> str:
    answer = connector.get(path, **kwargs)
    assert answer.status_code == 200 and answer.mimetype == "text/html", (path, answer.status_code)
    return answer.get_data(as_text=True)


def error_slots(html: str) -> set[str]:
    return {html_lib.unescape(name) for name in re.findall(r'data-error-for="([^"]+)"', html)}


def slot_for(key: str, slots: set[str]) -> str | None:
    """The slot admin.js puts an error of ``key`` in ("lines.0.quantity" -> "lines[0].quantity")."""
    bracketed = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", key)
    candidates = [bracketed]
    while re.search(r"[.\[]", candidates[-1]):
        candidates.append(re.sub(r"(\.[^.\[]*|\[\d+\])$", "", candidates[-1]))
    return next((c for c in candidates if c in slots), None)


def flat_errors(errors: dict, prefix: str = "") -> list[str]:
    keys = []
    for key, value in errors.items():
        name = f"{prefix}.{key}" if prefix else key
        keys += flat_errors(value, name) if isinstance(value, dict) else [name]
    return keys


def watched(html: str) -> tuple[str, str]:
    url = re.search(r'data-watch="([^"]+)"', html).group(1)
    return html_lib.unescape(url), html_lib.unescape(re.search(r'data-watch-print="([^"]*)"', html).group(1))


@pytest.mark.parametrize("path", ["/webhooks", "/orders", "/orders/1", "/orders/2", "/orders/3", "/orders/4"])
def test_junk_in_the_address_bar_never_breaks_a_page(connector, path):
    for query in JUNK:
        answer = connector.get(ADMIN + path, query_string=query)
        assert answer.status_code == 200, (path, query, answer.status_code)
        assert "<script>alert" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/default/orders/999", "/admin/default/orders/0", "/admin/default/orders/abc",
                                  "/admin/default/orders/99999999999999999999999", "/admin/acme/orders/1",
                                  "/admin/nope/webhooks", "/admin/%3Cb%3E/orders"])
def test_unknown_orders_and_storefronts_are_html_404s(connector, path):
    answer = connector.get(path)
    assert answer.status_code == 404 and answer.mimetype == "text/html", (path, answer.status_code)
    assert "<b>" not in answer.get_data(as_text=True)


def test_a_bad_filter_is_shown_next_to_its_field(connector):
    html = html_of(connector, ADMIN + "/orders", query_string={"state": "lost"})
    assert 'data-error-for="state" role="alert">Not one of the order states.</span>' in html
    assert "DEMO-1001" in html  # the list is shown without the bad filter
    html = html_of(connector, ADMIN + "/webhooks", query_string={"outcome": "lost"})
    assert 'data-error-for="outcome" role="alert">Not one of the outcomes.</span>' in html


def test_the_state_filter_shows_only_orders_in_that_state(connector):
    html = html_of(connector, ADMIN + "/orders", query_string={"state": "awaiting_approval"})
    assert "DEMO-1003" in html and "DEMO-1001" not in html and "held for approval" in html


def test_every_error_of_the_place_order_route_has_a_slot_next_to_a_field(connector):
    slots = error_slots(html_of(connector, ADMIN + "/orders"))
    bodies = [{"customer_id": "x", "lines": [{"variant_id": "x", "quantity": 0, "attribute_value_ids": ["x"]}],
               "reference": "<bad>", "awaiting_approval": "maybe"},
              {"lines": []}, {"customer_id": 999, "lines": [{"variant_id": 999, "quantity": 5}]},
              {"customer_id": 1, "lines": [{"variant_id": 4, "quantity": 10, "attribute_value_ids": [1]}]},
              {"customer_id": 1, "lines": [{"variant_id": 6, "quantity": 10}]}]
    for body in bodies:
        answer = connector.sf("POST", "/orders", json=body)
        assert 400 <= answer.status_code < 500, (body, answer.status_code)
        errors = answer.json.get("errors", {})
        keys = flat_errors(errors.get("json", errors))
        assert keys, (body, answer.json)
        for key in keys:
            assert slot_for(key, slots), (key, sorted(slots))


def test_the_forms_of_the_new_pages_are_rest_routes(connector):
    urls = connector.app.url_map.bind("localhost")
    seen = set()
    for path in ["/webhooks", "/orders", "/orders/3"]:
        for endpoint, method in re.findall(r'data-endpoint="([^"]+)" data-method="([^"]+)"',
                                           html_of(connector, ADMIN + path)):
            name, _ = urls.match(html_lib.unescape(endpoint), method=method)
            seen.add(name)
    assert {"feedback.sync_subscriptions", "feedback.reconcile_jobs", "orders.create_order", "orders.approve_order",
            "orders.move_workflow"} <= seen


def test_the_orders_pages_read_without_javascript(connector):
    listing = html_of(connector, ADMIN + "/orders")
    for text in ["DEMO-1001", "SO000900", "job <code>900001</code>", "InProduction", "1Z999AA10123456784",
                 "held for approval", "refused", "Insufficient stock for &#39;MUG-BRAND&#39;"]:
        assert text in listing, text
    detail = html_of(connector, ADMIN + "/orders/2")
    assert "<code>1Z999AA10123456784</code> (UPS)" in detail and "SO000901" in detail
    history = detail.split('class="inner history"')[1].split("</table>")[0]
    assert [s for s in ("Entered", "OutOnProof", "InProduction", "FinishedProduction", "Despatched") if s in history] \
        == ["Entered", "OutOnProof", "InProduction", "FinishedProduction", "Despatched"]
    held = html_of(connector, ADMIN + "/orders/3")
    assert "Approve the order" in held and "Nothing sent: the order is held" in held


def test_an_order_placed_and_approved_shows_its_new_state(connector):
    placed = connector.order(customer_id=1, reference="HELD-9", awaiting_approval=True,
                             lines=[{"variant_id": 4, "quantity": 10}])
    assert "held for approval" in html_of(connector, ADMIN + f"/orders/{placed['id']}")
    assert connector.sf("POST", f"/orders/{placed['id']}/approve").status_code == 200
    connector.sent(placed["id"])
    page = html_of(connector, ADMIN + f"/orders/{placed['id']}")
    assert "Sent to Tharstern as SO" in page and "approved " in page


def test_the_watched_fingerprint_is_the_rest_answer_s(connector):
    for path, keys in [("/orders/2", ORDER_WATCH_KEYS), ("/orders", LIST_WATCH_KEYS), ("/webhooks", EVENT_WATCH_KEYS)]:
        url, shown = watched(html_of(connector, ADMIN + path))
        answer = connector.get(url)
        assert answer.status_code == 200, url
        assert fingerprint(answer.json, keys) == shown, path
    url, shown = watched(html_of(connector, ADMIN + "/orders/2"))
    assert shown == "submitted|900002|Despatched|1Z999AA10123456784"


def test_fingerprint_walks_lists_and_empties_nulls():
    data = {"state": "queued", "lines": [{"job_no": None, "x": 1}, {"job_no": "7", "flag": True}]}
    assert fingerprint(data, ["state", "lines.job_no", "lines.flag"]) == "queued||7||true"
    assert fingerprint([{"id": 2, "state": "a"}, {"id": 1, "state": "b"}], ["id", "state"]) == "2|1|a|b"


def test_the_webhooks_page_before_and_after_syncing(connector, tharstern):
    before = html_of(connector, ADMIN + "/webhooks")
    assert "not synced" in before and "Sync the subscription" in before and "No events yet" in before
    answer = connector.sf("POST", "/subscriptions/sync")
    assert answer.status_code == 200, answer.json
    after = html_of(connector, ADMIN + "/webhooks")
    assert "Sync again" in after and "http://localhost/webhooks/tharstern/default" in after
    assert "JobStatusChanged, JobDespatched, StockItemChanged" in after


def test_refused_requests_are_listed_with_their_reason(connector):
    connector.sf("POST", "/subscriptions/sync")
    connector.post("/webhooks/tharstern/default", data=b"{}", headers={
        "webhook-id": "evt_<b>1</b>", "webhook-timestamp": "1", "webhook-signature": "v1,AAAA"})
    connector.post("/webhooks/tharstern/default", data=b"{}")
    page = html_of(connector, ADMIN + "/webhooks")
    refused = page.split('id="refusals"')[1]
    assert "webhook-timestamp is" in refused and "the connector&#39;s clock" in refused
    assert "missing header(s) webhook-id, webhook-timestamp, webhook-signature" in refused
    assert "evt_&lt;b&gt;1&lt;/b&gt;" in refused and "<b>" not in refused
    listed = connector.sf("GET", "/webhook-refusals").json
    assert [r["status"] for r in listed] == [401, 401] and listed[1]["webhook_id"] == "evt_<b>1</b>"
    assert "2 request(s) refused" in html_of(connector, ADMIN + "/")


def test_the_start_page_has_the_webhook_and_order_steps(connector):
    html = html_of(connector, ADMIN + "/")
    six = html.split('id="step-6"')[1].split('id="step-7"')[0]
    seven = html.split('id="step-7"')[1]
    assert "sync the subscription" in six and "to do" in six
    assert "4 order(s); 1 refused by Tharstern." in seven
    assert "2 of 4 line(s) have a Tharstern job, 1 a tracking number" in seven
    connector.reset("empty")
    assert "No orders yet" in html_of(connector, ADMIN + "/").split('id="step-7"')[1]


def test_what_a_customer_typed_is_shown_as_text_on_the_orders_pages(connector):
    person = connector.sf("POST", "/customers", json={"email": "x@example.com", "name": "<script>alert(1)</script>"}).json
    placed = connector.order(customer_id=person["id"], lines=[{"variant_id": 4, "quantity": 10}],
                             delivery_address={"name": "<b>Bold</b>"})
    for path in ["/orders", f"/orders/{placed['id']}"]:
        page = html_of(connector, ADMIN + path)
        assert "<script>alert" not in page and "<b>Bold" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


def test_the_connector_s_address_opens_the_admin_pages(connector):
    answer = connector.get("/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/")
    assert connector.get("/docs").status_code == 200
