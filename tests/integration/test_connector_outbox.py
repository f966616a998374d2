"""The outbox's retries on the connector's clock, and what ``wait_idle`` waits for. (The fault
soak and the hard restart are in tests/reliability/.)"""
from __future__ import annotations

SUBMIT = "/TharsternAPI/api/orders/submit"


def sales_orders(tharstern, prefix: str) -> list[dict]:
    return [o for o in tharstern.state()["orders"] if o["UniqueSubmitOrderID"].startswith(prefix)]


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


def test_waiting_for_the_outbox_includes_reading_the_job_numbers(make_connector, tharstern):
    """After a submit is recorded ``sent`` the worker still reads the order's jobs; an idle
    outbox must mean that read is done too (it once returned in between, and a test under load
    saw no job number)."""
    connector = make_connector()
    tharstern.fault(kind="latency", delay_ms=600, method="GET", path="/TharsternAPI/api/jobs*", times=1)
    order = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    line = connector.sent(order["id"])["lines"][0]
    assert line["job_no"] and line["job_status"] == "Entered"
