"""``tharness demo`` and ``serve``: both servers start, print working URLs and the demo
credentials, answer over HTTP, and stop on Ctrl-C."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import requests

START_TIMEOUT_S = 60
REQUEST_TIMEOUT_S = 60  # generous: a loaded machine may take seconds over a fresh process's first page
STOP_TIMEOUT_S = 60  # Ctrl-C stops the servers and their background workers


def start(*args: str) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen([sys.executable, "-c", "from harness.cli import main; main()", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if "Press Ctrl-C" in line:
            return process, lines
    process.kill()
    raise AssertionError("no start-up banner:\n" + "\n".join(lines))


def stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=STOP_TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()


def test_demo_prints_urls_and_credentials_that_work_and_stops_on_ctrl_c():
    process, lines = start("demo", "--tharstern-port", "0", "--connector-port", "0")
    try:
        text = "\n".join(lines)
        api = re.search(r"API\s+(http://127\.0\.0\.1:\d+/TharsternAPI)", text).group(1)
        assert "integration@demo.test / tharstern" in text and "WEB001" in text
        token = requests.get(f"{api}/api/authentication/generateapitoken", timeout=REQUEST_TIMEOUT_S, params={
            "email": "integration@demo.test", "password": "tharstern", "applicationId": "trainer"}).json()["Details"]["Token"]
        products = requests.get(f"{api}/api/products", params={"customerCode": "WEB001"}, auth=(token, ""), timeout=REQUEST_TIMEOUT_S)
        assert products.status_code == 200 and products.json()["Details"]["TotalItemCount"] > 0
        assert "tharness run --live --tharstern-url " + api in text
        admin = re.search(r"admin\s+(http://127\.0\.0\.1:\d+/admin/)", text).group(1)
        start_page = requests.get(admin, timeout=REQUEST_TIMEOUT_S)
        assert start_page.status_code == 200 and "Demo Print Shop: Connect:Tharstern" in start_page.text
        assert "Tharstern sends job status and tracking to this storefront." in start_page.text
        orders = requests.get(admin + "default/orders", timeout=REQUEST_TIMEOUT_S).text
        assert "1Z999AA10123450001" in orders and "InProduction" in orders and "held for approval" in orders
        webhooks = requests.get(admin + "default/webhooks", timeout=REQUEST_TIMEOUT_S).text
        assert "Sync again" in webhooks and "JobDespatched" in webhooks and "accepted, applied" in webhooks
    finally:
        assert stop(process) == 0


def test_serve_refuses_a_port_in_use_kindly(fake_server):
    result = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "serve",
                             "--tharstern-port", str(fake_server.port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "cannot listen on 127.0.0.1" in result.stderr and "--tharstern-port 0" in result.stderr
