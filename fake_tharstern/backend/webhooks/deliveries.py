"""Delivery records: one per (event, subscription), plus duplicates and redeliveries.

Statuses: ``pending`` (waiting for its next attempt), ``held`` (kept back by a reorder fault),
``sending`` (an attempt is in flight), ``delivered`` (a 2xx answer), ``dead`` (every attempt
failed: dead-lettered), ``cancelled`` (its subscription was deleted before it was sent).
Every attempt is kept: when (fake clock), the status code or error, the latency (real
milliseconds), the ``Retry-After`` the receiver asked for, and when the next attempt is due.
The log keeps every unfinished delivery and the newest ``size`` finished ones (trimmed in
batches). Pending deliveries are also kept in a heap by due time, so taking the next due one
does not scan the log; whoever makes a delivery pending or moves its due time calls
``schedule``. The caller holds the backend lock.
"""
from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .events import Event, iso_ms

UNFINISHED = ("pending", "held", "sending")
FINISHED = ("delivered", "dead", "cancelled")
STATUSES = UNFINISHED + FINISHED


@dataclass
class Attempt:
    number: int
    at: float
    status_code: int | None = None
    error: str | None = None
    latency_ms: float | None = None
    retry_after_s: float | None = None
    next_retry_at: float | None = None
    fault: int | None = None  # the fail fault that answered instead of the receiver

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def to_dict(self) -> dict[str, Any]:
        return {"attempt": self.number, "at": iso_ms(self.at), "status_code": self.status_code,
                "error": self.error, "latency_ms": self.latency_ms, "retry_after_s": self.retry_after_s,
                "next_retry_at": iso_ms(self.next_retry_at) if self.next_retry_at is not None else None,
                "fault": self.fault}


@dataclass
class Delivery:
    id: int
    event: Event
    subscription_id: int
    url: str
    created_at: float
    next_attempt_at: float
    order: tuple[Any, ...] = ()
    status: str = "pending"
    attempts: list[Attempt] = field(default_factory=list)
    delivered_at: float | None = None
    duplicate_of: int | None = None
    redelivery_of: int | None = None
    faults: list[dict[str, Any]] = field(default_factory=list)

    def sort_key(self) -> tuple[float, tuple[Any, ...]]:
        return (self.next_attempt_at, self.order or (self.id,))

    def to_dict(self, *, body: bool = True) -> dict[str, Any]:
        event = self.event
        result = {
            "id": self.id, "status": self.status, "subscription_id": self.subscription_id, "url": self.url,
            "event": event.name, "event_id": event.event_id, "subject": event.subject, "sequence": event.sequence,
            "created_at": iso_ms(self.created_at),
            "next_attempt_at": iso_ms(self.next_attempt_at) if self.status in ("pending", "sending") else None,
            "delivered_at": iso_ms(self.delivered_at) if self.delivered_at is not None else None,
            "attempt_count": len(self.attempts), "duplicate_of": self.duplicate_of,
            "redelivery_of": self.redelivery_of, "faults": list(self.faults),
            "attempts": [a.to_dict() for a in self.attempts],
        }
        if body:
            result["body"] = event.payload()
        return result


@dataclass(frozen=True)
class DueAttempt:
    """One attempt to make, as the dispatcher needs it without the lock."""
    delivery: Delivery
    generation: int
    number: int
    at: float
    url: str
    secret: str
    event_id: str
    body: bytes
    timeout_s: float
    injected: Attempt | None = None


class DeliveryLog:
    def __init__(self, size: int = 5000) -> None:
        self.size = max(1, int(size))
        self.clear()

    def clear(self) -> None:
        self._items: OrderedDict[int, Delivery] = OrderedDict()
        self._heap: list[tuple[float, tuple[Any, ...], int]] = []
        self._next_id = 1

    @property
    def next_id(self) -> int:
        return self._next_id

    def restore(self, deliveries: list[Delivery], next_id: int) -> None:
        """Put deliveries back from a snapshot, oldest first, and rebuild the due-time heap."""
        self.clear()
        for delivery in deliveries:
            self._items[delivery.id] = delivery
            if delivery.status == "pending":
                self.schedule(delivery)
        self._next_id = max([next_id, *(d.id + 1 for d in deliveries)])

    def new_id(self) -> int:
        value = self._next_id
        self._next_id += 1
        return value

    def add(self, delivery: Delivery) -> Delivery:
        self._items[delivery.id] = delivery
        if delivery.status == "pending":
            self.schedule(delivery)
        self._evict()
        return delivery

    def schedule(self, delivery: Delivery) -> None:
        """(Re)enter a pending delivery in the due-time heap; older entries for it go stale."""
        when, order = delivery.sort_key()
        heapq.heappush(self._heap, (when, order, delivery.id))

    def get(self, delivery_id: int) -> Delivery | None:
        return self._items.get(delivery_id)

    def all(self) -> Iterable[Delivery]:
        return self._items.values()

    def unfinished(self) -> list[Delivery]:
        return [d for d in self._items.values() if d.status in UNFINISHED]

    def _first_pending(self) -> Delivery | None:
        """The pending delivery that goes next, dropping stale heap entries on the way."""
        heap = self._heap
        while heap:
            when, order, delivery_id = heap[0]
            delivery = self._items.get(delivery_id)
            if delivery is not None and delivery.status == "pending" and delivery.sort_key() == (when, order):
                return delivery
            heapq.heappop(heap)
        return None

    def next_due(self, now: float) -> Delivery | None:
        """The pending delivery to send next if it is due by ``now``."""
        delivery = self._first_pending()
        return delivery if delivery is not None and delivery.next_attempt_at <= now else None

    def due(self, now: float) -> list[Delivery]:
        """Every pending delivery due by ``now``, in the order they should go (a scan)."""
        return sorted((d for d in self._items.values() if d.status == "pending" and d.next_attempt_at <= now),
                      key=Delivery.sort_key)

    def next_due_at(self) -> float | None:
        delivery = self._first_pending()
        return delivery.next_attempt_at if delivery is not None else None

    def finished(self, delivery: Delivery) -> None:
        self._evict()

    def _evict(self) -> None:
        """Drop the oldest finished deliveries once the log is a tenth over its size."""
        if len(self._items) <= self.size + self.size // 10:
            return
        excess = len(self._items) - self.size
        for delivery_id in [k for k, d in self._items.items() if d.status in FINISHED][:excess]:
            del self._items[delivery_id]

    def query(self, *, status: str | None = None, event: str | None = None, subscription_id: int | None = None,
              subject: str | None = None, event_id: str | None = None, since: int | None = None,
              limit: int | None = None) -> list[Delivery]:
        found = list(self._items.values())
        if status:
            found = [d for d in found if d.status == status]
        if event:
            found = [d for d in found if d.event.name.lower() == event.lower()]
        if subscription_id is not None:
            found = [d for d in found if d.subscription_id == subscription_id]
        if subject:
            found = [d for d in found if d.event.subject.lower() == subject.lower()]
        if event_id:
            found = [d for d in found if d.event.event_id == event_id]
        if since is not None:
            found = [d for d in found if d.id > since]
        if limit is not None:
            found = found[-limit:] if limit > 0 else []
        return found

    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for delivery in self._items.values():
            counts[delivery.status] += 1
        return counts
