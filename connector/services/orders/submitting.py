"""Sending one outbox submission to ``orders/submit`` and recording what came back.

The submission was marked ``sending`` (and its attempt counted) before the call. Tharstern's
answer decides: an ``ID`` above 0 is sent (the lines get the sales order number, then their job
numbers from ``GET jobs?ref1=``); ``ID=0`` is final and its ``StatusDetails`` shown; a transport
failure, a 5xx, an answer that is not Tharstern's or that leaves the order out is retried after a
backoff. A 400 (the JSON itself is refused) is final: sending it again cannot help.
Resending after an ambiguous failure (a timeout after Tharstern created the order) is safe:
Tharstern answers a known ``UniqueSubmitOrderID`` with the first result and creates nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from sqlalchemy import select

from ...domain.job_tracking import JobNews, apply_poll
from ...models import OrderLine, Storefront, Submission
from ...tharstern import errors
from ...tharstern.factory import ConnectionIncomplete
from ...tharstern.order_calls import SubmitResult, jobs, submit_orders
from .state import refresh_state

log = logging.getLogger("connector.outbox")


@dataclass(frozen=True)
class Claimed:
    submission_id: int
    storefront_id: int
    unique_id: str
    payload: dict
    attempt: int


def send(rt, claimed: Claimed, still_current: Callable[[], bool], backoff: Callable[[int], float],
         owner: str | None = None) -> str:
    """Send a claimed submission; returns the state it ended in (pending, sent or failed), or
    ``dropped`` when the row is no longer this claim's (a reset, or the lease passed and another
    process took it over: that process records the outcome)."""
    with rt.store.sessions() as session:
        sf = session.get(Storefront, claimed.storefront_id)
        session.commit()
    result: SubmitResult | None = None
    problem: str | None = None
    final = False
    try:
        if sf is None:
            raise ConnectionIncomplete(["storefront"])
        client = rt.clients.for_storefront(sf)
        results = submit_orders(client, [claimed.payload])
        result = next((r for r in results if r.unique_submit_order_id == claimed.unique_id), None)
        if result is None and len(results) == 1 and not results[0].unique_submit_order_id:
            result = results[0]
        if result is None:
            problem = "Tharstern's answer did not include the order"
    except errors.InvalidRequest as error:
        problem, final = error.message, True
    except errors.TharsternError as error:
        problem = error.summary
    except ConnectionIncomplete as error:
        problem = f"the connection settings are incomplete ({', '.join(error.missing)})"
    if not still_current():
        return "dropped"
    with rt.store.sessions() as session:
        submission = session.get(Submission, claimed.submission_id, with_for_update=not rt.store.is_sqlite)
        if submission is None or submission.state != "sending" or submission.attempts != claimed.attempt \
                or (owner is not None and submission.claimed_by != owner):
            session.rollback()
            return "dropped"  # emptied by a reset meanwhile, or taken over by another process
        now = rt.clock.now()
        if result is not None and result.ok:
            submission.claimed_by = submission.lease_until = None
            submission.state, submission.sent_at = "sent", now
            submission.tharstern_order_id, submission.tharstern_order_no = result.order_id, result.order_no
            submission.status_details, submission.last_error, submission.next_attempt_at = result.status_details, None, None
            for line in submission.lines:
                line.tharstern_order_no = result.order_no
                line.last_news_at = now
        elif result is not None or final:
            submission.claimed_by = submission.lease_until = None
            submission.state, submission.next_attempt_at = "failed", None
            submission.status_details = result.status_details if result is not None else problem
            submission.last_error = None if result is not None else problem
        else:
            submission.claimed_by = submission.lease_until = None
            submission.state = "pending"
            submission.last_error = problem
            submission.next_attempt_at = now + timedelta(seconds=backoff(claimed.attempt))
        refresh_state(submission.order)
        state, order_ref = submission.state, submission.order.reference
        session.commit()
    log.info("Outbox: %s attempt %d → %s%s", claimed.unique_id, claimed.attempt, state,
             f" ({problem})" if problem and state != "sent" else "")
    if state == "sent":
        read_job_numbers(rt, claimed.storefront_id, order_ref)
    return state


def read_job_numbers(rt, storefront_id: int, reference: str) -> int:
    """Ask Tharstern for the jobs of an order (``GET jobs?ref1=<order>``) and give each line its
    job number and status. A failure is only logged: events and reconcile fill them in later."""
    with rt.store.sessions() as session:
        sf = session.get(Storefront, storefront_id)
        session.commit()
        try:
            found = jobs(rt.clients.for_storefront(sf), ref1=reference)
        except (errors.TharsternError, ConnectionIncomplete) as error:
            log.info("Outbox: jobs of %s not read yet: %s", reference, type(error).__name__)
            return 0
        by_ref = {job.ref2: job for job in found if job.ref1 == reference}
        lines = session.scalars(select(OrderLine).where(OrderLine.storefront_id == storefront_id,
                                                        OrderLine.line_ref.in_(list(by_ref)))).all()
        changed = 0
        now = rt.clock.now()
        for line in lines:
            job = by_ref[line.line_ref]
            news = JobNews(job.job_no, job.status, job.changed_at, job.deliveries, source="submit")
            changed += apply_poll(line, news)
            line.last_news_at = now
        session.commit()
        return changed
