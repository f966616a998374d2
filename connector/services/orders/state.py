"""Releasing held orders into the outbox, and an order's state from its submissions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ...domain.orders import releasable
from ...models import Order, Submission
from .payload import tharstern_orders

HELD_MESSAGES = {
    "awaiting_approval": "Waiting for approval: orders awaiting approval are not sent to Tharstern until approved.",
    "awaiting_workflow": "Waiting for the workflow status '{transfer_on}' (now '{workflow_status}') before it is "
                         "sent to Tharstern.",
}


def release_if_ready(session: Session, order: Order, now: datetime) -> bool:
    """Write the order's submissions into the outbox when nothing holds it; True if it did."""
    if order.released_at is not None:
        return False
    held = releasable(needs_approval=order.needs_approval, approved=order.approved_at is not None,
                      transfer_on=order.transfer_on, workflow_status=order.workflow_status)
    if held:
        order.state = held
        return False
    order.released_at = now
    order.state = "queued"
    for unique_id, lines, payload in tharstern_orders(order):
        submission = Submission(storefront_id=order.storefront_id, unique_submit_order_id=unique_id, payload=payload,
                                state="pending", attempts=0, created_at=now, next_attempt_at=now)
        order.submissions.append(submission)
        for line in lines:
            line.submission = submission
    session.flush()
    return True


def refresh_state(order: Order) -> None:
    """queued while anything is unsent; then submitted, failed or partly_failed."""
    if order.released_at is None:
        return
    states = [s.state for s in order.submissions]
    if any(s in ("pending", "sending") for s in states):
        order.state = "queued"
    elif all(s == "sent" for s in states):
        order.state = "submitted"
    elif all(s == "failed" for s in states):
        order.state = "failed"
    else:
        order.state = "partly_failed"


def state_message(order: Order) -> str:
    if order.state in HELD_MESSAGES:
        return HELD_MESSAGES[order.state].format(transfer_on=order.transfer_on, workflow_status=order.workflow_status)
    if order.state == "queued":
        waiting = [s for s in order.submissions if s.state in ("pending", "sending")]
        retrying = [s for s in waiting if s.attempts]
        if retrying:
            return (f"In the outbox: {len(waiting)} submission(s) to send; retrying after "
                    f"{retrying[0].attempts} failed attempt(s) ({retrying[0].last_error}).")
        offline = (f"Accepted while Tharstern could not be asked ({order.accepted_offline}), with prices and stock "
                   "the storefront knows. " if order.accepted_offline else "")
        return offline + f"In the outbox: {len(waiting)} submission(s) to send to Tharstern."
    if order.state == "submitted":
        numbers = ", ".join(s.tharstern_order_no or "?" for s in order.submissions)
        return f"Sent to Tharstern as {numbers}."
    failed = [s for s in order.submissions if s.state == "failed"]
    details = "; ".join(f"{s.unique_submit_order_id}: {s.status_details}" for s in failed)
    prefix = "Tharstern refused the order" if order.state == "failed" else "Tharstern refused part of the order"
    return f"{prefix}: {details}"
