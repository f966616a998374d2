"""The allowlist and connection faults over real sockets, with 127.0.0.2 as a second client address."""
from __future__ import annotations

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
