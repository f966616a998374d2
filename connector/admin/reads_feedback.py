"""What the webhooks and orders pages show, and their cards on the start page (steps 6 and 7).
No Flask, no writes.

``fingerprint`` is what a watching page compares to notice news: the same values, read from the
page's REST answer, are joined the same way by ``admin.js`` (``data-watch``), which reloads the
page (or, when a form was edited, says so) once they differ.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..models import Order, Storefront, WebhookSubscription
from .reads import Step

ORDER_STATE_LABELS = {"awaiting_approval": "held for approval", "awaiting_workflow": "held for workflow",
                      "queued": "in the outbox", "submitted": "sent", "partly_failed": "partly refused",
                      "failed": "refused"}
ORDER_STATE_STYLE = {"awaiting_approval": "held", "awaiting_workflow": "held", "queued": "pending",
                     "submitted": "delivered", "partly_failed": "dead", "failed": "dead"}
SUBMISSION_STYLE = {"pending": "pending", "sending": "sending", "sent": "delivered", "failed": "dead"}
OUTCOME_LABELS = {"applied": "accepted, applied", "stale": "accepted, older than what we have (kept the status)",
                  "unmatched": "accepted, no order line has this job", "ignored": "accepted, not used"}
OUTCOME_STYLE = {"applied": "delivered", "stale": "pending", "unmatched": "pending", "ignored": "pending"}
ORDER_WATCH_KEYS = ("state", "lines.job_no", "lines.job_status", "lines.tracking_number")
LIST_WATCH_KEYS = ("id", "state")
EVENT_WATCH_KEYS = ("event_id", "deliveries")


def webhook_step(sf: Storefront, subscription: WebhookSubscription | None, events: int, refusals: int) -> Step:
    title, endpoint = "Webhooks", "admin.webhooks"
    facts = [f"{events} event(s) received, {refusals} request(s) refused"]
    if subscription is None or subscription.synced_at is None:
        problem = f" The last try failed: {subscription.last_error}" if subscription and subscription.last_error else ""
        return Step(6, title, endpoint, "warn" if problem else "todo",
                    "Tharstern does not send job news to this storefront yet: sync the subscription." + problem, facts)
    facts = [f"Subscribed {subscription.url}", f"Events: {', '.join(subscription.events)}",
             f"Synced {subscription.synced_at.strftime('%Y-%m-%d %H:%M:%S')} UTC", *facts]
    if subscription.last_error:
        return Step(6, title, endpoint, "warn", f"The last sync failed: {subscription.last_error}", facts)
    return Step(6, title, endpoint, "done", "Tharstern sends job status and tracking to this storefront.", facts)


def orders_step(orders: list[Order]) -> Step:
    title, endpoint = "Orders", "admin.orders"
    if not orders:
        return Step(7, title, endpoint, "todo", "No orders yet: place a test order as a storefront customer.")
    counts: dict[str, int] = {}
    for order in orders:
        counts[order.state] = counts.get(order.state, 0) + 1
    lines = [line for order in orders for line in order.lines]
    tracked = sum(1 for line in lines if line.tracking_number)
    jobs = sum(1 for line in lines if line.job_no)
    facts = [", ".join(f"{n} {ORDER_STATE_LABELS.get(state, state)}" for state, n in sorted(counts.items())),
             f"{jobs} of {len(lines)} line(s) have a Tharstern job, {tracked} a tracking number"]
    refused = counts.get("failed", 0) + counts.get("partly_failed", 0)
    state = "warn" if refused else "done"
    return Step(7, title, endpoint, state, f"{len(orders)} order(s)" + (
        f"; {refused} refused by Tharstern" if refused else "") + ".", facts)


def fingerprint(data: Any, keys: Iterable[str]) -> str:
    """The values at ``keys`` (dotted paths; lists are walked) joined by ``|``; null is empty."""
    return "|".join(_text(v) for key in keys for v in _values(data, key.split(".")))


def _values(node: Any, path: list[str]) -> list[Any]:
    if isinstance(node, list):
        return [v for item in node for v in _values(item, path)]
    if not path:
        return [node]
    return _values(node.get(path[0]) if isinstance(node, dict) else None, path[1:])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

