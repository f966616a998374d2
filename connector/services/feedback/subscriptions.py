"""``POST /subscriptions/sync``: register the storefront's receiver URL in Tharstern for the job
and stock events, with a secret the connector generates and keeps (it is never answered or
logged, and sealed at rest like the connection password). The new secret is stored before the subscription is made, and the one before it stays
accepted until the next sync, so no delivery in between is refused. Earlier subscriptions to the
same URL, and the one the last sync made (whatever its URL), are deleted once the new one exists,
so a re-sync replaces rather than adds.

The receiver URL never comes from a request header (``Host``, ``X-Forwarded-*``): it is
``CONNECTOR_PUBLIC_URL`` when set, else the address the server is serving on (the WSGI
``SERVER_NAME`` and ``SERVER_PORT``, which servers take from their listening socket). A server
listening on every interface (``0.0.0.0``, ``::``) has no such address, so the sync is refused
until ``CONNECTOR_PUBLIC_URL`` is set."""
from __future__ import annotations

import logging
import secrets
from typing import Any, Mapping, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.webhook_signature import new_secret
from ...errors import Conflict
from ...models import Storefront, WebhookSubscription
from ...tharstern import errors, wire
from ...tharstern.order_calls import create_subscription, delete_subscription, subscriptions
from ..runtime import Runtime

log = logging.getLogger("connector.webhooks")
EVENTS = ["JobStatusChanged", "JobDespatched", "StockItemChanged"]


UNSPECIFIED = {"", "0.0.0.0", "::", "[::]"}


def served_root(environ: Mapping[str, Any]) -> str | None:
    """``scheme://host:port`` of the socket the server listens on, or None when that is every interface."""
    host, port = str(environ.get("SERVER_NAME") or ""), str(environ.get("SERVER_PORT") or "")
    if host in UNSPECIFIED or not port.isdigit():
        return None
    scheme = environ.get("wsgi.url_scheme") or "http"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    default = (scheme, port) in (("http", "80"), ("https", "443"))
    return f"{scheme}://{host}" + ("" if default else f":{port}")


def receiver_url(public_url: str | None, environ: Mapping[str, Any], sf_key: str) -> str | None:
    """The URL Tharstern posts this storefront's events to; None when no address is known."""
    root = str(public_url) if public_url else served_root(environ)
    return f"{root.rstrip('/')}/webhooks/tharstern/{sf_key}" if root else None


def required_receiver_url(public_url: str | None, environ: Mapping[str, Any], sf_key: str) -> str:
    url = receiver_url(public_url, environ, sf_key)
    if url is None:
        raise Conflict("The connector listens on every interface, so it cannot tell Tharstern its address: set "
                       "CONNECTOR_PUBLIC_URL (e.g. https://shop.example.com) and sync again.",
                       {"CONNECTOR_PUBLIC_URL": ["not set"]})
    return url


def sync(rt: Runtime, session: Session, sf: Storefront, url: str) -> dict[str, Any]:
    client = rt.clients.for_storefront(sf)
    row = session.scalar(select(WebhookSubscription).where(WebhookSubscription.storefront_id == sf.id))
    if row is None:
        row = WebhookSubscription(storefront_id=sf.id, url=url, events=list(EVENTS), secret="")
        session.add(row)
    secret = new_secret(secrets.token_bytes(32))
    row.previous_secret = row.secret or None
    row.secret = cast(str, rt.passwords.seal(secret))  # sealed at rest, as the connection password is (never empty)
    row.url, row.events = url, list(EVENTS)
    session.commit()  # the secret is kept before Tharstern can sign anything with it
    earlier = row.tharstern_id
    try:
        created = create_subscription(client, url, list(EVENTS), secret)
        listed = {wire.to_int(wire.pick(s, "ID", "Id")): wire.text(s, "Url") for s in subscriptions(client)}
        replaced = sorted(i for i, at in listed.items() if i is not None and i != created
                          and (at == url or i == earlier))
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
