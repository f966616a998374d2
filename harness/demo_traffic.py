"""What ``tharness demo`` does after both servers are reset, so that every admin page has
something real to show: Check Connection, the webhook subscription synced, and orders placed
through the connector that the fake really made jobs of — one despatched with a tracking number,
one in production, one held for approval — with the webhooks delivered. Over HTTP only, as the
harness always talks to the servers.

The connector's own demo fixture keeps its four orders with made-up Tharstern numbers; these
come after them (``DEMO-2001``...).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

import requests

SF = "/api/storefronts/default"
TRACKING, COURIER = "1Z999AA10123450001", "UPS"
DESPATCH = ("OutOnProof", "InProduction", "FinishedProduction", "Despatched")
SENT_WITHIN_S = 30.0
POLL_EVERY_S = 0.1


class DemoTrafficFailed(RuntimeError):
    """A step of the demo traffic did not do what it should (the message says which)."""


@dataclass
class DemoOrder:
    reference: str
    customer_id: int
    variant_id: int
    quantity: int
    moves: tuple[str, ...] = ()
    held: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


ORDERS = (
    DemoOrder("DEMO-2001", 4, 4, 50, moves=DESPATCH, extra={"TrackingNumber": TRACKING, "Courier": COURIER}),
    DemoOrder("DEMO-2002", 1, 1, 250, moves=("OutOnProof", "InProduction")),
    DemoOrder("DEMO-2003", 2, 7, 2, held=True),
)


JSON = {"Content-Type": "application/json"}  # both servers require it on state changes, bodiless ones too


@dataclass
class Demo:
    fake_url: str
    connector_url: str
    http: requests.Session = field(default_factory=requests.Session)

    def connector(self, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
        answer = self.http.request(method, f"{self.connector_url}{SF}{path}", json=body, timeout=60, headers=JSON)
        if answer.status_code != expect:
            raise DemoTrafficFailed(f"{method} {SF}{path} answered {answer.status_code}: {answer.text[:300]}")
        return answer.json()

    def fake(self, method: str, path: str, body: Any = None) -> Any:
        answer = self.http.request(method, f"{self.fake_url}/_fake{path}", json=body, timeout=60, headers=JSON)
        if answer.status_code >= 300:
            raise DemoTrafficFailed(f"{method} /_fake{path} answered {answer.status_code}: {answer.text[:300]}")
        return answer.json()


def make_demo_traffic(fake_url: str, connector_url: str,
                      clock: Callable[[], float] = time.monotonic, pause: Callable[[float], None] = time.sleep) -> None:
    demo = Demo(fake_url, connector_url)
    demo.http.trust_env = False
    check = demo.connector("POST", "/connection/check")
    if not check.get("ok"):
        raise DemoTrafficFailed(f"Check Connection failed: {check.get('problem')}: {check.get('message')}")
    demo.connector("POST", "/subscriptions/sync")
    for order in ORDERS:
        placed = demo.connector("POST", "/orders", {
            "reference": order.reference, "customer_id": order.customer_id, "awaiting_approval": order.held,
            "lines": [{"variant_id": order.variant_id, "quantity": order.quantity}]}, expect=201)
        if order.held:
            continue
        job_no = _job_once_sent(demo, placed["id"], clock, pause)
        for status in order.moves:
            extra = order.extra if status == "Despatched" else {}
            demo.fake("POST", f"/jobs/{job_no}/status", {"Status": status, **extra})
    flushed = demo.fake("POST", "/webhooks/flush", {"timeout_s": 20})
    if not flushed.get("drained", True):
        raise DemoTrafficFailed(f"the fake's webhooks were not all delivered: {flushed}")


def _job_once_sent(demo: Demo, oid: int, clock: Callable[[], float], pause: Callable[[float], None]) -> str:
    """The order's first job number, once the connector's outbox has sent it to the fake."""
    deadline = clock() + SENT_WITHIN_S
    while True:
        order = demo.connector("GET", f"/orders/{oid}")
        if order["state"] in ("failed", "partly_failed"):
            raise DemoTrafficFailed(f"Tharstern refused demo order {order['reference']}: {order['message']}")
        job_no = order["lines"][0]["job_no"] if order["state"] == "submitted" else None
        if job_no:
            return job_no
        if clock() > deadline:
            raise DemoTrafficFailed(f"demo order {order['reference']} was not sent within {SENT_WITHIN_S:g} s: "
                                    f"{order['message']}")
        pause(POLL_EVERY_S)
