"""The fake Tharstern's boundary, attacked as a hostile page or client would: a form post or a
``text/plain`` body from another site, a rebound DNS name, a lone surrogate, a body nested 5,000
deep. Each test sends the attack with a client that adds nothing of its own and checks the
refusal and that the fake's state did not change."""
from __future__ import annotations

import json

import pytest

from fake_tharstern.app import create_app
from tests.fixtures.clients import plain_client
from tests.fixtures.fake import DEMO_EMAIL, issue_token

EVIL = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
FORM = "application/x-www-form-urlencoded"
API = "/TharsternAPI/api"


@pytest.fixture
def hostile(fake_app):
    """A client that sends exactly what a test gives it (no JSON content type of its own)."""
    return plain_client(fake_app)


def state(fake_client) -> dict:
    """Everything in the fake, but the clock's reading (real time moves on; its offset is kept)."""
    answer = fake_client.get("/_fake/state")
    assert answer.status_code == 200
    return {**answer.json, "clock": answer.json["clock"]["offset_s"]}


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/_fake/reset", "fixture=empty"),
    ("POST", "/_fake/clock", "advance_s=86400"),
    ("POST", "/_fake/faults", "kind=error&status=503"),
    ("DELETE", "/_fake/faults", ""),
    ("POST", "/_fake/seed", "users=attacker"),
    ("PUT", "/_fake/allowlist", "ips=10.0.0.1"),
])
def test_a_form_post_from_another_site_changes_nothing_on_the_control_plane(fake_client, hostile, method, path,
                                                                             body):
    fake_client.post("/_fake/faults", json={"kind": "error", "status": 500, "path": "/nowhere*"})
    before = state(fake_client)
    answer = hostile.open(path, method=method, data=body, content_type=FORM, headers=EVIL)
    assert answer.status_code == 403, answer.json
    assert "another site" in answer.json["message"]
    assert state(fake_client) == before


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},                       # an older browser: Origin only
    {"Sec-Fetch-Site": "cross-site"},                       # Sec-Fetch-Site only
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:8920"},  # the connector's pages next door
    {"Origin": "null"},                                     # a sandboxed frame or a file: page
    {"Origin": "http://localhost.evil.example"},
])
def test_a_json_request_from_another_site_is_refused_too(fake_client, headers):
    before = state(fake_client)
    answer = fake_client.post("/_fake/clock", json={"advance_s": 86400}, headers=headers)
    assert answer.status_code == 403
    assert state(fake_client)["clock"] == before["clock"]


def test_the_demo_password_cannot_be_changed_from_another_site(fake_client):
    seeded = fake_client.post("/_fake/seed", headers=EVIL,
                              json={"users": [{"Email": DEMO_EMAIL, "Password": "owned"}]})
    assert seeded.status_code == 403
    assert issue_token(fake_client)  # the old password still works


@pytest.mark.parametrize("content_type", ["text/plain", FORM, "multipart/form-data; boundary=x", None])
def test_a_state_change_without_a_json_content_type_is_refused_naming_the_type(fake_client, hostile, content_type):
    """A ``text/plain`` body is what a page can send cross-site without a CORS preflight (from a
    browser that sends no Origin); bodiless requests need the type too."""
    fake_client.post("/_fake/faults", json={"kind": "error", "status": 500, "path": "/nowhere*"})
    before = state(fake_client)
    answer = hostile.delete("/_fake/faults", data="{}" if content_type else None, content_type=content_type)
    assert answer.status_code == 415
    assert repr(content_type or "none") in answer.json["message"]
    assert "Content-Type" in answer.json["errors"]
    assert state(fake_client) == before


def test_the_console_s_own_request_passes(fake_client, hostile):
    """What console.js sends from the console's page: same origin, JSON."""
    answer = hostile.post("/_fake/clock", data=json.dumps({"advance_s": 60}), content_type="application/json",
                          headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 200
    assert state(fake_client)["clock"] == 60


def test_the_faked_api_keeps_tharstern_s_rules(fake_client, hostile, auth):
    """Tharstern's API is called by servers: no Origin check (docs/security.md); its content-type
    rule is Web API's own (a 415 in Web API's words, docs/fake-vs-real.md), not the guard's."""
    answer = hostile.post(f"{API}/customers/create", data=json.dumps({"Name": "Other Site Ltd"}),
                          content_type="application/json", headers={**auth, **EVIL})
    assert answer.status_code == 200 and answer.json["Status"]["Success"] is True
    text = hostile.post(f"{API}/customers/create", data=json.dumps({"Name": "Plain Text Ltd"}),
                        content_type="text/plain", headers=auth)
    assert text.status_code == 415 and "ExceptionMessage" in text.json  # Web API's shape, not the guard's


@pytest.mark.parametrize("path", ["/_fake/state", "/_fake/ui/", f"{API}/products", "/docs"])
def test_a_rebound_dns_name_is_refused(fake_client, auth, path):
    """A page on evil.example whose name now points at 127.0.0.1 reads nothing."""
    answer = fake_client.get(path, headers={**auth, "Host": "evil.example:8910"})
    assert answer.status_code == 400
    assert "evil.example" in answer.get_data(as_text=True)


def test_a_rebound_name_cannot_change_state_either(fake_client):
    before = state(fake_client)
    answer = fake_client.post("/_fake/reset", json={"fixture": "empty"}, headers={"Host": "evil.example"})
    assert answer.status_code == 400 and answer.json["errors"] == {"Host": ["'evil.example' is not an allowed host"]}
    assert state(fake_client) == before


@pytest.mark.parametrize("host", ["localhost:8910", "127.0.0.1", "127.0.0.2:80", "[::1]:8910", "app.localhost"])
def test_loopback_names_are_answered(fake_client, host):
    assert fake_client.get("/_fake/state", headers={"Host": host}).status_code == 200


def test_configured_hosts_are_answered():
    app = create_app({"TESTING": True, "ALLOWED_HOSTS": ["fake.lan", ".ci.example"]})
    try:
        client = app.test_client()
        for host in ("fake.lan", "FAKE.LAN:8910", "ci.example", "runner-7.ci.example"):
            assert client.get("/_fake/state", headers={"Host": host}).status_code == 200, host
        for host in ("fake.lan.evil.example", "evilci.example", "evil.example"):
            assert client.get("/_fake/state", headers={"Host": host}).status_code == 400, host
    finally:
        app.extensions["fake_tharstern"].close()


def test_a_lone_surrogate_is_refused_naming_the_field_and_stores_nothing(fake_client, auth):
    """It used to answer 500, store the customer, and break customers, state and the console."""
    before = fake_client.get(f"{API}/customers", headers=auth).json["Details"]["TotalItemCount"]
    answer = fake_client.post(f"{API}/customers/create", headers=auth, content_type="application/json",
                              data='{"Name": "Bad\\ud800Co", "ContactEmail": "a@b.test"}')
    assert answer.status_code == 400
    assert list(answer.json["ModelState"]) == ["Name"] and "surrogate" in answer.json["ModelState"]["Name"][0]
    assert fake_client.get(f"{API}/customers", headers=auth).json["Details"]["TotalItemCount"] == before
    assert fake_client.get("/_fake/state").status_code == 200
    assert fake_client.get("/_fake/ui/").status_code == 200


@pytest.mark.parametrize("path, body, field", [
    ("/_fake/customers", '{"Name": "Ok", "Contacts": [{"Name": "\\udfff"}]}', "Contacts[0].Name"),
    ("/_fake/seed", '{"customers": [{"Code": "X\\ud83d", "Name": "X"}]}', "customers[0].Code"),
    ("/_fake/faults", '{"kind": "error", "path": "/a", "\\ud800": 1}', "\\ud800"),
])
def test_lone_surrogates_are_refused_on_the_control_plane(fake_client, path, body, field):
    before = state(fake_client)
    answer = fake_client.post(path, data=body, content_type="application/json")
    assert answer.status_code == 400 and field in answer.json["errors"], answer.json
    assert state(fake_client) == before


def test_a_whole_surrogate_pair_is_ordinary_text(fake_client, auth):
    answer = fake_client.post(f"{API}/customers/create", headers=auth, content_type="application/json",
                              data='{"Name": "Smile \\ud83d\\ude00 Ltd"}')
    assert answer.status_code == 200
    assert answer.json["Details"]["Items"][0]["Name"] == "Smile \U0001F600 Ltd"


@pytest.mark.parametrize("path", [f"{API}/orders/submit", f"{API}/estrequest", "/_fake/seed", "/_fake/faults"])
def test_a_body_nested_5000_deep_is_a_400(fake_client, auth, path):
    before = state(fake_client)
    answer = fake_client.post(path, headers=auth, content_type="application/json",
                              data='{"Orders": ' + "[" * 5000 + "]" * 5000 + "}")
    assert answer.status_code == 400
    assert "deeper than" in answer.get_data(as_text=True)
    assert state(fake_client) == before


def test_nesting_within_the_limits_is_read_as_usual(fake_client, auth):
    """256 levels under the API (ASP.NET's MaxDepth), 64 on the control plane."""
    deep_ok = '{"Name": "Deep", "Extra": ' + "[" * 250 + "]" * 250 + "}"
    assert fake_client.post(f"{API}/customers/create", headers=auth, data=deep_ok,
                            content_type="application/json").status_code == 200
    too_deep = '{"Name": "Deep", "Extra": ' + "[" * 65 + "]" * 65 + "}"
    assert fake_client.post("/_fake/customers", data=too_deep, content_type="application/json").status_code == 400


def test_console_pages_send_a_content_security_policy_and_refuse_framing(fake_client):
    page = fake_client.get("/_fake/ui/")
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in page.get_data(as_text=True)  # no inline script the policy would block


@pytest.mark.parametrize("method, path, allowed", [
    ("DELETE", f"{API}/products", "GET"),
    ("PUT", "/_fake/reset", "POST"),
    ("POST", "/_fake/state", "GET"),
])
def test_a_405_says_which_methods_the_resource_takes(fake_client, auth, method, path, allowed):
    answer = fake_client.open(path, method=method, headers=auth, json={})
    assert answer.status_code == 405
    assert allowed in [m.strip() for m in answer.headers["Allow"].split(",")]


def test_a_405_wins_over_the_content_type_rule(hostile):
    """A method the route does not take changes nothing: it is answered 405 with Allow, not 415."""
    answer = hostile.put("/_fake/coverage", data="x", content_type="text/plain")
    assert answer.status_code == 405 and "DELETE" in answer.headers["Allow"]


def test_a_refused_api_request_is_in_the_journal(fake_client, auth):
    fake_client.post(f"{API}/customers/create", headers=auth, data='{"Name": "\\ud800"}',
                     content_type="application/json")
    entries = fake_client.get("/_fake/journal", query_string={"path": "*customers/create"}).json["items"]
    assert [e["status"] for e in entries] == [400]

