"""The fake under gunicorn (the production server): same answers, and the allowlist still drops."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest

from tests.integration.test_fake_sockets import TOKEN_QUERY, call

API = "/TharsternAPI/api"


class Address:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


START_TIMEOUT_S = 60  # a loaded machine may take a while to import and start the workers


@pytest.fixture
def gunicorn_fake():
    port = free_port()
    env = {**os.environ, "FAKE_THARSTERN_ALLOWLIST": '["127.0.0.2"]', "FAKE_THARSTERN_ALLOWLIST_MODE": "drop"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "4", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "fake_tharstern.app:create_app()"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    address = Address("127.0.0.1", port)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:  # wait until it answers (a liveness poll, not a timing assertion)
            try:
                call(address, "/_fake/state?summary=true", timeout=5)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stdout.read().decode())
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT_S} s")
                time.sleep(0.05)
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)


def journal_when(address: Address, ready, timeout_s: float = 30) -> list[dict]:
    """The journal once ``ready(entries)`` holds: the fake records a dropped request after the
    connection is gone, so a client can be told "dropped" before the entry is written."""
    deadline = time.monotonic() + timeout_s
    while True:
        entries = call(address, "/_fake/journal")[1]["items"]
        if ready(entries) or time.monotonic() > deadline:
            return entries
        time.sleep(0.02)


def test_gunicorn_serves_the_fake_and_drops_blocked_clients(gunicorn_fake):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        call(gunicorn_fake, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}")
    journal_when(gunicorn_fake, lambda entries: len(entries) == 1)  # the drop is in the journal before the next call
    status, body = call(gunicorn_fake, f"{API}/authentication/generateapitoken?{TOKEN_QUERY}", source="127.0.0.2")
    assert status == 200 and len(body["Details"]["Token"]) == 36
    journal = journal_when(gunicorn_fake, lambda entries: len(entries) == 2)
    assert [e.get("blocked") for e in journal] == ["drop", None]
    assert all("password=***" in entry["query"] and "tharstern&" not in entry["query"] for entry in journal)
