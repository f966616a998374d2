"""``POST /subscriptions/sync``: register the storefront's receiver URL in Tharstern for the job
and stock events, with a secret the connector generates and keeps (it is never answered or
logged). The new secret is stored before the subscription is made, and the one before it stays
accepted until the next sync, so no delivery in between is refused. Earlier subscriptions to the
same URL are deleted once the new one exists (their secrets are unknown: lists never show them)."""
from __future__ import annotations

import logging
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.webhook_signature import new_secret
from ...models import Storefront, WebhookSubscription
from ...tharstern import errors, wire
from ...tharstern.order_calls import create_subscription, delete_subscription, subscriptions
from ..runtime import Runtime

log = logging.getLogger("connector.webhooks")
EVENTS = ["JobStatusChanged", "JobDespatched", "StockItemChanged"]


def receiver_url(public_url: str | None, request_root: str, sf_key: str) -> str:
    root = (public_url or request_root).rstrip("/")
    return f"{root}/webhooks/tharstern/{sf_key}"


def sync(rt: Runtime, session: Session, sf: Storefront, url: str) -> dict[str, Any]:
    client = rt.clients.for_storefront(sf)
    row = session.scalar(select(WebhookSubscription).where(WebhookSubscription.storefront_id == sf.id))
    if row is None:
        row = WebhookSubscription(storefront_id=sf.id, url=url, events=list(EVENTS), secret="")
        session.add(row)
    row.previous_secret = row.secret or None
    row.secret = new_secret(secrets.token_bytes(32))
    row.url, row.events = url, list(EVENTS)
    session.commit()  # the secret is kept before Tharstern can sign anything with it
    try:
        created = create_subscription(client, url, list(EVENTS), row.secret)
        replaced = [wire.to_int(wire.pick(s, "ID", "Id")) for s in subscriptions(client)
                    if wire.text(s, "Url") == url and wire.to_int(wire.pick(s, "ID", "Id")) != created]
        for old in replaced:
            if old is not None:  # a subscription without an ID cannot be deleted
                delete_subscription(client, old)
    except errors.TharsternError as error:
        row.last_error = error.summary
        session.commit()
        raise
    row.tharstern_id, row.synced_at, row.last_error = created, rt.clock.now(), None
    session.commit()
    log.info("Webhooks of storefront %s: subscribed %s in Tharstern (id %s), replaced %s", sf.key, url, created,
             replaced or "none")
    message = (f"Tharstern sends {', '.join(EVENTS)} to {url}, signed with a secret the connector keeps"
               + (f"; replaced earlier subscription(s) {', '.join(map(str, replaced))}" if replaced else "") + ".")
    return {"url": url, "events": list(EVENTS), "tharstern_id": created, "replaced": replaced,
            "synced_at": rt.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "message": message}
