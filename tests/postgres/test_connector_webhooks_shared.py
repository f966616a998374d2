"""Webhook events on a database shared by two connector processes (started at once on an empty
database: the demo fixture is applied once): the same event delivered to both at once, many
times, is stored once, applied once (one history entry on the order line) and every copy is
counted."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, text

from connector.password_box import PasswordBox, key_from_text
from tests.fixtures.processes import wait_for

COPIES_EACH = 8
SECRET_KEY = "the team's connector key"


def signed(secret: str, event_id: str, body: bytes) -> dict[str, str]:
    stamp = int(time.time())
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signature = base64.b64encode(hmac.new(key, f"{event_id}.{stamp}.".encode() + body, hashlib.sha256).digest())
    return {"webhook-id": event_id, "webhook-timestamp": str(stamp), "webhook-signature": f"v1,{signature.decode()}",
            "Content-Type": "application/json"}


def test_an_event_delivered_to_both_processes_at_once_is_applied_once(connector_process, tharstern, postgres_url,
                                                                       monkeypatch):
    monkeypatch.setenv("CONNECTOR_SECRET_KEY", SECRET_KEY)  # one key for every process (docs/deploy.md)
    done = subprocess.run([sys.executable, "-m", "connector", "db", "--database-url", postgres_url, "upgrade"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    tharstern.edit_product(1006, Available=100_000)
    with ThreadPoolExecutor(2) as pool:  # at once, on an empty database: one of them applies the demo fixture
        first, second = pool.map(lambda _: connector_process(postgres_url), range(2))
    assert first.sf("POST", "/subscriptions/sync").status_code == 200
    placed = first.sf("POST", "/orders", json={"reference": "HOOK-1", "customer_id": 4,
                                               "lines": [{"variant_id": 4, "quantity": 10}]})
    assert placed.status_code == 201, placed.text
    oid = placed.json()["id"]
    line = wait_for(lambda: (found := second.sf("GET", f"/orders/{oid}").json()["lines"][0])["job_no"] and found,
                    60, "the order sent and its job number read")
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        secret = PasswordBox(key_from_text(SECRET_KEY)).open(
            connection.execute(text("SELECT secret FROM webhook_subscriptions")).scalar_one())
        assert connection.execute(text("SELECT count(*) FROM storefronts WHERE key = 'default'")).scalar_one() == 1
    engine.dispose()

    event_id = "evt_shared_once"
    body = json.dumps({"EventId": event_id, "Event": "JobStatusChanged", "Sequence": 90,
                       "Data": {"JobNo": line["job_no"], "Ref2": "HOOK-1-1",
                                "Status": "InProduction", "ChangedDateTime": "2099-01-01T12:00:00"}}).encode()

    def deliver(n: int) -> dict:
        process = (first, second)[n % 2]
        answer = process.http.post(f"{process.url}/webhooks/tharstern/default", data=body,
                                   headers=signed(secret, event_id, body), timeout=60)
        assert answer.status_code == 200, answer.text
        return answer.json()

    with ThreadPoolExecutor(2 * COPIES_EACH) as pool:
        receipts = list(pool.map(deliver, range(2 * COPIES_EACH)))
    assert sum(not r["duplicate"] for r in receipts) == 1, receipts
    events = [e for e in first.sf("GET", "/webhook-events?limit=100").json() if e["event_id"] == event_id]
    assert len(events) == 1 and events[0]["outcome"] == "applied" and events[0]["deliveries"] == 2 * COPIES_EACH
    history = second.sf("GET", f"/orders/{oid}").json()["lines"][0]["history"]
    assert [h["status"] for h in history if h["source"] == "webhook"] == ["InProduction"]
