"""Two connector processes (``python -m connector``) on one PostgreSQL database: orders placed on
both are shared out by the outbox (``FOR UPDATE SKIP LOCKED``); one process is killed (SIGKILL)
while its submit is held on the wire; once its lease has passed the other process sends that
order again, and every order is in Tharstern exactly once (the cut-off call and the resend are
one order thanks to ``UniqueSubmitOrderID``)."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import create_engine, text

from connector.config import DefaultConfig
from tests.fixtures.processes import wait_for

SUBMIT = "/TharsternAPI/api/orders/submit"
ORDERS_EACH = 6


@pytest.fixture
def shared_database(postgres_url):
    done = subprocess.run([sys.executable, "-m", "connector", "db", "--database-url", postgres_url, "upgrade"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    engine = create_engine(postgres_url)
    yield postgres_url, engine
    engine.dispose()


def submissions(engine) -> list[tuple[str, str, str | None]]:
    with engine.connect() as connection:
        return list(connection.execute(text(
            "SELECT o.reference, s.state, s.claimed_by FROM submissions s JOIN orders o ON o.id = s.order_id "
            "WHERE o.reference LIKE 'TWO-%'")))


def place(process, reference: str) -> int:
    answer = process.sf("POST", "/orders", json={"reference": reference, "customer_id": 4, "awaiting_approval": True,
                                                 "lines": [{"variant_id": 4, "quantity": 10}]})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_two_processes_share_the_outbox_and_a_killed_one_leaves_nothing_stuck_or_doubled(
        connector_process, tharstern, shared_database):
    url, engine = shared_database
    tharstern.edit_product(1006, Available=100_000)
    tharstern.fault(kind="latency", delay_ms=150, method="POST", path=SUBMIT)  # every submit takes a while
    first = connector_process(url, "--test-controls")  # applies the demo fixture to the empty database
    second = connector_process(url, "--test-controls")
    references = [f"TWO-{n:02d}" for n in range(2 * ORDERS_EACH)]
    placed = [(process, place(process, reference))
              for n, reference in enumerate(references) for process in [(first, second)[n % 2]]]
    for process, oid in placed:  # approving releases the order and wakes that process's outbox
        assert process.sf("POST", f"/orders/{oid}/approve").status_code == 200
    wait_for(lambda: Counter(state for _, state, _ in submissions(engine))["sent"] >= 4, 60, "four orders sent")

    tharstern.fault(kind="latency", delay_ms=3000, method="POST", path=SUBMIT)  # the next calls stay on the wire
    first_pid = f":{first.process.pid}:"
    cut_off = wait_for(lambda: tharstern.state()["held_requests"] and [
        reference for reference, state, owner in submissions(engine)
        if state == "sending" and owner and first_pid in owner], 60, "a submit of the first process on the wire")
    first.kill()
    tharstern.clear_faults()  # the held call still lands in Tharstern, about 3 s after it was sent

    rows = submissions(engine)
    assert len(rows) == len(references)
    stuck = [reference for reference, state, owner in rows if state == "sending" and owner and first_pid in owner]
    assert stuck == cut_off, rows  # its lease still runs: nobody else sends it yet
    # the survivor's clock passes the dead process's lease (no sleeping); the advance wakes its outbox
    assert second.http.post(f"{second.url}/_control/clock", json={"advance_s": DefaultConfig.OUTBOX_LEASE_S + 1},
                            timeout=30).status_code == 200
    wait_for(lambda: {state for _, state, _ in submissions(engine)} == {"sent"}, 60,
             "the surviving process to finish the outbox")
    wait_for(lambda: not tharstern.state()["held_requests"], 30, "the cut-off call to land in Tharstern")

    created = Counter(o["UniqueSubmitOrderID"] for o in tharstern.state()["orders"]
                      if o["UniqueSubmitOrderID"].startswith("TWO-"))
    assert sorted(created) == references and set(created.values()) == {1}, created
    calls = Counter(e["request_body"][e["request_body"].index("TWO-"):][:6] for e in tharstern.journal(SUBMIT, "POST"))
    # the cut-off order went twice (once if the kill came between its claim and its call), every other once
    assert calls[cut_off[0]] in (1, 2) and sum(calls.values()) == len(references) + calls[cut_off[0]] - 1, calls
    orders = {o["reference"]: o for o in second.sf("GET", "/orders?limit=500").json()}
    assert {orders[r]["state"] for r in references} == {"submitted"}
    detail = second.sf("GET", f"/orders/{orders[cut_off[0]]['id']}").json()
    assert detail["submissions"][0]["attempts"] == 2 and detail["lines"][0]["tharstern_order_no"]
