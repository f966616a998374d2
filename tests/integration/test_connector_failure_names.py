"""One cause, one name: every caller of Tharstern reports the same ``problem`` and ``cause`` for
the same failure (``connector/tharstern/errors.py`` holds the one classification). Found from
outside: a web page where the API should be was ``wrong_url`` in Check Connection but
``unreachable`` in pricing."""
from __future__ import annotations

import re

import pytest

EVERY_CALL_BUT_THE_TOKEN = "*/api/[!a]*"  # the token call (authentication/...) stays healthy
FAILURES = {
    "html": ({"kind": "html"}, ("wrong_url", "not_tharstern")),
    "malformed": ({"kind": "malformed"}, ("wrong_url", "not_tharstern")),
    "drop": ({"kind": "drop"}, ("unreachable", "dropped")),
    "timeout": ({"kind": "latency", "delay_ms": 30000}, ("unreachable", "timeout")),
    "401": ({"kind": "error", "status": 401}, ("bad_credentials", "token_refused")),
    "403": ({"kind": "error", "status": 403}, ("unreachable", "forbidden")),
    "5xx": ({"kind": "error", "status": 503}, ("unreachable", "server_error")),
}
SUMMARY = re.compile(r"^(\w+) \((\w+)\): ")


@pytest.mark.parametrize("failure", list(FAILURES))
def test_every_caller_names_a_failure_alike(make_connector, tharstern, failure):
    rule, expected = FAILURES[failure]
    # the read timeout leaves a loaded machine time to answer; only the latency fault outlasts it
    connector = make_connector(THARSTERN_READ_TIMEOUT_S=3, THARSTERN_RETRIES=0)
    held = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}], awaiting_approval=True)
    tharstern.fault(path=EVERY_CALL_BUT_THE_TOKEN, **rule)
    seen = {}

    check = connector.sf("POST", "/connection/check").json
    seen["check"] = (check["problem"], check["details"]["cause"])

    priced = connector.price(variant_id=1, quantity=100)
    assert priced["price"] is None and priced["message"].startswith("Please call for price")
    seen["pricing"] = (priced["reason"], priced["cause"])

    refused = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{"variant_id": 4, "quantity": 20}]})
    assert refused.status_code in (502, 504)
    seen["orders"] = (refused.json["errors"]["tharstern"]["problem"], refused.json["errors"]["tharstern"]["cause"])

    assert connector.sf("POST", f"/orders/{held['id']}/approve", json={}).status_code == 200
    submission = connector.sent(held["id"])["submissions"][0]
    assert submission["state"] == "pending"
    seen["outbox"] = SUMMARY.match(submission["last_error"]).groups()

    stopped = connector.sf("POST", "/imports", json={"site": "shop.example.com", "external_user_id": "117",
                                                     "stock_item_ids": [1006]}).json
    assert stopped["state"] == "interrupted"
    seen["import"] = SUMMARY.match(stopped["last_error"]).groups()

    polled = connector.sf("POST", "/reconcile", json={})
    assert polled.status_code in (502, 504)
    seen["reconcile"] = (polled.json["errors"]["tharstern"]["problem"], polled.json["errors"]["tharstern"]["cause"])

    diagnosis = connector.sf("GET", "/connect-link/diagnose?product_type_id=1").json
    seen["diagnosis"] = (diagnosis["details"]["problem"], diagnosis["details"]["cause"])

    assert seen == {caller: expected for caller in seen}
