"""The Tharstern password never appears in any answer, page or log line — in any spelling
(as typed, URL-encoded, JSON- or HTML-escaped, base64) — while the connector does everything that
touches it: saving settings, Check Connection when it works and in each way it fails (wrong
password, refused, dropped, 503, wrong URL), pricing, an order through the outbox, every admin
page, and both control planes, the fake's journal and console included.

Both servers run on real sockets with the access logs they have when started from the command
line (``python -m connector``: werkzeug's; ``python -m fake_tharstern``: the masked one), and
every log record of every logger is captured at DEBUG, urllib3's request lines included."""
from __future__ import annotations

import base64
import html
import json
import logging
from urllib.parse import quote_plus, unquote, unquote_plus

import pytest
import requests
from werkzeug.serving import WSGIRequestHandler

from connector.app import close_app, create_app as create_connector
from fake_tharstern.__main__ import MaskedLogHandler
from fake_tharstern.app import create_app as create_fake
from harness.server_thread import ServerThread
from tests.api.test_bad_input_beyond_the_documents import page_routes

EMAIL = "leak.hunter@demo.test"
PASSWORD = "Lk9#pa ss&wörd+%2F:ü"
API = "/api/storefronts/default"


def spellings(secret: str) -> set[str]:
    return {secret, json.dumps(secret)[1:-1], base64.b64encode(secret.encode()).decode(),
            base64.b64encode(f"{EMAIL}:{secret}".encode()).decode(), secret.encode("utf-8").decode("latin-1")}


def exposes(text: str, secret: str = PASSWORD) -> bool:
    """Whether ``text`` holds the secret, also once URL-decoded (in full, or partly as werkzeug's
    access log does) or HTML-unescaped."""
    views = {text, unquote(text), unquote_plus(text), html.unescape(text), unquote_plus(html.unescape(text))}
    return any(spelling in view for spelling in spellings(secret) for view in views)


@pytest.fixture
def servers():
    fake_app = create_fake({"TESTING": True})
    fake = ServerThread(fake_app, name="leak-fake", poll_interval=0.05, request_handler=MaskedLogHandler).start()
    connector_app = create_connector({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True, "THARSTERN_BACKOFF_S": 0,
                                      "THARSTERN_READ_TIMEOUT_S": 5, "THARSTERN_URL": f"{fake.url}/TharsternAPI"})
    connector = ServerThread(connector_app, name="leak-connector", poll_interval=0.05,
                             request_handler=WSGIRequestHandler).start()
    yield fake, connector, connector_app
    connector.stop()
    close_app(connector_app)
    fake.stop()
    fake_app.extensions["fake_tharstern"].close()


class Recorder:
    """Every answer's body, to search afterwards."""

    def __init__(self) -> None:
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.headers["Content-Type"] = "application/json"  # both servers require it on state changes
        self.bodies: list[str] = []

    def __call__(self, method: str, url: str, **kwargs) -> requests.Response:
        answer = self.http.request(method, url, timeout=30, **kwargs)
        self.bodies.append(f"{method} {url} → {answer.status_code}\n{answer.text}")
        return answer


def test_the_password_never_appears_in_answers_pages_or_logs(servers, caplog):
    fake, connector, connector_app = servers
    caplog.set_level(logging.DEBUG)
    call = Recorder()
    sf = f"{connector.url}{API}"
    assert call("POST", f"{fake.url}/_fake/seed", json={"users": [{"Email": EMAIL, "Password": PASSWORD}]}).ok
    saved = call("PATCH", f"{sf}/connection", json={"email": EMAIL, "password": PASSWORD})
    assert saved.status_code == 200, saved.text
    assert call("POST", f"{sf}/connection/check").json()["ok"] is True

    def failing_check(expected_problem: str, **connection) -> None:
        call("PATCH", f"{sf}/connection", json=connection)
        answer = call("POST", f"{sf}/connection/check").json()
        assert answer["problem"] == expected_problem, answer

    failing_check("bad_credentials", password=PASSWORD + "x")  # a near miss is a leak too
    failing_check("unreachable", password=PASSWORD, api_url="http://127.0.0.1:9/TharsternAPI")
    failing_check("wrong_url", api_url=f"{fake.url}/NotTharstern")
    call("PATCH", f"{sf}/connection", json={"api_url": f"{fake.url}/TharsternAPI"})
    for fault in ({"kind": "error", "status": 503}, {"kind": "drop"}):
        call("POST", f"{fake.url}/_fake/faults", json={**fault, "path": "*/generateapitoken*"})
        failing_check("unreachable")
        call("DELETE", f"{fake.url}/_fake/faults")
    assert call("POST", f"{sf}/connection/check").json()["ok"] is True

    assert call("POST", f"{sf}/prices", json={"variant_id": 1, "quantity": 100, "attribute_value_ids": [5],
                                               "customer_id": 4}).ok
    placed = call("POST", f"{sf}/orders", json={"customer_id": 4, "lines": [{"variant_id": 4, "quantity": 10}]})
    assert placed.status_code == 201, placed.text
    assert connector_app.extensions["connector"].outbox.wait_idle(10)
    call("GET", f"{sf}/orders/{placed.json()['id']}")
    call("POST", f"{sf}/subscriptions/sync")
    for path in ("/connection", "/behaviour", "/orders", "/webhook-events"):
        call("GET", sf + path)

    for path in page_routes(connector_app):
        call("GET", connector.url + path)
    for path in page_routes(fake.app):
        call("GET", fake.url + path)
    for path in ("/_fake/state", "/_fake/journal", "/_fake/coverage", "/_fake/webhooks/subscriptions"):
        call("GET", fake.url + path)
    call("GET", f"{connector.url}/_control/clock")

    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    # the logs were captured: urllib3's token request lines (masked), both access logs
    assert "generateapitoken?email=" in logged and "password=***" in logged
    assert "GET /admin/default/connection" in logged and "GET /TharsternAPI/api/authentication" in logged
    assert any(EMAIL in body for body in call.bodies)  # the search finds what is there
    leaking_lines = [line for line in logged.splitlines() if exposes(line)]
    assert not leaking_lines, f"the password is in log lines: {leaking_lines[:3]}"
    leaking = [body.split("\n", 1)[0] for body in call.bodies if exposes(body)]
    assert not leaking, f"the password is in answers: {leaking}"
    assert exposes("x?password=" + quote_plus(PASSWORD)) and exposes(html.escape(PASSWORD))  # the search works


@pytest.mark.parametrize("name", ["password", "p%61ssword", "PASS+WORD", "password[0]"])
def test_a_password_under_any_spelling_of_its_name_reaches_neither_journal_nor_access_log(servers, caplog, name):
    fake, _connector, _app = servers
    secret = "Sp3lled-0ut-s3cret"
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        answer = requests.get(f"{fake.url}/TharsternAPI/api/authentication/generateapitoken"
                              f"?email=integration@demo.test&{name}={secret}&applicationId=leaks", timeout=30)
        assert answer.status_code in (200, 400)  # only `password` (any case, %-encoded) binds; the rest is refused
        journal = requests.get(f"{fake.url}/_fake/journal?path=generateapitoken", timeout=30).json()
    assert journal["items"] and all(secret not in entry.get("query", "") for entry in journal["items"])
    assert "***" in journal["items"][-1]["query"]
    assert not exposes(caplog.text, secret), caplog.text
