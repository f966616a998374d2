"""Admin page: step 6 webhooks — the storefront's subscription in Tharstern (synced or not, the
URL, the events, the last sync), syncing it and reconciling missed news through the REST routes,
the events received (applied, stale, unmatched, ignored; copies counted once) and the requests
refused with their reason (bad signature, timestamp outside the window, ...)."""
from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from sqlalchemy import func, select

from tharstern_kit.pages.queries import read_query

from ..models import WebhookEvent, WebhookRefusal, WebhookSubscription
from ..models.webhooks import OUTCOMES
from ..resources import answers
from ..services.feedback.subscriptions import receiver_url
from ..services.runtime import db
from . import reads_feedback
from .queries import EventsFilter
from .render import render, storefront

SHOWN = 100


def _event(e: WebhookEvent) -> dict:
    return {"event_id": e.event_id, "event": e.event, "sequence": e.sequence, "subject": e.subject,
            "received_at": answers.iso(e.received_at), "deliveries": e.deliveries, "outcome": e.outcome,
            "detail": e.detail}


def webhooks(sf: str):
    found = storefront(sf)
    session = db()
    args, errors = read_query(EventsFilter(), request.args)
    subscription = session.scalar(select(WebhookSubscription).where(WebhookSubscription.storefront_id == found.id))
    query = select(WebhookEvent).where(WebhookEvent.storefront_id == found.id)
    if args.get("outcome"):
        query = query.where(WebhookEvent.outcome == args["outcome"])
    events = [_event(e) for e in session.scalars(query.order_by(WebhookEvent.id.desc()).limit(SHOWN))]
    refusals = list(session.scalars(select(WebhookRefusal).where(WebhookRefusal.storefront_id == found.id)
                                    .order_by(WebhookRefusal.id.desc()).limit(SHOWN)))
    total = session.scalar(select(func.count()).select_from(WebhookEvent).where(WebhookEvent.storefront_id == found.id))
    sub = None
    if subscription is not None:
        sub = {"url": subscription.url, "events": list(subscription.events or []),
               "tharstern_id": subscription.tharstern_id, "synced_at": answers.iso(subscription.synced_at),
               "last_error": subscription.last_error}
    would_be = receiver_url(current_app.config.get("PUBLIC_URL"), request.environ, found.key)
    watch = {"limit": SHOWN, **({"outcome": args["outcome"]} if "outcome" in args else {})}
    return render("webhooks.html", "6 · Webhooks", found, subscription=sub, receiver=would_be, events=events,
                  total=total, refusals=[{"received_at": answers.iso(r.received_at), "status": r.status,
                                          "reason": r.reason, "webhook_id": r.webhook_id, "remote": r.remote}
                                         for r in refusals],
                  args=args, errors=errors, outcomes=[("", "every outcome")] + [(o, o) for o in OUTCOMES],
                  outcome_labels=reads_feedback.OUTCOME_LABELS, outcome_styles=reads_feedback.OUTCOME_STYLE,
                  reconcile_after=current_app.config["RECONCILE_AFTER_S"],
                  tolerance=current_app.config["WEBHOOK_TOLERANCE_S"],
                  watch_url=url_for("feedback.list_events", sf=found.key, **watch),
                  watch_keys=" ".join(reads_feedback.EVENT_WATCH_KEYS),
                  watch_print=reads_feedback.fingerprint(events, reads_feedback.EVENT_WATCH_KEYS))


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/<sf>/webhooks", "webhooks", webhooks)
