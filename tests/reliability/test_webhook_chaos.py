"""Webhook chaos: 1,000 job events from the fake, with duplicated deliveries, deliveries held
back and released newest first, and a receiver that fails about 20 % of the requests (half
before the connector sees them, half after it applied them) → the storefront's lines end
exactly at the fake's jobs: status, tracking number, courier and the history of transitions,
each event stored once."""
from __future__ import annotations

import hashlib
import random
import threading
from collections import Counter

import pytest
import requests

from harness.server_thread import ServerThread
from tests.fixtures.processes import wait_for

pytestmark = pytest.mark.slow  # a soak or chaos test: minutes on a busy machine

EVENTS = 1000
FAILURE_PERCENT = 20
BEFORE_DESPATCH = ("Entered", "OutOnProof", "InProduction", "FinishedProduction")
NEXT = {"Entered": "OutOnProof", "OutOnProof": "InProduction", "InProduction": "FinishedProduction",
        "FinishedProduction": "Despatched", "Despatched": "Delivered", "Delivered": "Completed"}


class FlakyReceiver:
    """WSGI middleware in front of the connector: about ``FAILURE_PERCENT`` % of webhook requests
    fail — decided by a hash of (webhook-id, attempt), so a run repeats; never after the third
    attempt, so no delivery runs out of attempts. Even hashes fail before the connector sees the
    request (503), odd ones after it has applied it (500: the sender cannot tell)."""

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.attempts: Counter = Counter()
        self.outcomes: Counter = Counter()

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith("/webhooks/"):
            return self.app(environ, start_response)
        msg_id = environ.get("HTTP_WEBHOOK_ID", "")
        with self.lock:
            self.attempts[msg_id] += 1
            attempt = self.attempts[msg_id]
        draw = int(hashlib.sha256(f"{msg_id}/{attempt}".encode()).hexdigest(), 16)
        fail = attempt <= 3 and draw % 100 < FAILURE_PERCENT
        if fail and draw % 2 == 0:
            return self._fail(start_response, "503 Service Unavailable", "failed before")
        if not fail:
            self._count("passed")
            return self.app(environ, start_response)
        body = b"".join(self.app(environ, lambda *args, **kwargs: None))  # applied; the answer is lost
        assert body
        return self._fail(start_response, "500 Internal Server Error", "failed after")

    def _fail(self, start_response, status: str, outcome: str):
        self._count(outcome)
        start_response(status, [("Content-Type", "text/plain"), ("Content-Length", "4")])
        return [b"oops"]

    def _count(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1


def job_walk(jobs: list[str], rng: random.Random):
    """Legal status changes, interleaved across jobs, until ``EVENTS`` events are raised: mostly
    holds and releases (many events per job), sometimes a step on, now and then a cancellation."""
    status = {job: "Entered" for job in jobs}
    held_from: dict[str, str] = {}
    raised = 0
    while raised < EVENTS and (open_jobs := [j for j in jobs if status[j] not in ("Completed", "Cancelled")]):
        job = rng.choice(open_jobs)
        current, draw = status[job], rng.random()
        if current == "OnHold":
            target = held_from.pop(job)
        elif current in BEFORE_DESPATCH and draw < 0.85:
            target, held_from[job] = "OnHold", current
        elif current in BEFORE_DESPATCH and draw < 0.86:
            target = "Cancelled"
        else:
            target = NEXT[current]
        extra = {"TrackingNumber": f"1Z{job}", "Courier": rng.choice(["UPS", "DPD"])} if target == "Despatched" else {}
        status[job] = target
        raised += 2 if target == "Despatched" else 1  # JobStatusChanged, and JobDespatched
        yield job, {"Status": target, "Walk": False, **extra}


def test_1000_events_with_duplicates_reordering_and_receiver_failures_end_at_the_fakes_jobs(
        connector, connector_app, tharstern):
    flaky = FlakyReceiver(connector_app)
    tharstern.edit_product(1006, Available=100_000)  # before the subscription: no StockItemChanged
    with ServerThread(flaky, name="flaky-connector", poll_interval=0.05) as server:
        http = requests.Session()
        http.trust_env = False
        assert http.post(f"{server.url}/api/storefronts/default/subscriptions/sync", timeout=30,
                         headers={"Content-Type": "application/json"}).status_code == 200
        orders = [connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 10 + n} for n in range(5)])
                  for _ in range(5)]
        lines = [line for o in orders for line in connector.sent(o["id"])["lines"]]
        assert len(lines) == 25 and all(line["job_no"] for line in lines)

        tharstern._send("PUT", "webhooks/policy", {"backoff_base_s": 0.01, "backoff_cap_s": 0.05})
        tharstern.webhook_fault(kind="duplicate", copies=1, times=250)
        tharstern.webhook_fault(kind="reorder", count=5, hold_s=1)
        for job, change in job_walk([line["job_no"] for line in lines], random.Random(8)):
            tharstern.job_status(job, change.pop("Status"), **change)
        tharstern.advance_clock(2)  # releases a held batch that did not fill
        wait_for(lambda: tharstern.flush_webhooks()["drained"] and all(
            d["status"] == "delivered" for d in tharstern.deliveries(limit=100_000)), 120, "every delivery to land")

    deliveries = tharstern.deliveries(limit=100_000)
    event_ids = {d["event_id"] for d in deliveries}
    assert len(event_ids) >= EVENTS
    assert sum(1 for d in deliveries if d.get("duplicate_of")) == 250
    requests_made = sum(flaky.outcomes.values())
    failed = flaky.outcomes["failed before"] + flaky.outcomes["failed after"]
    assert 0.15 * requests_made <= failed <= 0.25 * requests_made, flaky.outcomes
    assert flaky.outcomes["failed before"] and flaky.outcomes["failed after"]

    fake_jobs = {j["JobNo"]: j for j in tharstern.state()["jobs"]}
    mine = {order_line["job_no"]: order_line for o in orders for order_line in connector.sf("GET", f"/orders/{o['id']}").json["lines"]}
    assert len(mine) == 25
    for job_no, line in mine.items():
        job = fake_jobs[job_no]
        delivery = job["Deliveries"][-1] if job["Deliveries"] else {}
        assert (line["job_status"], line["tracking_number"], line["courier"]) == \
            (job["Status"]["Name"], delivery.get("TrackingNumber"), delivery.get("Courier")), job_no
        assert [h["status"] for h in line["history"] if h["source"] == "webhook"] == \
            [h["Status"]["Name"] for h in job["StatusHistory"][1:]], job_no

    stored = {outcome: connector.sf("GET", f"/webhook-events?outcome={outcome}&limit=1000").json
              for outcome in ("applied", "stale", "unmatched", "ignored")}
    assert not stored["unmatched"] and not stored["ignored"]
    assert sum(len(v) for v in stored.values()) == len(event_ids)  # each event stored once
    assert stored["stale"]                                            # reordering reached the receiver
    assert any(e["deliveries"] > 1 for v in stored.values() for e in v)  # copies came, counted, applied once
