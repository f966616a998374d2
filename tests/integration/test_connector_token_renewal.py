"""Tokens when the connector's clock and Tharstern's disagree, and the job numbers an order line
needs — over real sockets to the fake.

Found from outside: with the connector's clock moved past the token's life, every call judged
the token it had just been given as expired and asked for another; Tharstern keeps one token per
user and application, so each new token took the last one from under a call in flight. The
outbox's read of job numbers after a submit then met two 401s, the line stayed without its job
number, and only ``reconcile {"older_than_s": 0}`` filled it in.
"""
from __future__ import annotations

import threading

TOKEN = "authentication/generateapitoken"


def _statuses(tharstern) -> list[tuple[str, int]]:
    return [(e["path"].rsplit("/api/", 1)[-1], e["status"]) for e in tharstern.journal()]


def test_a_connector_clock_past_the_tokens_life_keeps_one_token_and_every_job_number(make_connector, tharstern):
    connector = make_connector()
    connector.price(variant_id=4, quantity=20)  # a token, by both clocks valid for an hour
    connector.advance_clock(3700)  # the connector now thinks that hour is over; Tharstern does not
    tharstern.clear_journal()
    placed, problems = [], []

    def shop(n: int) -> None:
        client = connector.app.test_client()
        for _ in range(3):
            priced = client.post("/api/storefronts/default/prices", json={"variant_id": 1, "quantity": 100 + 50 * n})
            if priced.status_code != 200 or priced.json["price"] is None:
                problems.append(priced.json["message"])
        answer = client.post("/api/storefronts/default/orders",
                             json={"customer_id": 4, "lines": [{"variant_id": 4, "quantity": 20 + n}]})
        (placed.append(answer.json["id"]) if answer.status_code == 201 else problems.append(answer.json))

    threads = [threading.Thread(target=shop, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not problems and len(placed) == 3, problems
    lines = [line for oid in placed for line in connector.sent(oid)["lines"]]
    assert all(line["job_no"] and line["job_status"] == "Entered" for line in lines), lines
    statuses = _statuses(tharstern)
    assert [s for s in statuses if s[1] == 401] == []
    assert statuses.count((TOKEN, 200)) == 1  # one new token, kept for its life by Tharstern's clock


def test_a_line_whose_job_number_could_not_be_read_is_found_by_the_default_reconcile(make_connector, tharstern):
    connector = make_connector()
    tharstern.fault(kind="error", status=401, method="GET", path="*/api/jobs", times=2)  # renewal refused too
    order = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    line = connector.sent(order["id"])["lines"][0]
    assert line["tharstern_order_no"] and line["job_no"] is None
    assert _statuses(tharstern)[-3:] == [("jobs", 401), (TOKEN, 200), ("jobs", 401)]  # the read renews once
    result = connector.sf("POST", "/reconcile", json={})  # the default: no news for 600 s
    assert result.status_code == 200
    assert [(r["line_ref"], r["changed"]) for r in result.json["lines"]] == [(line["line_ref"], True)]
    line = connector.sf("GET", f"/orders/{order['id']}").json["lines"][0]
    assert line["job_no"] and line["job_status"] == "Entered"
