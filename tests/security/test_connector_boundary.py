"""The connector's boundary, attacked as a hostile page or client would: approving a held order,
resetting every table or clearing caches from another site; ``PUT /behaviour`` with a form body;
a rebound DNS name; a lone surrogate or NUL; a body nested 330 deep (signed webhooks: test_connector_bodies.py). Each test
checks the refusal and that nothing changed."""
from __future__ import annotations

import json

import pytest

from tests.fixtures.clients import plain_client

EVIL = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
FORM = "application/x-www-form-urlencoded"
SF = "/api/storefronts/default"


@pytest.fixture
def hostile(connector, connector_app):
    """A client that sends exactly what a test gives it; ``connector`` resets the demo data first."""
    return plain_client(connector_app)


def held_order(connector) -> int:
    placed = connector.order(customer_id=4, awaiting_approval=True, lines=[{"variant_id": 4, "quantity": 20}])
    assert placed["state"] == "awaiting_approval", placed
    return placed["id"]


def test_a_page_on_another_site_cannot_approve_a_held_order(connector, hostile):
    oid = held_order(connector)
    for attack in (dict(data="", content_type=FORM, headers=EVIL),            # a form post
                   dict(data="{}", content_type="text/plain", headers=EVIL),  # fetch with no preflight
                   dict(data="{}", content_type="text/plain"),                # a browser that sends no Origin
                   dict(json={}, headers={"Origin": "null"})):
        answer = hostile.post(f"{SF}/orders/{oid}/approve", **attack)
        assert answer.status_code in (403, 415), (attack, answer.status_code)
    assert connector.sf("GET", f"/orders/{oid}").json["state"] == "awaiting_approval"


@pytest.mark.parametrize("method, path", [
    ("POST", "/_control/reset"), ("POST", "/_control/clock"), (
        "POST", f"{SF}/cache/clear"), ("POST", f"{SF}/subscriptions/sync"),
    ("POST", f"{SF}/reconcile"), ("PUT", f"{SF}/connection"), ("POST", f"{SF}/customers"),
])
def test_state_changes_from_another_site_are_refused(connector, hostile, method, path):
    customers = connector.sf("GET", "/customers").json
    answer = hostile.open(path, method=method, data="fixture=empty&advance_s=9999", content_type=FORM, headers=EVIL)
    assert answer.status_code == 403 and "another site" in answer.json["message"]
    assert connector.sf("GET", "/customers").json == customers
    assert connector.runtime().clock.offset_s == 0


def test_put_behaviour_with_a_form_body_changes_nothing(connector, hostile):
    """It used to reset the settings: markup ignored, pricing and stock handling off."""
    connector.behaviour(markup_percent=15, handles_pricing=True)
    before = connector.sf("GET", "/behaviour").json
    answer = hostile.put(f"{SF}/behaviour", data="markup_percent=0", content_type=FORM)
    assert answer.status_code == 415
    assert FORM in answer.json["message"] and "Content-Type" in answer.json["errors"]["json"]
    assert connector.sf("GET", "/behaviour").json == before


def test_a_bodiless_state_change_needs_the_json_content_type_too(connector, hostile):
    answer = hostile.post("/_control/reset")
    assert answer.status_code == 415 and "'none'" in answer.json["message"]
    assert hostile.post("/_control/reset", content_type="application/json").status_code == 200


def test_the_admin_pages_own_request_passes(connector, hostile):
    """What admin.js sends from the admin page: same origin, JSON."""
    answer = hostile.patch(f"{SF}/behaviour", data=json.dumps({"markup_percent": 12}),
                           content_type="application/json",
                           headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 200 and answer.json["markup_percent"] == 12


@pytest.mark.parametrize("path", [f"{SF}/behaviour", "/admin/", "/_control/clock", "/openapi.json"])
def test_a_rebound_dns_name_is_refused(connector, path):
    answer = connector.get(path, headers={"Host": "rebind.evil.example:8920"})
    assert answer.status_code == 400 and "rebind.evil.example" in answer.json["message"]


def test_a_rebound_name_cannot_reset(connector):
    customers = connector.sf("GET", "/customers").json
    answer = connector.post("/_control/reset", json={"fixture": "empty"}, headers={"Host": "evil.example"})
    assert answer.status_code == 400
    assert connector.sf("GET", "/customers").json == customers


@pytest.mark.parametrize("text, problem", [("Bad\\ud800Co", "surrogate"), ("Nul\\u0000Co", "NUL")])
def test_text_that_cannot_be_stored_is_refused_naming_the_field(connector, text, problem):
    customers = connector.sf("GET", "/customers").json
    answer = connector.post(f"{SF}/customers", content_type="application/json",
                            data='{"email": "x@y.test", "name": "' + text + '"}')
    assert answer.status_code == 400
    assert list(answer.json["errors"]["json"]) == ["name"] and problem in answer.json["errors"]["json"]["name"][0]
    assert connector.sf("GET", "/customers").json == customers


def test_a_body_nested_330_deep_is_a_400_not_a_recursion_error(connector):
    before = connector.sf("GET", "/behaviour").json
    for depth in (330, 100_000):
        answer = connector.put(f"{SF}/behaviour", content_type="application/json",
                               data='{"markup_percent": ' + "[" * depth + "]" * depth + "}")
        assert answer.status_code == 400 and "deeper than 64" in answer.json["message"]
    assert connector.sf("GET", "/behaviour").json == before


@pytest.mark.parametrize("pages", ["/admin/", "/shop/default/"])
def test_admin_and_shop_pages_send_a_content_security_policy_and_refuse_framing(connector, pages):
    page = connector.get(pages)
    if page.status_code in (301, 302, 308):
        page = connector.get(page.headers["Location"])
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["X-Content-Type-Options"] == "nosniff"


def test_a_405_says_which_methods_the_resource_takes(connector):
    answer = connector.delete(f"{SF}/behaviour")
    assert answer.status_code == 405
    assert {"GET", "PUT", "PATCH"} <= {m.strip() for m in answer.headers["Allow"].split(",")}

