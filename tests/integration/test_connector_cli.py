"""``python -m connector`` serves the app over HTTP against the Tharstern it is pointed at."""
from __future__ import annotations

import re
import subprocess
import sys

import requests


def test_the_command_serves_the_connector(tharstern):
    process = subprocess.Popen(
        [sys.executable, "-m", "connector", "--port", "0", "--tharstern-url", tharstern.api_url,
         "--database-url", "sqlite://", "--test-controls"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        url = re.search(r"Connector on (http://\S+)", line).group(1)
        assert requests.get(f"{url}/openapi.json", timeout=10).status_code == 200
        check = requests.post(f"{url}/api/storefronts/default/connection/check", timeout=30,
                              headers={"Content-Type": "application/json"}).json()
        assert check["ok"] is True, check
        assert requests.post(f"{url}/_control/clock", json={"advance_s": 1}, timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()
        process.stderr.close()
