"""Webhook events [I]: their names, their body, their per-subject sequence, and their signature.

Nothing about Tharstern's outbound webhooks is public (reference §5); every name and field here
is invented, borrowing field names from the real ``Job`` model.

Body (compact JSON, UTF-8)::

    {"EventId": "evt_...", "Event": "JobStatusChanged", "OccurredAt": "2026-01-01T10:00:00.000Z",
     "Sequence": 3, "Data": {...}}

``Sequence`` counts the events about one subject (a job, or a stock item) from 1 up, without
gaps across the events the fake raises, whether or not anyone is subscribed to them; a receiver
keeps the largest it has applied per subject and ignores anything not larger (a stale or
duplicated event). A delivery keeps the body it was built with, so a late, duplicated or
reordered delivery carries its original ``Sequence``.

Signing follows the Standard Webhooks specification (https://www.standardwebhooks.com): headers
``webhook-id`` (the ``EventId``, the same on every attempt, duplicate and redelivery of one
event), ``webhook-timestamp`` (Unix seconds on the fake's clock at the attempt) and
``webhook-signature`` = ``v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>``, where the
secret is the bytes behind the subscription's ``whsec_<base64>`` secret. The HMAC is computed by
the ``standardwebhooks`` package.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeGuard

from standardwebhooks import Webhook

EVENTS = ("JobStatusChanged", "JobDespatched", "StockItemChanged")
SECRET_PREFIX = "whsec_"
SECRET_BYTES = (24, 64)  # the range Standard Webhooks recommends


def iso_ms(epoch_s: float) -> str:
    """ISO-8601 UTC with milliseconds and a Z."""
    moment = datetime.fromtimestamp(epoch_s, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Event:
    event_id: str
    name: str
    subject: str  # "job:<JobNo>" or "stockitem:<ID>"
    sequence: int
    occurred_at: float  # epoch seconds on the fake's clock
    data: dict[str, Any]
    body: bytes = field(repr=False, default=b"")

    def payload(self) -> dict[str, Any]:
        return {"EventId": self.event_id, "Event": self.name, "OccurredAt": iso_ms(self.occurred_at),
                "Sequence": self.sequence, "Data": self.data}


class EventIds:
    """Webhook event ids, unique for the life of the backend that owns them.

    A reset of the fake never rewinds them (a receiver that remembers ids would take a new
    event for a copy of an old one and drop it): the backend keeps this object outside the state
    a reset rebuilds. Each id is derived from the seed the backend started with and a counter,
    so a run is repeatable; ``to_dict``/``restore`` carry the counter through a snapshot or a
    state file, so ids stay unique across a restart that restores one.
    """

    def __init__(self, seed: int, issued: int = 0) -> None:
        self.seed = seed
        self.issued = issued

    def next(self) -> str:
        self.issued += 1
        digest = hashlib.sha256(f"webhook-event:{self.seed}:{self.issued}".encode()).digest()
        return "evt_" + uuid.UUID(bytes=digest[:16], version=4).hex

    def to_dict(self) -> dict[str, int]:
        return {"seed": self.seed, "issued": self.issued}

    def restore(self, saved: dict[str, Any]) -> None:
        """Carry on from a saved counter (never backwards: ids already given out stay unique)."""
        seed, issued = saved.get("seed"), saved.get("issued")
        if not (_is_int(seed) and _is_int(issued) and issued >= 0):
            raise ValueError("event ids need an integer seed and a non-negative integer issued")
        if seed != self.seed or issued > self.issued:
            self.seed, self.issued = seed, issued


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


class EventFactory:
    """Builds events: ids from ``EventIds`` (unique across resets), a sequence per subject."""

    def __init__(self, ids: "EventIds | int") -> None:
        self.ids = ids if isinstance(ids, EventIds) else EventIds(ids)
        self._sequences: dict[str, int] = {}

    def reset(self) -> None:
        """Forget the sequences; the ids carry on."""
        self._sequences = {}

    def sequence_of(self, subject: str) -> int:
        """The last sequence number given out for ``subject`` (0: none yet)."""
        return self._sequences.get(subject, 0)

    def make(self, name: str, subject: str, data: dict[str, Any], occurred_at: float) -> Event:
        if name not in EVENTS:
            raise ValueError(f"unknown event {name}")
        sequence = self._sequences.get(subject, 0) + 1
        self._sequences[subject] = sequence
        event_id = self.ids.next()
        event = Event(event_id, name, subject, sequence, occurred_at, data)
        body = json.dumps(event.payload(), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return Event(event_id, name, subject, sequence, occurred_at, data, body)


def new_secret(rng: random.Random) -> str:
    """A fresh ``whsec_`` secret of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(rng.randbytes(32)).decode("ascii")


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` is not a usable Standard Webhooks secret, or None."""
    if not secret.startswith(SECRET_PREFIX):
        return "must be a Standard Webhooks secret: 'whsec_' followed by base64 (omit it to have one generated)"
    try:
        raw = base64.b64decode(secret[len(SECRET_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        return "the part after 'whsec_' must be valid base64"
    low, high = SECRET_BYTES
    if not low <= len(raw) <= high:
        return f"must encode between {low} and {high} bytes (it encodes {len(raw)})"
    return None


def signature_headers(secret: str, event_id: str, timestamp: float, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for one attempt."""
    moment = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    signature = Webhook(secret).sign(event_id, moment, body.decode("utf-8"))
    return {"webhook-id": event_id, "webhook-timestamp": str(int(timestamp)), "webhook-signature": signature}
