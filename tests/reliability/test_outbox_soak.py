"""Fault soak of the outbox: 200 orders while about 30 % of the calls to ``orders/submit`` meet
an injected error (503), a dropped connection or latency beyond the read timeout → exactly 200
sales orders in Tharstern, one per order, each ``UniqueSubmitOrderID`` once.

Deterministic on a busy machine: the faults are seeded and the outbox sends one call at a time,
so the same calls fail on every run, provided no call fails that no fault chose. So the read
timeout (2 s) is far above what an ordinary call takes under load, and the latency fault holds
its answer a second longer still, so a held call always times out; latency fires a few times
only (each costs the whole timeout) and errors and drops make up the rest of the 30 %."""
from __future__ import annotations

import time
from collections import Counter

import pytest

pytestmark = pytest.mark.slow  # a soak or chaos test: minutes on a busy machine

SUBMIT = "/TharsternAPI/api/orders/submit"
ORDERS = 200
READ_TIMEOUT_S = 2.0
FAULTS = (("error", {"status": 503, "probability": 0.13}), ("drop", {"probability": 0.13}),
          ("latency", {"delay_ms": int(READ_TIMEOUT_S * 1000) + 1000, "probability": 0.1, "times": 4}))


def until_all_left_the_outbox(connector, references: set[str], timeout_s: float = 120) -> list[dict]:
    """Advance the connector's clock past backoffs until no order of ``references`` is queued."""
    deadline = time.monotonic() + timeout_s
    while True:
        orders = [o for o in connector.sf("GET", "/orders?limit=500").json if o["reference"] in references]
        if len(orders) == len(references) and all(o["state"] != "queued" for o in orders):
            return orders
        assert time.monotonic() < deadline, Counter(o["state"] for o in orders)
        connector.advance_clock(1)
        connector.runtime().outbox.wait_idle(10)


def place(connector, reference: str) -> None:
    body = {"reference": reference, "customer_id": 4, "lines": [{"variant_id": 4, "quantity": 10}]}
    answer = connector.sf("POST", "/orders", json=body)
    assert answer.status_code == 201, answer.json


def test_200_orders_reach_tharstern_exactly_once_while_30_percent_of_submits_fail(make_connector, tharstern):
    connector = make_connector(THARSTERN_READ_TIMEOUT_S=READ_TIMEOUT_S, OUTBOX_BACKOFF_BASE_S=0.05,
                               OUTBOX_BACKOFF_CAP_S=0.5)
    tharstern.edit_product(1006, Available=100_000)
    for n, (kind, extra) in enumerate(FAULTS):  # independently seeded
        tharstern.fault(kind=kind, method="POST", path=SUBMIT, seed=n + 1, **extra)
    references = {f"SOAK-{n:03d}" for n in range(ORDERS)}
    for reference in sorted(references):
        place(connector, reference)

    orders = until_all_left_the_outbox(connector, references)
    assert Counter(o["state"] for o in orders) == {"submitted": ORDERS}
    created = [o for o in tharstern.state()["orders"] if o["UniqueSubmitOrderID"].startswith("SOAK-")]
    ids = Counter(o["UniqueSubmitOrderID"] for o in created)
    assert set(ids) == references and set(ids.values()) == {1}, ids.most_common(3)

    fired = {rule["kind"]: rule["fired"] for rule in tharstern.faults()}
    attempts = sum(sub["attempts"] for o in orders
                   for sub in connector.sf("GET", f"/orders/{o['id']}").json["submissions"])
    assert all(fired.values()), fired                              # every kind fired...
    assert sum(fired.values()) >= 0.2 * attempts, (fired, attempts)  # ...on about 30 % of the calls
    assert attempts >= ORDERS + sum(fired.values())                # and each failed call was retried
    details = [connector.sf("GET", f"/orders/{o['id']}").json for o in orders]
    assert len({d["lines"][0]["tharstern_order_no"] for d in details}) == ORDERS
