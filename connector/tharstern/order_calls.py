"""Tharstern calls of orders, jobs, webhook subscriptions and fresh stock items, on top of a
``TharsternClient``. None of the POSTs is retried here: the outbox owns retries."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain.records import StockItem
from . import errors, wire
from .client import TharsternClient


@dataclass(frozen=True)
class SubmitResult:
    unique_submit_order_id: str
    order_id: int
    order_no: str
    status_details: str

    @property
    def ok(self) -> bool:
        return self.order_id > 0


@dataclass(frozen=True)
class JobRecord:
    job_no: str
    status: str | None
    sales_order_no: str
    ref1: str
    ref2: str
    changed_at: str | None
    deliveries: tuple[dict[str, Any], ...]


def submit_orders(client: TharsternClient, orders: list[dict[str, Any]]) -> list[SubmitResult]:
    """``POST orders/submit`` → one result per order Tharstern answered for (``ID=0`` = failed)."""
    body = client.call("POST", "orders/submit", json_body={"Orders": orders}, allow_failure=True)
    details = wire.pick(body, "Details")
    answered = wire.pick(details, "Orders", default=None)
    if not isinstance(answered, list):
        raise errors.NotTharsternAnswer(f"{client.where} answered orders/submit without Details.Orders")
    results = []
    for item in answered:
        if not isinstance(item, dict):
            continue
        results.append(SubmitResult(
            unique_submit_order_id=wire.text(item, "UniqueSubmitOrderID"),
            order_id=wire.to_int(wire.pick(item, "ID", "Id"), 0) or 0,
            order_no=wire.text(item, "OrderNo"),
            status_details=wire.text(item, "StatusDetails")))
    return results


def job_record(data: dict[str, Any]) -> JobRecord | None:
    job_no = wire.text(data, "JobNo")
    if not job_no:
        return None
    history = wire.pick(data, "StatusHistory", default=[]) or []
    changed = wire.pick(history[-1], "ChangedDateTime") if history and isinstance(history[-1], dict) else None
    deliveries = tuple(d for d in (wire.pick(data, "Deliveries", default=[]) or []) if isinstance(d, dict))
    return JobRecord(job_no=job_no, status=wire.enum_name(wire.pick(data, "Status")),
                     sales_order_no=wire.text(data, "SalesOrderNo"), ref1=wire.text(data, "Ref1"),
                     ref2=wire.text(data, "Ref2"), changed_at=changed if isinstance(changed, str) else None,
                     deliveries=deliveries)


def jobs(client: TharsternClient, *, job_nos: list[str] | None = None, ref1: str | None = None) -> list[JobRecord]:
    """``GET jobs`` by job numbers (repeated ``jobNo``) or by ``ref1`` (every page)."""
    params: dict[str, Any] = {}
    if job_nos:
        params["jobNo"] = list(job_nos)
    if ref1:
        params["ref1"] = ref1
    return [j for j in map(job_record, client.all_pages("jobs", params)) if j is not None]


def stock_items_by_id(client: TharsternClient, ids: list[int], customer_code: str | None = None) -> list[StockItem]:
    """Fresh stock items (never cached): ``GET products?id=..&id=..`` [&customerCode=]."""
    if not ids:
        return []
    params: dict[str, Any] = {"id": sorted(set(ids))}
    if customer_code:
        params["customerCode"] = customer_code
    return [s for s in map(wire.stock_item, client.all_pages("products", params)) if s is not None]


def subscriptions(client: TharsternClient) -> list[dict[str, Any]]:
    return [s for s in client.all_pages("webhooks/subscriptions", {}) if isinstance(s, dict)]


def create_subscription(client: TharsternClient, url: str, events: list[str], secret: str) -> int | None:
    body = client.call("POST", "webhooks/subscriptions", json_body={"Url": url, "Events": events, "Secret": secret})
    details = wire.pick(body, "Details")
    found = details
    items, _ = wire.items_of(details)
    if items and isinstance(items[0], dict):
        found = items[0]
    return wire.to_int(wire.pick(found, "ID", "Id"))


def delete_subscription(client: TharsternClient, subscription_id: int) -> None:
    client.call("DELETE", f"webhooks/subscriptions/{int(subscription_id)}", allow_failure=True)
