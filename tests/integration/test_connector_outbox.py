"""The outbox: nothing lost, nothing sent twice — under injected faults, across retries on the
connector's clock, and across a connector process killed in the middle of a call."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

from connector.app import close_app, create_app

SUBMIT = "/TharsternAPI/api/orders/submit"


def sales_orders(tharstern, prefix: str) -> list[dict]:
    return [o for o in tharstern.state()["orders"] if o["UniqueSubmitOrderID"].startswith(prefix)]


def until_all_sent(connector, count: int, timeout_s: float = 60) -> list[dict]:
    """Advance the clock past backoffs until every order has left the outbox."""
    deadline = time.monotonic() + timeout_s
    while True:
        orders = connector.sf("GET", "/orders?limit=500").json
        if sum(o["state"] != "queued" for o in orders) >= count:
            return orders
        assert time.monotonic() < deadline, [o["state"] for o in orders]
        connector.advance_clock(1)
        connector.runtime().outbox.wait_idle(5)


def test_a_hundred_orders_reach_tharstern_exactly_once_while_30_percent_of_submits_fail(make_connector, tharstern):
    connector = make_connector(THARSTERN_READ_TIMEOUT_S=0.2, OUTBOX_BACKOFF_BASE_S=0.05, OUTBOX_BACKOFF_CAP_S=0.5)
    tharstern.edit_product(1006, Available=100_000)
    for kind, extra in (("error", {"status": 503}), ("drop", {}), ("latency", {"delay_ms": 300})):
        tharstern.fault(kind=kind, method="POST", path=SUBMIT, probability=0.11, seed=len(kind), **extra)
    for n in range(100):
        body = {"reference": f"LOAD-{n:03d}", "customer_id": 4, "lines": [{"variant_id": 4, "quantity": 10}]}
        for _ in range(5):  # the short read timeout can fail a placement read too: the shopper tries again
            answer = connector.sf("POST", "/orders", json=body)
            if answer.status_code not in (502, 504):
                break
        assert answer.status_code == 201, answer.json
    orders = until_all_sent(connector, 100 + 4)
    placed = [o for o in orders if o["reference"].startswith("LOAD-")]
    assert len(placed) == 100 and {o["state"] for o in placed} == {"submitted"}
    created = sales_orders(tharstern, "LOAD-")
    assert len(created) == 100
    assert sorted(o["UniqueSubmitOrderID"] for o in created) == sorted(o["reference"] for o in placed)
    journal = tharstern.journal(SUBMIT, "POST")
    faulted = [e for e in journal if e.get("fault")]
    assert len(journal) > 100 and len(faulted) >= 20  # the faults fired, and were retried
    details = [connector.sf("GET", f"/orders/{o['id']}").json for o in placed[:100]]
    assert len({d["lines"][0]["tharstern_order_no"] for d in details}) == 100


def test_a_transport_failure_is_retried_after_a_backoff_on_the_connectors_clock(make_connector, tharstern):
    connector = make_connector(OUTBOX_BACKOFF_BASE_S=60, OUTBOX_BACKOFF_CAP_S=600)
    tharstern.fault(kind="error", status=503, method="POST", path=SUBMIT, times=1)
    order = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    waiting = connector.sent(order["id"])
    submission = waiting["submissions"][0]
    assert waiting["state"] == "queued" and submission["state"] == "pending" and submission["attempts"] == 1
    assert "HTTP 503" in submission["last_error"] and "retrying after 1 failed attempt" in waiting["message"]
    connector.advance_clock(29)  # the first wait is drawn from [30, 60] s
    assert connector.sent(order["id"])["submissions"][0]["attempts"] == 1
    connector.advance_clock(31)
    done = connector.sent(order["id"])
    assert done["state"] == "submitted" and done["submissions"][0]["attempts"] == 2
    assert len(sales_orders(tharstern, order["reference"])) == 1


def _start_connector_process(tharstern, database: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "connector", "--port", "0", "--tharstern-url", tharstern.api_url,
         "--database-url", f"sqlite:///{database}"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = process.stdout.readline()
    assert line.startswith("Connector on http://"), line
    return process, line.split()[2]


def _submission_state(database: str) -> str | None:
    with sqlite3.connect(database) as db:
        row = db.execute("SELECT state FROM submissions ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def test_a_connector_killed_mid_send_is_resumed_by_the_next_and_the_order_exists_once(tharstern, tmp_path):
    import requests
    database = str(tmp_path / "connector.sqlite")
    tharstern.fault(kind="latency", delay_ms=1500, method="POST", path=SUBMIT, times=1)
    process, url = _start_connector_process(tharstern, database)
    try:
        placed = requests.post(f"{url}/api/storefronts/default/orders", timeout=10,
                               json={"reference": "CRASH-1", "customer_id": 4, "lines": [{"variant_id": 4, "quantity": 20}]})
        assert placed.status_code == 201, placed.text
        deadline = time.monotonic() + 10
        while _submission_state(database) != "sending" or not tharstern.state()["held_requests"]:
            assert time.monotonic() < deadline, "the submission never went out"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert _submission_state(database) == "sending"  # the process died before it heard back
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "THARSTERN_URL": tharstern.api_url})
    try:
        assert app.extensions["connector"].outbox.wait_idle(10)
        order = app.test_client().get(f"/api/storefronts/default/orders/{placed.json()['id']}").json
    finally:
        close_app(app)
    assert order["state"] == "submitted" and order["submissions"][0]["attempts"] == 2
    deadline = time.monotonic() + 5
    while tharstern.state()["held_requests"]:  # let the first, delayed call land too
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert len(sales_orders(tharstern, "CRASH-1")) == 1
    assert len(tharstern.journal(SUBMIT, "POST")) == 2
