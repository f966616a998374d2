"""``CONNECTOR_API_TOKEN`` (issue 14, item 7): with it set, a caller that is not on loopback reaches
the REST API, the admin pages and the API documents only with ``Authorization: Bearer <token>``
(or the token as Basic's password, which is how a browser sends it); whatever else it sends is
a 401 that changes nothing and is logged without what was sent. The signed webhook receiver and
loopback callers are not asked for it."""
from __future__ import annotations

import base64
import logging

import pytest

from harness.run.http import control_headers

TOKEN = "api-token-4f1c"
STRANGER = {"REMOTE_ADDR": "203.0.113.7"}
LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}
BEHAVIOUR = "/api/storefronts/default/behaviour"


def basic(password: str, user: str = "admin") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def shop(make_connector):
    return make_connector(API_TOKEN=TOKEN)


ATTEMPTS = {
    "no token": {},
    "wrong bearer": {"Authorization": "Bearer not-the-token"},
    "token as a prefix": {"Authorization": f"Bearer {TOKEN}x"},
    "empty bearer": {"Authorization": "Bearer "},
    "wrong basic password": {"Authorization": basic("guess")},
    "token as the basic user": {"Authorization": basic("", user=TOKEN)},
    "basic not base64": {"Authorization": "Basic @@@"},
    "control token instead": {"X-Control-Token": TOKEN},
    "forwarded from loopback": {"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1"},
}


@pytest.mark.parametrize("headers", ATTEMPTS.values(), ids=ATTEMPTS.keys())
def test_a_stranger_without_the_token_changes_and_reads_nothing(shop, headers, caplog):
    before = shop.client.get(BEHAVIOUR, environ_base=LOOPBACK).json
    with caplog.at_level(logging.WARNING, logger="connector.auth"):
        changed = shop.client.patch(BEHAVIOUR, json={"markup_percent": 99}, headers=headers, environ_base=STRANGER)
        read = shop.client.get("/api/storefronts/default/connection", headers=headers, environ_base=STRANGER)
        page = shop.client.get("/admin/default/connection", headers=headers, environ_base=STRANGER)
        shopping = shop.client.get("/shop/default/as/1/", headers=headers, environ_base=STRANGER)
        document = shop.client.get("/openapi.json", headers=headers, environ_base=STRANGER)
    for answer in (changed, read, page, shopping, document):
        assert answer.status_code == 401, answer.data[:200]
        assert answer.json["message"].startswith("The connector's API and admin pages answer loopback callers")
        assert answer.headers.getlist("WWW-Authenticate") == ['Bearer realm="Connect:Tharstern connector"',
                                                             'Basic realm="Connect:Tharstern connector"']
    assert shop.client.get(BEHAVIOUR, environ_base=LOOPBACK).json == before
    assert "203.0.113.7" in caplog.text and TOKEN not in caplog.text and "not-the-token" not in caplog.text


@pytest.mark.parametrize("authorization", [f"Bearer {TOKEN}", f"bearer  {TOKEN} ", basic(TOKEN), basic(TOKEN, "")])
def test_the_token_lets_a_stranger_in(shop, authorization):
    headers = {"Authorization": authorization}
    answer = shop.client.patch(BEHAVIOUR, json={"markup_percent": 12.5}, headers=headers, environ_base=STRANGER)
    assert answer.status_code == 200, answer.json
    assert shop.client.get(BEHAVIOUR, environ_base=LOOPBACK).json["markup_percent"] == 12.5
    assert shop.client.get("/admin/default/connection", headers=headers, environ_base=STRANGER).status_code == 200


def test_loopback_callers_and_the_signed_receiver_need_no_token(shop):
    assert shop.client.get(BEHAVIOUR, environ_base={"REMOTE_ADDR": "::1"}).status_code == 200
    receiver = shop.client.post("/webhooks/tharstern/default", json={"EventId": "x"}, environ_base=STRANGER)
    assert receiver.status_code == 401 and "CONNECTOR_API_TOKEN" not in receiver.get_data(as_text=True)


def test_without_a_token_configured_nobody_is_asked(make_connector):
    open_shop = make_connector()
    assert open_shop.client.get(BEHAVIOUR, environ_base=STRANGER).status_code == 200


def test_a_numeric_token_from_the_environment_is_text(make_connector):
    numeric = make_connector(API_TOKEN=90210)
    assert numeric.client.get(BEHAVIOUR, headers={"Authorization": "Bearer 90210"},
                              environ_base=STRANGER).status_code == 200


def test_the_harness_sends_the_token_to_the_connector_only(monkeypatch):
    monkeypatch.setenv("CONNECTOR_API_TOKEN", TOKEN)
    monkeypatch.delenv("CONNECTOR_CONTROL_TOKEN", raising=False)
    assert control_headers("connector") == {"Authorization": f"Bearer {TOKEN}"}
    assert "Authorization" not in control_headers("tharstern")
