"""Job status and tracking back from Tharstern over real sockets: the fake's signed webhooks,
with duplicates and reordering, end at the fake's own job state; bad requests are refused and
logged; reconcile fills in what no event said."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time

import requests

from tests.fixtures.connector import SF


class Storefront:
    def __init__(self, server) -> None:
        self.url = server.url
        self.http = requests.Session()
        self.http.trust_env = False
        self.http.headers["Content-Type"] = "application/json"  # both servers require it on state changes

    def call(self, method, path, **kwargs):
        return self.http.request(method, f"{self.url}{SF}{path}", timeout=10, **kwargs)

    def order(self, **body):
        answer = self.call("POST", "/orders", json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def get(self, path):
        return self.call("GET", path).json()


def job_numbers(shop, app, count):
    assert app.extensions["connector"].outbox.wait_idle(10)
    orders = [shop.get(f"/orders/{oid}") for oid in count]
    return [o["lines"][0]["job_no"] for o in orders]


def test_duplicated_and_reordered_events_end_at_the_fakes_job_state(connector_server, connector_app, tharstern):
    shop = Storefront(connector_server)
    assert shop.call("POST", "/subscriptions/sync").status_code == 200
    ids = [shop.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 10}])["id"] for _ in range(3)]
    jobs = job_numbers(shop, connector_app, ids)
    assert all(jobs)
    tharstern.webhook_fault(kind="duplicate", copies=2, times=5)
    tharstern.webhook_fault(kind="reorder", count=4, times=2)
    tharstern.job_status(jobs[0], "Despatched", TrackingNumber="1Z999AA1", Courier="UPS")
    tharstern.job_status(jobs[1], "InProduction")
    tharstern.job_status(jobs[2], "OnHold")
    tharstern.job_status(jobs[2], "Cancelled")
    tharstern.advance_clock(61)  # releases a reorder batch that did not fill
    assert tharstern.flush_webhooks()["drained"]
    deliveries = tharstern.deliveries()
    assert deliveries and all(d["status"] == "delivered" for d in deliveries), [d["status"] for d in deliveries]
    fake_jobs = {j["JobNo"]: j for j in tharstern.state()["jobs"]}
    for oid, job_no in zip(ids, jobs, strict=True):
        line = shop.get(f"/orders/{oid}")["lines"][0]
        job = fake_jobs[job_no]
        assert line["job_status"] == job["Status"]["Name"]
        assert line["tracking_number"] == (job["Deliveries"][-1]["TrackingNumber"] if job["Deliveries"] else None)
        assert [h["status"] for h in line["history"] if h["source"] == "webhook"] == \
            [h["Status"]["Name"] for h in job["StatusHistory"][1:]]  # every transition, in order
    events = shop.get("/webhook-events?limit=1000")
    assert len(events) == len({d["event_id"] for d in deliveries})  # stored once each
    assert any(e["deliveries"] > 1 for e in events)                 # copies came, and were counted
    assert any(e["outcome"] == "stale" for e in events)             # reordering reached the receiver
    assert {e["outcome"] for e in events} <= {"applied", "stale"}


def sign(secret: str, msg_id: str, stamp: int, body: bytes) -> dict:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    sig = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()).decode()
    return {"webhook-id": msg_id, "webhook-timestamp": str(stamp), "webhook-signature": f"v1,{sig}",
            "Content-Type": "application/json"}


def test_bad_signatures_and_stale_timestamps_are_refused_and_logged(connector_server, connector_app, tharstern,
                                                                    caplog):
    shop = Storefront(connector_server)
    receiver = f"{connector_server.url}/webhooks/tharstern/default"
    body = json.dumps({"EventId": "evt_forged", "Event": "JobStatusChanged", "Sequence": 9,
                       "Data": {"JobNo": "900001", "Status": {"Value": 9, "Name": "Cancelled"}}}).encode()
    now = int(time.time())
    unsynced = requests.post(receiver, data=body, headers=sign("whsec_" + "a" * 44, "evt_forged", now, body))
    assert unsynced.status_code == 401 and "no webhook secret" in unsynced.json()["message"]
    shop.call("POST", "/subscriptions/sync")
    attempts = {
        "wrong secret": sign("whsec_" + base64.b64encode(b"x" * 32).decode(), "evt_forged", now, body),
        "no signature": {"webhook-id": "evt_forged", "webhook-timestamp": str(now), "Content-Type": "application/json"},
        "old timestamp": sign("whsec_" + base64.b64encode(b"x" * 32).decode(), "evt_forged", now - 3600, body),
    }
    with caplog.at_level(logging.WARNING, logger="connector.webhooks"):
        for name, headers in attempts.items():
            answer = requests.post(receiver, data=body, headers=headers)
            assert answer.status_code == 401, name
        assert requests.post(f"{connector_server.url}/webhooks/tharstern/nosuch", data=body,
                             headers=attempts["wrong secret"]).status_code == 404
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 5
    assert all("whsec_" not in r and "v1," not in r for r in refusals)  # no secret, no signature in logs
    assert shop.get("/webhook-events") == []
    assert shop.get("/orders/1")["lines"][0]["job_status"] == "InProduction"  # the forged event changed nothing


def test_reconcile_polls_lines_without_recent_news_and_applies_what_changed(connector_server, connector_app,
                                                                            tharstern):
    shop = Storefront(connector_server)  # no subscription: no events will come
    placed = shop.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 10}])
    oid, ref = placed["id"], placed["lines"][0]["line_ref"]
    [job_no] = job_numbers(shop, connector_app, [oid])
    tharstern.job_status(job_no, "Despatched", TrackingNumber="1ZRECON", Courier="DPD")
    fresh = shop.call("POST", "/reconcile", json={}).json()
    # only the demo orders, days old, are looked up (Tharstern has no jobs of theirs); the new
    # line's news (its job number, read after submission) is recent
    assert fresh["checked"] == 2 and fresh["missing"] == ["DEMO-1001-1", "DEMO-1002-1"]
    assert shop.get(f"/orders/{oid}")["lines"][0]["job_status"] == "Entered"
    requests.post(f"{connector_server.url}/_control/clock", json={"advance_s": 601})
    done = shop.call("POST", "/reconcile", json={}).json()
    assert done["checked"] == 3 and done["updated"] == 1
    assert [order_line["line_ref"] for order_line in done["lines"]] == [ref]
    line = shop.get(f"/orders/{oid}")["lines"][0]
    assert (line["job_status"], line["tracking_number"], line["courier"]) == ("Despatched", "1ZRECON", "DPD")
    assert line["history"][-1]["source"] == "reconcile"
    again = shop.call("POST", "/reconcile", json={"older_than_s": 0}).json()
    assert again["updated"] == 0
