"""The test fixtures' ``RequestsInFlight``: a reset waits for the answers still being made."""
from __future__ import annotations

import threading

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Response

from tests.fixtures.in_flight import RequestsInFlight
from tests.fixtures.processes import wait_for


def test_wait_idle_returns_only_when_the_last_answer_is_done():
    release = threading.Event()

    def slow_app(environ, start_response):
        release.wait(60)
        return Response("done")(environ, start_response)

    counted = RequestsInFlight(slow_app)
    caller = threading.Thread(target=lambda: Client(counted).get("/", buffered=True), daemon=True)
    caller.start()
    wait_for(lambda: counted.count == 1, timeout_s=30, what="the request to be counted in")
    with pytest.raises(AssertionError, match="1 request"):
        counted.wait_idle(timeout_s=0.05)  # the app holds its answer: never idle in this wait
    release.set()
    counted.wait_idle(timeout_s=30)
    caller.join(30)
    assert counted.count == 0


def test_an_app_that_raises_is_counted_out():
    def broken_app(environ, start_response):
        raise RuntimeError("boom")

    counted = RequestsInFlight(broken_app)
    with pytest.raises(RuntimeError):
        Client(counted).get("/")
    assert counted.count == 0
