"""The webhook receiver (``POST /webhooks/tharstern/{sf}``): check the Standard Webhooks
signature and timestamp window (401 otherwise, every refusal logged and kept as a
``WebhookRefusal`` without secrets, signature or body), store
every event once per ``EventId`` (a copy counts as another delivery and changes nothing), and
apply it in the same transaction: job events to the storefront's order line of that job (found
by job number, else by the ``Ref2`` the line was sent with), ``StockItemChanged`` to imported
products. Events older than the line's last ``Sequence`` never move it backwards. Across processes
sharing one database (PostgreSQL) the unique ``(storefront, EventId)`` makes the insert of a copy
fail, so its transaction (and what applying it changed) is rolled back: applied once; the line is
read ``FOR UPDATE`` (ignored by SQLite), so two events for one job apply one after the other and
the ``Sequence`` check sees the other's result. The request guard in front of the app
(``connector/guard_areas.py``) has already refused a body nested too deep or holding text that
cannot be stored, before the signature is checked."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Callable

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ...domain.job_tracking import JobNews, apply_event
from ...domain.webhook_signature import SignatureRefused, check
from ...models import OrderLine, Storefront, WebhookEvent, WebhookRefusal, WebhookSubscription
from ...tharstern import wire
from ..pressero.stock_sync import apply_stock_event
from ..runtime import Runtime

log = logging.getLogger("connector.webhooks")
JOB_EVENTS = ("JobStatusChanged", "JobDespatched")


@dataclass(frozen=True)
class Receipt:
    status: int
    body: dict[str, Any]


def _refuse(sf_key: str, status: int, reason: str, remote: str | None, msg_id: str | None,
            record: Callable[[int, str], None] | None = None) -> Receipt:
    if record is not None:
        record(status, reason)
    log.warning("Webhook to storefront %s refused (%d): %s [from %s, webhook-id %s]", sf_key, status, reason,
                remote or "?", (msg_id or "-")[:100])
    return Receipt(status, {"code": status, "status": HTTPStatus(status).phrase, "message": f"Webhook refused: {reason}."})


def receive(rt: Runtime, sf_key: str, headers: dict[str, str], body: bytes, remote: str | None) -> Receipt:
    msg_id = {k.lower(): v for k, v in headers.items()}.get("webhook-id")
    with rt.store.sessions() as session:
        sf = session.scalar(select(Storefront).where(Storefront.key == sf_key))
        if sf is None:
            return _refuse(sf_key, 404, "there is no such storefront", remote, msg_id)
        subscription = session.scalar(select(WebhookSubscription).where(WebhookSubscription.storefront_id == sf.id))
        sealed = (subscription.secret, subscription.previous_secret) if subscription else ()
        secrets = [s for s in map(rt.passwords.open, sealed) if s]
        session.commit()
        record = _recorder(rt, session, sf.id, remote, msg_id)
        if not secrets:
            return _refuse(sf_key, 401, "the storefront has no webhook secret yet (POST /subscriptions/sync)",
                           remote, msg_id, record)
        try:
            event_id = check(headers, body, secrets, rt.clock.time(), float(rt.config["WEBHOOK_TOLERANCE_S"]))
        except SignatureRefused as error:
            return _refuse(sf_key, 401, str(error), remote, msg_id, record)
        try:
            payload = json.loads(body)
        except ValueError:
            return _refuse(sf_key, 400, "the body is not JSON", remote, event_id, record)
        if not isinstance(payload, dict) or not isinstance(wire.pick(payload, "Data"), dict) \
                or not isinstance(wire.pick(payload, "Event"), str):
            return _refuse(sf_key, 400, "the body is not an event {EventId, Event, Sequence, Data}", remote, event_id,
                           record)
        if str(wire.pick(payload, "EventId", default=event_id)) != event_id:
            return _refuse(sf_key, 400, "EventId differs from webhook-id", remote, event_id, record)
        return _store_and_apply(rt, session, sf, event_id, payload)


def _recorder(rt: Runtime, session, storefront_id: int, remote: str | None,
              msg_id: str | None) -> Callable[[int, str], None]:
    """Keeps a refusal (without signature or body) and drops the oldest beyond ``KEEP``."""
    def record(status: int, reason: str) -> None:
        session.add(WebhookRefusal(storefront_id=storefront_id, received_at=rt.clock.now(), status=status,
                                   reason=reason, webhook_id=(msg_id or None) and msg_id[:100],
                                   remote=(remote or None) and remote[:64]))
        session.flush()
        stale = session.scalars(select(WebhookRefusal.id).where(WebhookRefusal.storefront_id == storefront_id)
                                .order_by(WebhookRefusal.id.desc()).offset(WebhookRefusal.KEEP)).all()
        if stale:
            session.execute(delete(WebhookRefusal).where(WebhookRefusal.id.in_(stale)))
        session.commit()
    return record


def _store_and_apply(rt: Runtime, session, sf: Storefront, event_id: str, payload: dict[str, Any]) -> Receipt:
    name = wire.pick(payload, "Event")
    sequence = wire.to_int(wire.pick(payload, "Sequence"))
    data = wire.pick(payload, "Data")
    known = session.scalar(select(WebhookEvent).where(WebhookEvent.storefront_id == sf.id,
                                                      WebhookEvent.event_id == event_id))
    if known is not None:
        known.deliveries = WebhookEvent.deliveries + 1  # in SQL: copies counted at once in other processes add up
        session.commit()
        log.info("Webhook %s %s for storefront %s received again (%d copies): not applied again", name, event_id,
                 sf.key, known.deliveries)
        return Receipt(200, {"event_id": event_id, "duplicate": True, "outcome": known.outcome,
                             "detail": f"already received ({known.deliveries} copies); applied once"})
    now = rt.clock.now()
    if name in JOB_EVENTS:
        subject = f"job:{wire.text(data, 'JobNo')}"
        outcome, detail = _apply_job_event(session, sf.id, data, sequence, event_id, now)
    elif name == "StockItemChanged":
        subject = f"stockitem:{wire.to_int(wire.pick(data, 'StockItemID', 'ID'))}"
        outcome, detail = apply_stock_event(session, sf.id, data, sequence, now)
    else:
        subject, outcome, detail = None, "ignored", f"the connector does not use {name} events"
    session.add(WebhookEvent(storefront_id=sf.id, event_id=event_id, event=name[:60], sequence=sequence,
                             subject=subject, received_at=now, deliveries=1, outcome=outcome, detail=detail,
                             body=payload))
    try:
        session.commit()
    except IntegrityError:  # the same event, received twice at once: the other copy applied it
        session.rollback()
        session.execute(update(WebhookEvent)
                        .where(WebhookEvent.storefront_id == sf.id, WebhookEvent.event_id == event_id)
                        .values(deliveries=WebhookEvent.deliveries + 1))
        session.commit()
        return Receipt(200, {"event_id": event_id, "duplicate": True, "outcome": "applied",
                             "detail": "received twice at once; applied once"})
    if name == "StockItemChanged" and outcome == "applied":
        rt.cache.clear(sf.id)
    log.info("Webhook %s %s for storefront %s: %s", name, event_id, sf.key, outcome)
    return Receipt(200, {"event_id": event_id, "duplicate": False, "outcome": outcome, "detail": detail})


def _apply_job_event(session, storefront_id: int, data: dict[str, Any], sequence: int | None, event_id: str,
                     now) -> tuple[str, str]:
    job_no = wire.text(data, "JobNo")
    ref2 = wire.text(data, "Ref2")
    line = None
    if job_no:
        line = session.scalar(select(OrderLine).where(OrderLine.storefront_id == storefront_id,
                                                      OrderLine.job_no == job_no).with_for_update())
    if line is None and ref2:
        line = session.scalar(select(OrderLine).where(OrderLine.storefront_id == storefront_id,
                                                      OrderLine.line_ref == ref2).with_for_update())
    if line is None:
        return "unmatched", f"no order line of this storefront has job {job_no or '?'} or Ref2 '{ref2}'"
    deliveries = tuple(d for d in (wire.pick(data, "Deliveries", default=[]) or []) if isinstance(d, dict))
    delivery = wire.pick(data, "Delivery")
    if isinstance(delivery, dict) and delivery not in deliveries:
        deliveries = (*deliveries, delivery)
    changed = wire.pick(data, "ChangedDateTime")
    news = JobNews(job_no=job_no, status=wire.enum_name(wire.pick(data, "Status")),
                   changed_at=changed if isinstance(changed, str) else None, deliveries=deliveries, sequence=sequence,
                   event_id=event_id)
    before = line.last_sequence
    outcome = apply_event(line, news)
    line.last_news_at = now
    if outcome == "stale":
        return outcome, (f"Sequence {sequence} is not after {before}, the last applied to line {line.line_ref}: "
                         "status kept")
    return outcome, f"line {line.line_ref}: job {line.job_no} {line.job_status}" + (
        f", tracking {line.tracking_number}" if line.tracking_number else "")
