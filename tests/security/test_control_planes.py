"""Both control planes (the fake's ``/_fake``, the connector's ``/_control``) answer callers on
loopback, and callers elsewhere only with the configured token; the caller is the socket peer,
whatever the headers say. Every control route of both documents is covered, and one test makes
the call over a real socket from a non-loopback address of this machine."""
from __future__ import annotations

import logging
import socket

import pytest
import requests

from connector.app import close_app, create_app as create_connector
from connector.control_guard import allowed, is_control_path
from fake_tharstern.app import create_app as create_fake
from harness.server_thread import ServerThread

REMOTE = {"REMOTE_ADDR": "192.0.2.10"}
TOKEN = "s3same-0pen"


@pytest.fixture(scope="module")
def guarded_connector(tmp_path_factory):
    database = tmp_path_factory.mktemp("guarded") / "c.sqlite"
    app = create_connector({"DATABASE_URL": f"sqlite:///{database}", "TEST_CONTROLS": True,
                            "CONTROL_TOKEN": TOKEN, "THARSTERN_URL": "http://127.0.0.1:9/TharsternAPI"})
    yield app
    close_app(app)


@pytest.fixture(scope="module")
def guarded_fake():
    app = create_fake({"TESTING": True, "CONTROL_TOKEN": TOKEN})
    yield app
    app.extensions["fake_tharstern"].close()


def control_operations(app, prefix: str) -> list[tuple[str, str]]:
    spec = app.test_client().get("/openapi.json").json
    found = [(method.upper(), path) for path, item in spec["paths"].items() if path.startswith(prefix)
             for method in item if method in {"get", "post", "put", "patch", "delete"}]
    assert found, f"no {prefix} operations in the document"
    return found


def concrete(path: str) -> str:
    return path.replace("{", "").replace("}", "").replace("job_no", "100001").replace("product_id", "1006")


@pytest.mark.parametrize("server", ["fake", "connector"])
def test_every_control_route_refuses_a_remote_caller_without_the_token(server, guarded_fake, guarded_connector):
    app, prefix = (guarded_fake, "/_fake") if server == "fake" else (guarded_connector, "/_control")
    client = app.test_client()
    operations = control_operations(app, prefix) + ([("GET", "/_fake/ui"), ("GET", "/_fake/ui/jobs")]
                                                     if server == "fake" else [])
    for method, path in operations:
        for headers in ({}, {"X-Control-Token": "wrong"}, {"X-Control-Token": ""},
                        {"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1"}):
            answer = client.open(concrete(path), method=method, json={}, environ_base=REMOTE, headers=headers)
            assert answer.status_code == 403, (method, path, headers, answer.status_code)
            assert "loopback" in answer.json["message"]


@pytest.mark.parametrize("server", ["fake", "connector"])
def test_the_token_or_a_loopback_peer_lets_the_caller_in(server, guarded_fake, guarded_connector):
    app = guarded_fake if server == "fake" else guarded_connector
    path = "/_fake/clock" if server == "fake" else "/_control/clock"
    client = app.test_client()
    assert client.get(path, environ_base=REMOTE, headers={"X-Control-Token": TOKEN}).status_code == 200
    for loopback in ("127.0.0.1", "127.3.2.1", "::1"):
        assert client.get(path, environ_base={"REMOTE_ADDR": loopback}).status_code == 200, loopback
    if server == "connector":  # the rest of the connector is not the guard's business
        assert client.get("/openapi.json", environ_base=REMOTE).status_code == 200
        assert client.get("/api/storefronts/default/behaviour", environ_base=REMOTE).status_code == 200


def test_without_a_configured_token_only_loopback_gets_in(tmp_path):
    app = create_connector({"DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite'}", "TEST_CONTROLS": True})
    try:
        client = app.test_client()
        assert client.get("/_control/clock", environ_base=REMOTE).status_code == 403
        assert client.get("/_control/clock", environ_base=REMOTE, headers={"X-Control-Token": ""}).status_code == 403
        assert client.get("/_control/clock").status_code == 200
    finally:
        close_app(app)


def test_a_numeric_token_from_the_environment_works_on_both(tmp_path, monkeypatch):
    """Environment values are parsed as JSON: ``…_CONTROL_TOKEN=90210`` arrives as the int 90210."""
    monkeypatch.setenv("FAKE_THARSTERN_CONTROL_TOKEN", "90210")
    monkeypatch.setenv("CONNECTOR_CONTROL_TOKEN", "90210")
    fake = create_fake({"TESTING": True})
    connector = create_connector({"DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite'}", "TEST_CONTROLS": True})
    try:
        for app, path in ((fake, "/_fake/clock"), (connector, "/_control/clock")):
            client = app.test_client()
            assert client.get(path, environ_base=REMOTE, headers={"X-Control-Token": "90210"}).status_code == 200
            assert client.get(path, environ_base=REMOTE, headers={"X-Control-Token": "9021"}).status_code == 403
    finally:
        fake.extensions["fake_tharstern"].close()
        close_app(connector)


def test_a_refusal_is_logged_without_the_token(guarded_connector, caplog):
    with caplog.at_level(logging.WARNING, logger="connector.control"):
        guarded_connector.test_client().post("/_control/reset", environ_base=REMOTE,
                                             headers={"X-Control-Token": "guess-" + TOKEN})
    [record] = [r for r in caplog.records if r.name == "connector.control"]
    assert "192.0.2.10" in record.getMessage() and "/_control/reset" in record.getMessage()
    assert TOKEN not in record.getMessage()


@pytest.mark.parametrize("path, guarded", [
    ("/_control", True), ("/_control/reset", True), ("/_CONTROL/clock", True), ("//_control/clock", True),
    ("/_controls", False), ("/api/_control", False), ("/", False),
])
def test_which_paths_are_guarded(path, guarded):
    assert is_control_path(path) is guarded


@pytest.mark.parametrize("peer, sent, configured, expected", [
    ("127.0.0.1", None, None, True), ("::1", None, None, True), ("192.0.2.10", None, None, False),
    ("192.0.2.10", "x", None, False), ("192.0.2.10", "x", "x", True), ("192.0.2.10", "X", "x", False),
    ("192.0.2.10", "", "", False), ("", None, "x", False), ("not-an-address", "x", "y", False),
])
def test_the_rule(peer, sent, configured, expected):
    assert allowed(peer, sent, configured) is expected


def non_loopback_address() -> str | None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def test_over_a_real_socket_a_non_loopback_peer_is_refused(guarded_fake, guarded_connector):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    http = requests.Session()
    http.trust_env = False
    for app, path in ((guarded_fake, "/_fake/clock"), (guarded_connector, "/_control/clock")):
        with ServerThread(app, host=address, name="guarded", poll_interval=0.05) as server:
            url = f"http://{address}:{server.port}{path}"
            assert http.get(url, timeout=10, headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 403
            assert http.get(url, timeout=10, headers={"X-Control-Token": TOKEN}).status_code == 200
