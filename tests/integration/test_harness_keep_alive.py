"""Persistent connections on the harness's servers (harness/server_thread.py): one connection
serves request after request; what an app leaves unread of a body never reads as the next
request; a client's ``Connection: close``, HTTP/1.0 and chunked bodies close as before; and
``stop()`` ends the connections left open."""
from __future__ import annotations

import http.client
import socket

import pytest
from flask import Flask, jsonify, request

from harness.server_thread import KeepAliveRequestHandler, ServerThread


def echo_app() -> Flask:
    app = Flask("echo")

    @app.post("/ignore")
    def ignore():
        return jsonify({"ignored": True})  # never reads the body

    @app.post("/echo")
    def echo():
        return jsonify({"body": request.get_data(as_text=True)})

    @app.get("/hello")
    def hello():
        return jsonify({"hello": "world"})

    return app


@pytest.fixture
def server():
    with ServerThread(echo_app(), name="keep-alive", poll_interval=0.05, request_handler=KeepAliveRequestHandler) as s:
        yield s


def call(connection: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_one_connection_serves_several_requests(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    status, headers, _ = call(connection, "GET", "/hello")
    local = connection.sock.getsockname()
    assert status == 200 and headers.get("connection", "").lower() != "close"
    for _ in range(3):
        assert call(connection, "POST", "/echo", b'{"n": 1}')[2] == b'{"body":"{\\"n\\": 1}"}\n'
    assert connection.sock.getsockname() == local  # the same socket throughout
    connection.close()


def test_a_body_the_app_did_not_read_is_not_taken_for_the_next_request(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    body = b'{"padding": "' + b"x" * 200_000 + b'"}'
    assert call(connection, "POST", "/ignore", body)[0] == 200
    status, _, answer = call(connection, "GET", "/hello")
    assert (status, answer) == (200, b'{"hello":"world"}\n')
    connection.close()


def test_a_client_asking_to_close_gets_the_connection_closed(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    status, headers, _ = call(connection, "GET", "/hello", headers={"Connection": "close"})
    assert status == 200 and headers["connection"].lower() == "close"


def test_http_1_0_and_chunked_bodies_close_as_before(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as raw:
        raw.sendall(b"GET /hello HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        answer = read_all(raw)
    assert answer.startswith(b"HTTP/1.1 200") and b'{"hello":"world"}' in answer
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as raw:
        raw.sendall(b"POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        answer = read_all(raw)  # ends: the server closed the connection
    assert b"Connection: close" in answer and b'{"body":"{}"}' in answer


def test_stop_ends_the_connections_left_open():
    server = ServerThread(echo_app(), name="keep-alive", poll_interval=0.05,
                          request_handler=KeepAliveRequestHandler).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    assert call(connection, "GET", "/hello")[0] == 200
    server.stop()
    assert connection.sock.recv(1) == b""  # closed by the server, not left waiting
    connection.close()


def read_all(raw: socket.socket) -> bytes:
    chunks = []
    while chunk := raw.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def cookie_connector(config: dict) -> Flask:
    """A stand-in connector that sets a cookie and tells what a request carried."""
    app = Flask("cookie_connector")

    @app.post("/_control/reset")
    def reset():
        return jsonify({"reset": True})

    @app.get("/api/storefronts/default/cookie")
    def set_cookie():
        answer = jsonify({"set": True})
        answer.set_cookie("basket", "full")
        return answer

    @app.get("/api/storefronts/default/seen")
    def seen():
        return jsonify({"cookie": request.cookies.get("basket"), "token": request.headers.get("X-Control-Token")})

    return app


def test_the_runs_sessions_start_each_scenario_without_cookies_and_with_the_current_control_token(
        write_scenario, monkeypatch):
    from harness.explain import failure_text
    from harness.run import LocalServers, ScenarioRunner
    from harness.scenario import load_file

    monkeypatch.setenv("CONNECTOR_CONTROL_TOKEN", "first")
    with LocalServers(connector_factory=cookie_connector) as servers:
        runner = ScenarioRunner(servers)
        within = runner.run(load_file(write_scenario("""
            scenario: a cookie within one scenario is kept
            steps:
              - connector: GET /cookie
              - connector: GET /seen
                expect: {json: {cookie: full, token: first}}
            """, name="a")))
        monkeypatch.setenv("CONNECTOR_CONTROL_TOKEN", "second")
        after = runner.run(load_file(write_scenario("""
            scenario: the next scenario starts without it
            steps:
              - connector: GET /seen
                expect: {json: {cookie: null, token: second}}
            """, name="b")))
    assert within.status == "passed", failure_text(within)
    assert after.status == "passed", failure_text(after)
