"""Restart: a connector process is killed (SIGKILL) while its outbox is sending orders — some
sent, one on the wire, the rest waiting — and a new process on the same database finishes the
outbox: every order reaches Tharstern exactly once, the one cut off mid-call included (its
resend and the first call both reach Tharstern; ``UniqueSubmitOrderID`` makes them one order)."""
from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from tests.fixtures.processes import wait_for

pytestmark = pytest.mark.slow  # a soak or chaos test: minutes on a busy machine

SUBMIT = "/TharsternAPI/api/orders/submit"
ORDERS = 12


def submission_states(database: str) -> Counter:
    with sqlite3.connect(database) as db:
        return Counter(state for (state,) in db.execute(
            "SELECT s.state FROM submissions s JOIN orders o ON o.id = s.order_id WHERE o.reference LIKE 'CRASH-%'"))


def test_a_connector_killed_mid_send_loses_and_doubles_nothing(connector_process, tharstern, tmp_path):
    database = str(tmp_path / "connector.sqlite")
    tharstern.edit_product(1006, Available=100_000)
    tharstern.fault(kind="latency", delay_ms=150, method="POST", path=SUBMIT)  # every submit takes a while
    first = connector_process(database)
    references = [f"CRASH-{n:02d}" for n in range(ORDERS)]
    placed = []
    for reference in references:  # held for approval, so the outbox starts with all of them, however slow this is
        answer = first.sf("POST", "/orders", json={"reference": reference, "customer_id": 4, "awaiting_approval": True,
                                                   "lines": [{"variant_id": 4, "quantity": 10}]})
        assert answer.status_code == 201, answer.text
        placed.append(answer.json()["id"])
    for oid in placed:
        assert first.sf("POST", f"/orders/{oid}/approve").status_code == 200
    wait_for(lambda: submission_states(database)["sent"] >= 3, 30, "three orders sent")
    tharstern.fault(kind="latency", delay_ms=3000, method="POST", path=SUBMIT)  # the next call stays on the wire
    wait_for(lambda: tharstern.state()["held_requests"] and submission_states(database)["sent"] >= 4
             and submission_states(database)["sending"] == 1, 30, "a submit held on the wire")
    first.kill()

    at_kill = submission_states(database)
    assert at_kill["sending"] == 1 and at_kill["pending"] >= 1 and sum(at_kill.values()) == ORDERS, at_kill
    tharstern.clear_faults()  # the held call still lands, about 3 s after it was sent

    second = connector_process(database)
    wait_for(lambda: submission_states(database) == {"sent": ORDERS}, 30, "the new process to finish the outbox")
    wait_for(lambda: not tharstern.state()["held_requests"], 10, "the cut-off call to land in Tharstern")

    created = Counter(o["UniqueSubmitOrderID"] for o in tharstern.state()["orders"]
                      if o["UniqueSubmitOrderID"].startswith("CRASH-"))
    assert sorted(created) == references and set(created.values()) == {1}, created
    calls = Counter(e["request_body"][e["request_body"].index("CRASH-"):][:8]
                    for e in tharstern.journal(SUBMIT, "POST"))
    assert sum(calls.values()) == ORDERS + 1, calls  # the cut-off order went twice, every other once
    orders = {o["reference"]: o for o in second.sf("GET", "/orders?limit=500").json()}
    assert {orders[r]["state"] for r in references} == {"submitted"}
    resent = [r for r in references if calls[r] == 2]
    assert len(resent) == 1
    detail = second.sf("GET", f"/orders/{orders[resent[0]]['id']}").json()
    assert detail["submissions"][0]["attempts"] == 2 and detail["lines"][0]["tharstern_order_no"]
