"""The allowlist and connection faults over real sockets, with 127.0.0.2 as a second client address."""
from __future__ import annotations

import base64
import http.client
import json
import threading

import pytest

API = "/TharsternAPI/api"
TOKEN_QUERY = "email=integration@demo.test&password=tharstern&applicationId=sockets"


def call(server, path: str, *, source: str = "127.0.0.1", method: str = "GET", body: dict | None = None,
         timeout: float = 10) -> tuple[int, dict]:
    """One request from a chosen client address; raises when the fake drops or hangs."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read() or b"null")
    finally:
        connection.close()


def test_drop_closes_the_connection_without_an_answer(fake_server):
    call(fake_server, "/_fake/allowlist", method="PUT", body={"ips": ["127.0.0.2"], "mode": "drop"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        call(fake_server, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}")
    status, body = call(fake_server, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}", source="127.0.0.2")
    assert status == 200 and body["Status"]["Success"]
    journal = call(fake_server, "/_fake/journal")[1]["items"]
    assert [(e["client"], e["status"], e.get("blocked")) for e in journal] == [
        ("127.0.0.1", None, "drop"), ("127.0.0.2", 200, None)]


def test_hang_gives_no_answer_until_the_client_gives_up(fake_server):
    call(fake_server, "/_fake/allowlist", method="PUT", body={"ips": ["127.0.0.2"], "mode": "hang", "hang_s": 5})
    with pytest.raises(TimeoutError):
        call(fake_server, f"{API}/products", timeout=0.3)
    assert call(fake_server, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}", source="127.0.0.2")[0] == 200


def test_hang_ends_in_a_closed_connection(fake_server):
    call(fake_server, "/_fake/allowlist", method="PUT", body={"ips": ["127.0.0.2"], "mode": "hang", "hang_s": 0.2})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        call(fake_server, f"{API}/products", timeout=10)


def test_reset_lets_hanging_connections_go(fake_server):
    call(fake_server, "/_fake/allowlist", method="PUT", body={"ips": ["127.0.0.2"], "mode": "hang", "hang_s": 120})
    outcome: list[BaseException] = []

    def hang():
        try:
            call(fake_server, f"{API}/products", timeout=60)
        except BaseException as error:  # noqa: BLE001 - we record whatever ended the call
            outcome.append(error)

    waiter = threading.Thread(target=hang)
    waiter.start()
    while call(fake_server, "/_fake/state?summary=true")[1]["held_requests"] == 0 and waiter.is_alive():
        threading.Event().wait(0.02)
    call(fake_server, "/_fake/reset", method="POST")
    waiter.join(timeout=30)
    assert not waiter.is_alive()
    assert outcome and isinstance(outcome[0], (http.client.RemoteDisconnected, ConnectionResetError))


def test_control_plane_is_reachable_from_a_blocked_address(fake_server):
    call(fake_server, "/_fake/allowlist", method="PUT", body={"ips": ["127.0.0.2"], "mode": "drop"})
    assert call(fake_server, "/_fake/state?summary=true")[0] == 200


def test_drop_fault_then_recovery(fake_server):
    call(fake_server, "/_fake/faults", method="POST", body={"kind": "drop", "path": "*/generateapitoken", "times": 1})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        call(fake_server, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}")
    assert call(fake_server, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}")[0] == 200


def _create_customer(server, token: str, code: str) -> None:
    """``POST customers/create`` with the token; raises when the fake drops the connection."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    auth = base64.b64encode(f"{token}:".encode()).decode()
    try:
        connection.request("POST", f"{API}/customers/create", body=json.dumps(
            {"Code": code, "Name": f"{code} Ltd", "ContactEmail": f"{code.lower()}@example.com"}),
            headers={"Content-Type": "application/json", "Authorization": f"Basic {auth}"})
        connection.getresponse().read()
    finally:
        connection.close()


@pytest.mark.parametrize("when, created", [("before", False), ("after", True)])
def test_a_drop_fault_drops_before_the_request_is_handled_or_after_losing_only_the_answer(fake_server, when, created):
    token = call(fake_server, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}")[1]["Details"]["Token"]
    spec = {"kind": "drop", "method": "POST", "path": "customers/create", "times": 1}
    if when == "after":
        spec["when"] = "after"  # "before" is the default
    rule = call(fake_server, "/_fake/faults", method="POST", body=spec)[1]
    assert rule["when"] == when
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        _create_customer(fake_server, token, "DROP01")
    codes = {c["Code"] for c in call(fake_server, "/_fake/state")[1]["customers"]}
    assert ("DROP01" in codes) is created
    entry = call(fake_server, "/_fake/journal?path=customers/create")[1]["items"][-1]
    assert entry["status"] is None and entry.get("dropped_answer") == (200 if created else None)


def test_only_drop_faults_take_when_and_only_before_or_after(fake_server):
    for body, field in (({"kind": "error", "status": 500, "when": "after"}, "when"),
                        ({"kind": "drop", "when": "later"}, "when")):
        status, answer = call(fake_server, "/_fake/faults", method="POST", body=body)
        assert status == 400 and field in answer["errors"], answer
    assert call(fake_server, "/_fake/faults", method="POST", body={"kind": "drop"})[1]["when"] == "before"
