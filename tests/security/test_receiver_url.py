"""Where Tharstern sends a storefront's webhooks (issue 14, item 6): never to an address a request
header names (``Host``, ``X-Forwarded-Host``, ``Forwarded``), but to ``CONNECTOR_PUBLIC_URL`` or
the address the connector listens on; a server listening on every interface without
``CONNECTOR_PUBLIC_URL`` refuses to guess. A re-sync replaces the subscription the last one made,
even when the URL changed in between, so Tharstern never holds two."""
from __future__ import annotations

import pytest
import requests

from connector.services.feedback.subscriptions import served_root

SPOOFED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https",
           "Forwarded": "host=evil.example;proto=https"}


def subscriptions(tharstern) -> list[dict]:
    return tharstern._send("GET", "webhooks/subscriptions")["items"]


def urls(tharstern) -> list[str]:
    return sorted(s.get("Url") or s.get("url") for s in subscriptions(tharstern))


def test_a_spoofed_host_never_becomes_the_receiver_url(connector_server, tharstern):
    http = requests.Session()
    http.trust_env = False
    sync = f"{connector_server.url}/api/storefronts/default/subscriptions/sync"
    answer = http.post(sync, headers={**SPOOFED, "Content-Type": "application/json"}, timeout=30)
    assert all("evil" not in url for url in urls(tharstern)), urls(tharstern)
    if answer.status_code == 200:  # (the request guard may refuse the unknown Host outright instead)
        assert answer.json()["url"] == f"{connector_server.url}/webhooks/tharstern/default"
    plain = http.post(sync, headers={"Content-Type": "application/json"}, timeout=30)
    assert plain.status_code == 200, plain.text
    assert urls(tharstern) == [f"{connector_server.url}/webhooks/tharstern/default"]


def test_listening_on_every_interface_needs_a_public_url(make_connector, tharstern):
    connector = make_connector(ALLOWED_HOSTS=["evil.example"])  # past the request guard's Host check
    answer = connector.sf("POST", "/subscriptions/sync", headers={"Host": "evil.example"},
                          environ_overrides={"SERVER_NAME": "0.0.0.0", "SERVER_PORT": "8920"})
    assert answer.status_code == 409, answer.json
    assert "CONNECTOR_PUBLIC_URL" in answer.json["errors"]
    assert subscriptions(tharstern) == []


def test_a_resync_replaces_the_earlier_subscription_even_at_a_new_url(make_connector, tharstern):
    shop = make_connector(PUBLIC_URL="https://old.shop.example", ALLOWED_HOSTS=["evil.example"])
    first = shop.sf("POST", "/subscriptions/sync", headers={"Host": "evil.example"})
    assert first.status_code == 200, first.json
    assert urls(tharstern) == ["https://old.shop.example/webhooks/tharstern/default"]
    shop.app.config["PUBLIC_URL"] = "https://new.shop.example/"
    second = shop.sf("POST", "/subscriptions/sync").json
    assert urls(tharstern) == ["https://new.shop.example/webhooks/tharstern/default"]
    assert second["replaced"] == [first.json["tharstern_id"]]
    third = shop.sf("POST", "/subscriptions/sync").json
    assert [s.get("ID") or s.get("id") for s in subscriptions(tharstern)] == [third["tharstern_id"]]
    assert third["replaced"] == [second["tharstern_id"]]


@pytest.mark.parametrize("environ, root", [
    ({"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8920"}, "http://127.0.0.1:8920"),
    ({"SERVER_NAME": "shop.example", "SERVER_PORT": "443", "wsgi.url_scheme": "https"}, "https://shop.example"),
    ({"SERVER_NAME": "::1", "SERVER_PORT": "8920"}, "http://[::1]:8920"),
    ({"SERVER_NAME": "0.0.0.0", "SERVER_PORT": "8920"}, None),
    ({"SERVER_NAME": "::", "SERVER_PORT": "8920"}, None),
    ({"SERVER_NAME": "127.0.0.1", "SERVER_PORT": ""}, None),
    ({"HTTP_HOST": "evil.example"}, None),
])
def test_the_served_root_comes_from_the_listening_socket(environ, root):
    assert served_root(environ) == root
