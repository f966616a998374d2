"""``python -m fake_tharstern`` over a raw socket: a request line that is not HTTP, or one over
64 KB, gets an HTTP 400 or 414 (it used to close the socket: the access log raised), and the
server goes on answering. Also: the command-line server answers for the address it binds to."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
import requests


@pytest.fixture
def cli_fake():
    process = subprocess.Popen(
        [sys.executable, "-m", "fake_tharstern", "--host", "127.0.0.1", "--port", "0", "--fixture", "empty"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert line.startswith("Fake Tharstern on http://"), line
        port = int(line.split()[3].split(":")[2].split("/")[0])
        yield port, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=30)


def exchange(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(raw)
        conn.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("raw", [
    b"HELLO\r\n\r\n",
    b"GET /_fake/state?password=s3cret HTTP/9.9 extra\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",  # a TLS ClientHello sent to plain HTTP
])
def test_a_malformed_request_line_gets_a_400(cli_fake, raw):
    port, _ = cli_fake
    answer = exchange(port, raw)
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n", 1)[0], answer[:200]


def test_a_request_line_over_64_kb_gets_a_414(cli_fake):
    port, _ = cli_fake
    answer = exchange(port, b"GET /_fake/state?q=" + b"x" * 70_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert answer.startswith(b"HTTP/1.") and b" 414 " in answer.split(b"\r\n", 1)[0], answer[:200]


def test_the_server_answers_after_bad_request_lines_and_never_logs_a_password(cli_fake):
    port, process = cli_fake
    exchange(port, b"GET /x?password=s3cret HTTP/1.1 junk\r\n\r\n")
    assert requests.get(f"http://127.0.0.1:{port}/_fake/state", params={"summary": "true"}, timeout=30).ok
    process.terminate()
    _, log = process.communicate(timeout=30)
    assert "s3cret" not in log and "password=***" in log
