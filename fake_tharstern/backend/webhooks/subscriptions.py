"""Webhook subscriptions [I]: ``{Url, Events[], Secret}`` registered through the faked API.

Validation (ModelState 400, keys ``subscription.<Field>``): ``Url`` must be an absolute http or
https URL with a host and no user info or fragment (loopback and private addresses are allowed:
this is a fake for tests); ``Events`` a non-empty list of known event names (any case,
repeated names count once); ``Secret`` a Standard Webhooks ``whsec_`` secret of 24 to 64 bytes,
generated when omitted. The answer to the create call carries the secret; lists never do.
Subscriptions are global to the fake (not per user), duplicates are allowed, and deleting one
cancels its deliveries still waiting to be sent.
"""
from __future__ import annotations

import random
from typing import Any
from urllib.parse import urlsplit

from ..records.entities import Fields, raise_if
from .events import EVENTS, new_secret, secret_problem

URL_MAX = 2000


def parse_subscription(body: Any, rng: random.Random, prefix: str = "subscription") -> dict[str, Any]:
    """Validate a create body; returns ``{Url, Events, Secret}`` or raises ModelStateError."""
    errors: dict[str, list[str]] = {}
    if body is None:
        raise_if({prefix: ["A subscription body {Url, Events, Secret} is required."]})
    f = Fields(body, prefix, errors)
    for key in (body if isinstance(body, dict) else {}):
        if str(key).lower() not in ("url", "events", "secret"):
            f.fail(str(key), "unknown field; a subscription has Url, Events and Secret")
    url = f.text("Url", required=True, max_len=URL_MAX)
    if url and f.at("Url") not in errors:
        problem = url_problem(url)
        if problem:
            f.fail("Url", problem)
    events: list[str] = []
    raw_events = f.raw("Events")
    if raw_events is None:
        f.fail("Events", f"is required: a list of event names ({', '.join(EVENTS)})")
    elif not isinstance(raw_events, list) or not raw_events:
        f.fail("Events", f"must be a non-empty list of event names ({', '.join(EVENTS)})")
    else:
        known = {e.lower(): e for e in EVENTS}
        for n, name in enumerate(raw_events):
            canonical = known.get(name.strip().lower()) if isinstance(name, str) else None
            if canonical is None:
                errors.setdefault(f"{f.at('Events')}[{n}]", []).append(
                    f"'{name}' is not an event; use one of {', '.join(EVENTS)}")
            elif canonical not in events:
                events.append(canonical)
    secret = f.text("Secret", None, max_len=200)
    if secret:
        problem = secret_problem(secret)
        if problem:
            f.fail("Secret", problem)
    raise_if(errors)
    return {"Url": url, "Events": events, "Secret": secret or new_secret(rng)}


def url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"'{url}' is not a valid URL: {error}"
    if parts.scheme.lower() not in ("http", "https"):
        return "must be an absolute http:// or https:// URL"
    if not parts.hostname:
        return "must name a host"
    if parts.username is not None or parts.password is not None:
        return "must not carry a user name or password"
    if parts.fragment:
        return "must not have a #fragment"
    if port == 0:
        return "port 0 is not a port a receiver can listen on"
    if any(c.isspace() for c in url):
        return "must not contain spaces"
    return None


class SubscriptionBook:
    """The registered subscriptions. The caller holds the backend lock."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._items: dict[int, dict[str, Any]] = {}
        self.next_id = 1

    def add(self, spec: dict[str, Any], created_at: str, user_id: int) -> dict[str, Any]:
        subscription = {"ID": self.next_id, **spec, "CreatedDateTime": created_at, "CreatedByUserId": user_id}
        self.next_id += 1
        self._items[subscription["ID"]] = subscription
        return subscription

    def restore(self, subscriptions: list[dict[str, Any]], next_id: int) -> None:
        """Put subscriptions back from a snapshot."""
        self._items = {s["ID"]: s for s in subscriptions}
        self.next_id = max([next_id, *(s["ID"] + 1 for s in subscriptions)])

    def remove(self, subscription_id: int) -> dict[str, Any] | None:
        return self._items.pop(subscription_id, None)

    def get(self, subscription_id: int) -> dict[str, Any] | None:
        return self._items.get(subscription_id)

    def all(self) -> list[dict[str, Any]]:
        return [self._items[k] for k in sorted(self._items)]

    def for_event(self, name: str) -> list[dict[str, Any]]:
        return [s for s in self.all() if name in s["Events"]]


def public_view(subscription: dict[str, Any]) -> dict[str, Any]:
    """A subscription as lists show it: without its secret."""
    return {k: v for k, v in subscription.items() if k != "Secret"}
