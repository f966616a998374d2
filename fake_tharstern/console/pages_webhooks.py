"""Console page: webhook subscriptions, the retry policy, and deliveries with every attempt."""
from __future__ import annotations

from flask import Blueprint, request

from ..backend.webhooks import EVENTS
from ..control.webhooks import STATUSES
from . import reads
from .queries import DeliveryQuery, read_query
from .render import fake, render

SHOWN = 100


def webhooks():
    args, errors = read_query(DeliveryQuery(), request.args)
    backend = fake()
    query = {k: v for k, v in args.items() if k in ("status", "event", "job_no", "stock_item_id", "subscription_id")}
    if "job_no" in query and "stock_item_id" in query:
        errors["stock_item_id"] = "filter by job or by stock item, not both"
        del query["stock_item_id"]
    limit = args.get("limit", SHOWN)
    deliveries = list(reversed(backend.list_webhook_deliveries(**query, limit=limit)))
    everything = backend.list_webhook_deliveries(body=False)
    return render("webhooks.html", "Webhooks", subscriptions=backend.webhooks.list_subscriptions(),
                  policy=backend.webhook_policy(), deliveries=deliveries, counts=reads.delivery_summary(everything),
                  total=len(everything), args=args, errors=errors, events=EVENTS, statuses=STATUSES, limit=limit)


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/webhooks", "webhooks", webhooks)
