"""Orders, lines and submissions → answer dictionaries (``schemas_orders`` describes them)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..domain.job_tracking import transitions
from ..models import Order, OrderLine, Submission
from ..services.orders.state import state_message
from .answers import iso


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def line(item: OrderLine) -> dict[str, Any]:
    value = ({"Net": _number(item.value_net), "Tax": _number(item.value_tax)} if item.send_price else None)
    return {
        "id": item.id, "line_no": item.line_no, "line_ref": item.line_ref, "variant_id": item.variant_id,
        "description": item.description, "stock_item_id": item.stock_item_id, "stock_item_code": item.stock_item_code,
        "quantity": item.quantity, "attribute_value_ids": list(item.attribute_value_ids or []),
        "attributes": list(item.attributes or []), "artwork_urls": list(item.artwork_urls or []),
        "price": _number(item.price), "price_source": item.price_source, "price_message": item.price_message,
        "estimate_id": item.estimate_id, "estimate_ref": item.estimate_ref, "send_price": item.send_price,
        "send_price_reason": item.send_price_reason, "value": value, "tax_rate": _number(item.tax_rate),
        "tharstern_order_no": item.tharstern_order_no, "job_no": item.job_no, "job_status": item.job_status,
        "tracking_number": item.tracking_number, "courier": item.courier, "despatched_at": item.despatched_at,
        "history": transitions(item.history), "last_sequence": item.last_sequence, "last_news_at": iso(item.last_news_at),
    }


def submission(item: Submission) -> dict[str, Any]:
    return {
        "unique_submit_order_id": item.unique_submit_order_id, "state": item.state, "attempts": item.attempts,
        "next_attempt_at": iso(item.next_attempt_at) if item.state == "pending" else None,
        "last_attempt_at": iso(item.last_attempt_at), "last_error": item.last_error, "sent_at": iso(item.sent_at),
        "tharstern_order_id": item.tharstern_order_id, "tharstern_order_no": item.tharstern_order_no,
        "status_details": item.status_details, "line_nos": [order_line.line_no for order_line in item.lines], "payload": item.payload,
    }


def total(order: Order) -> float | None:
    prices = [order_line.price for order_line in order.lines]
    known = [p for p in prices if p is not None]
    if len(known) < len(prices):
        return None
    return float(sum(known, Decimal(0)))


def order(item: Order) -> dict[str, Any]:
    shipping = None
    if item.shipping_net is not None:
        shipping = {"net": _number(item.shipping_net), "tax_rate": _number(item.shipping_tax_rate),
                    "sent": item.include_shipping}
    return {
        "id": item.id, "reference": item.reference, "state": item.state, "message": state_message(item),
        "customer_id": item.customer_id,
        "customer_code": {"code": item.customer_code, "rule": item.customer_code_rule},
        "awaiting_approval": item.needs_approval and item.approved_at is None, "approved_at": iso(item.approved_at),
        "workflow_status": item.workflow_status, "workflow_history": list(item.workflow_history or []),
        "transfer_on": item.transfer_on, "grouping": item.grouping, "released_at": iso(item.released_at),
        "requested_date": item.requested_date, "required_date": item.required_date, "placed_at": iso(item.placed_at),
        "delivery_address": item.delivery_address, "shipping": shipping, "currency": item.currency,
        "total": total(item), "accepted_offline": item.accepted_offline,
        "lines": [line(order_line) for order_line in item.lines],
        "submissions": [submission(s) for s in item.submissions],
    }


def order_summary(item: Order) -> dict[str, Any]:
    return {"id": item.id, "reference": item.reference, "state": item.state, "customer_code": item.customer_code,
            "placed_at": iso(item.placed_at), "lines": len(item.lines), "total": total(item)}
