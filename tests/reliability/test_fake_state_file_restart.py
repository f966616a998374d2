"""Restart: a fake with a state file is killed (SIGKILL, no last save) after its saver has written
the latest change, and a new process on the same file carries on where it stopped: the same
state, the same tokens, stubs, faults and webhook deliveries, and event ids that never repeat."""
from __future__ import annotations

import json

from tests.fixtures.fake import basic, comparable_state
from tests.fixtures.webhooks import SECRET

API = "/TharsternAPI/api"


def token(fake) -> str:
    return fake.call("GET", f"{API}/authentication/generateapitoken", params={
        "email": "integration@demo.test", "password": "tharstern", "applicationId": "restart"}).json()["Details"]["Token"]


def saved(fake) -> dict:
    """Wait (by the fake's own condition) until the file holds every change made so far."""
    answer = fake.call("POST", "/_fake/snapshot/save", headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    status = answer.json()
    assert status["saved_revision"] >= status["revision"] - 1 and status["error"] is None, status
    return status


def test_a_killed_fake_restarts_from_its_state_file(fake_process, tmp_path):
    state_file = tmp_path / "fake-state.json"
    first = fake_process("--state-file", str(state_file))
    auth = basic(token(first))
    first.call("POST", f"{API}/webhooks/subscriptions", headers=auth,
               json={"Url": "http://127.0.0.1:9/hooks", "Events": ["JobStatusChanged"], "Secret": SECRET})
    first.call("POST", "/_fake/webhooks/faults", json={"kind": "delay", "delay_s": 86400})
    order = first.call("POST", f"{API}/orders/submit", headers=auth, json={"Orders": [{
        "InvoiceCustomer": {"Code": "WEB001"}, "UniqueSubmitOrderID": "RESTART-1",
        "Items": [{"StockItemID": 1006, "Quantity": 10}]}]}).json()["Details"]["Orders"][0]
    job_no = first.call("GET", f"{API}/jobs", headers=auth).json()["Details"]["Items"][-1]["JobNo"]
    assert first.call("POST", f"/_fake/jobs/{job_no}/status", json={"Status": "InProduction"}).status_code == 200
    first.call("POST", "/_fake/stubs", json={"path": "invoices", "json": {"n": 1}, "times": 3})
    first.call("POST", "/_fake/faults", json={"kind": "error", "status": 429, "path": "contacts",
                                              "headers": {"Retry-After": "60"}})
    first.call("POST", "/_fake/clock", json={"advance_s": 600})
    saved(first)
    before = comparable_state(first.call("GET", "/_fake/state").json())
    events_before = {d["event_id"] for d in first.call("GET", "/_fake/webhooks/deliveries").json()["items"]}
    assert json.loads(state_file.read_text())["version"] == 1
    first.kill()

    second = fake_process("--state-file", str(state_file))
    assert comparable_state(second.call("GET", "/_fake/state").json()) == before
    assert second.call("GET", f"{API}/products", headers=auth).status_code == 200  # the old token still works
    assert second.call("GET", f"{API}/invoices", headers=auth).json() == {"n": 1}
    limited = second.call("GET", f"{API}/contacts?customerCode=WEB001", headers=auth)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    again = second.call("POST", f"{API}/orders/submit", headers=auth, json={"Orders": [{
        "InvoiceCustomer": {"Code": "WEB001"}, "UniqueSubmitOrderID": "RESTART-1",
        "Items": [{"StockItemID": 1006, "Quantity": 10}]}]}).json()["Details"]["Orders"][0]
    assert again["OrderNo"] == order["OrderNo"]  # the idempotency record survived
    second.call("POST", f"/_fake/jobs/{job_no}/status", json={"Status": "FinishedProduction"})
    deliveries = second.call("GET", "/_fake/webhooks/deliveries").json()["items"]
    new_events = {d["event_id"] for d in deliveries} - events_before
    assert len(new_events) == 1 and len(deliveries) == len(events_before) + 1

    saved(second)
    after = comparable_state(second.call("GET", "/_fake/state").json())
    second.kill()
    third = fake_process("--state-file", str(state_file))
    assert comparable_state(third.call("GET", "/_fake/state").json()) == after


def test_a_state_file_that_is_not_a_snapshot_stops_the_start_and_is_kept(tmp_path):
    import subprocess
    import sys
    state_file = tmp_path / "broken.json"
    state_file.write_text('{"format": "fake-tharstern-snapshot", "version": 99}')
    done = subprocess.run([sys.executable, "-m", "fake_tharstern", "--port", "0", "--state-file", str(state_file)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and f"{state_file}: not a valid snapshot" in done.stderr and "version" in done.stderr
    assert state_file.read_text() == '{"format": "fake-tharstern-snapshot", "version": 99}'
