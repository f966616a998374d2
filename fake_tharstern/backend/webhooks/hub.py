"""The webhook hub: subscriptions, events, delivery records, faults and the retry policy, kept
under the backend lock, plus the dispatcher thread that sends what is due.

``publish`` (called by the backend under its lock, in the same critical section as the change
the event reports, so sequence numbers follow the order of changes) makes one delivery per
matching subscription, applies the creation-time faults and wakes the dispatcher. The
dispatcher takes due deliveries one at a time (``take_due``), sends them without the lock and
records the outcome (``complete``). A reset bumps a generation number: whatever was in flight
then is forgotten when it comes back.
"""
from __future__ import annotations

import random
import threading
import time
from typing import Any, Callable

from tharstern_kit.clock import Clock

from ..controls.coverage import Coverage
from ..errors import Conflict, NotFound
from .deliveries import Attempt, Delivery, DeliveryLog, DueAttempt
from .delivery_faults import WebhookFault, WebhookFaultBook
from .dispatcher import Dispatcher, Tick
from .events import Event, EventFactory, EventIds, iso_ms
from .policy import WebhookPolicy
from .subscriptions import SubscriptionBook, parse_subscription, public_view


GONE = 410  # a receiver answering 410 Gone ends its subscription (as Standard Webhooks senders do)


class WebhookHub:
    def __init__(self, lock: threading.RLock, clock: Clock, coverage: Coverage, *, policy: WebhookPolicy, seed: int,
                 log_size: int = 5000, tick: Tick | None = None, event_ids: EventIds | None = None,
                 on_change: Callable[[], None] | None = None) -> None:
        self.lock = lock
        self.on_change = on_change  # told after the dispatcher records an attempt (the state file saves)
        self.cond = threading.Condition(lock)
        self.clock = clock
        self.coverage = coverage
        self.default_policy = policy
        self.subscriptions = SubscriptionBook()
        self.deliveries = DeliveryLog(log_size)
        self.faults = WebhookFaultBook()
        self.events = EventFactory(event_ids or EventIds(seed))
        self.generation = 0
        self.in_flight: DueAttempt | None = None
        self.dispatcher = Dispatcher(self, tick=tick)
        self.reset(seed, wait_s=0)

    # -- whole-hub controls ---------------------------------------------------------------
    def reset(self, seed: int, wait_s: float | None = None) -> None:
        """Forget subscriptions, deliveries, faults and sequences (event ids carry on: see
        ``EventIds``), restore the configured
        policy, and wait (at most one timeout) for an attempt in flight to come back, so no
        delivery from before the reset lands after it."""
        with self.cond:
            self.generation += 1
            self.subscriptions.clear()
            self.deliveries.clear()
            self.faults.clear()
            self.events.reset()
            self.policy = self.default_policy
            self.rng = random.Random(f"webhook-retries:{seed}")
            self.secret_rng = random.Random(f"webhook-secrets:{seed}")
            deadline = time.monotonic() + (self.policy.timeout_s + 1 if wait_s is None else wait_s)
            while self.in_flight is not None and (remaining := deadline - time.monotonic()) > 0:
                self.cond.wait(remaining)
            self.cond.notify_all()

    def close(self) -> None:
        self.dispatcher.close(self.policy.timeout_s + 5)

    def flush(self, timeout_s: float) -> dict[str, Any]:
        drained = self.dispatcher.flush(timeout_s)
        with self.lock:
            return {"drained": drained, "counts": self.deliveries.counts(),
                    "next_attempt_at": _iso_or_none(self.deliveries.next_due_at())}

    def set_policy(self, spec: Any) -> WebhookPolicy:
        with self.cond:
            self.policy = self.policy.changed(spec)
            self.cond.notify_all()
            return self.policy

    # -- subscriptions --------------------------------------------------------------------
    def subscribe(self, body: Any, user_id: int) -> dict[str, Any]:
        with self.lock:
            spec = parse_subscription(body, self.secret_rng)
            return dict(self.subscriptions.add(spec, iso_ms(self.clock.time()), user_id))

    def unsubscribe(self, subscription_id: int) -> dict[str, Any] | None:
        """Remove a subscription and cancel its deliveries not yet sent; None when unknown."""
        with self.lock:
            removed = self.subscriptions.remove(subscription_id)
            if removed is None:
                return None
            for delivery in self.deliveries.unfinished():
                if delivery.subscription_id == subscription_id and delivery.status != "sending":
                    delivery.status = "cancelled"
            for rule in self.faults.rules():
                rule.batch = [i for i in rule.batch if (d := self.deliveries.get(i)) and d.status == "held"]
            return public_view(removed)

    def list_subscriptions(self) -> list[dict[str, Any]]:
        with self.lock:
            return [public_view(s) for s in self.subscriptions.all()]

    # -- events ---------------------------------------------------------------------------
    def publish(self, name: str, subject: str, data: dict[str, Any], occurred_at: float) -> Event:
        """Raise an event (the caller holds the lock) and queue it for every subscriber."""
        with self.lock:
            event = self.events.make(name, subject, data, occurred_at)
            now = self.clock.time()
            created = False
            for subscription in self.subscriptions.for_event(name):
                self._new_delivery(event, subscription, now)
                created = True
            if created:
                self.dispatcher.kick()
            return event

    def _new_delivery(self, event: Event, subscription: dict[str, Any], now: float) -> Delivery:
        delivery = Delivery(self.deliveries.new_id(), event, subscription["ID"], subscription["Url"], now, now)
        sub_id = subscription["ID"]
        for rule in self.faults.active("delay", event.name, sub_id):
            delivery.next_attempt_at += rule.delay_s
            self._fired(rule, delivery)
        reorder = self.faults.active("reorder", event.name, sub_id)
        if reorder:
            delivery.status = "held"
        self.deliveries.add(delivery)
        for rule in self.faults.active("duplicate", event.name, sub_id):
            self._fired(rule, delivery)
            for _ in range(rule.copies):
                self.deliveries.add(Delivery(self.deliveries.new_id(), event, sub_id, delivery.url, now,
                                             delivery.next_attempt_at, duplicate_of=delivery.id,
                                             faults=[{"id": rule.id, "kind": "duplicate"}]))
        if reorder:
            rule = reorder[0]
            delivery.faults.append({"id": rule.id, "kind": "reorder"})
            rule.batch.append(delivery.id)
            if rule.batch_deadline is None:
                rule.batch_deadline = now + rule.hold_s
            if len(rule.batch) >= rule.count:
                self._release(rule, now)
        return delivery

    def _fired(self, rule: WebhookFault, delivery: Delivery | None) -> None:
        rule.fired += 1
        self.coverage.hit("faults", f"webhook-{rule.kind}")
        if delivery is not None:
            delivery.faults.append({"id": rule.id, "kind": rule.kind})

    def _release(self, rule: WebhookFault, now: float) -> None:
        """Let a reorder batch go, newest first."""
        batch, rule.batch, rule.batch_deadline = rule.batch, [], None
        if not batch:
            return
        rule.fired += 1
        self.coverage.hit("faults", "webhook-reorder")
        for rank, delivery_id in enumerate(reversed(batch)):
            delivery = self.deliveries.get(delivery_id)
            if delivery is not None and delivery.status == "held":
                delivery.status = "pending"
                delivery.next_attempt_at = max(delivery.next_attempt_at, now)
                delivery.order = (batch[0], rank)
                self.deliveries.schedule(delivery)
        self.cond.notify_all()

    def release_expired_holds(self, now: float) -> None:
        for rule in self.faults.rules():
            if rule.batch_deadline is not None and rule.batch_deadline <= now:
                self._release(rule, now)

    # -- the dispatcher's side ------------------------------------------------------------
    def busy(self, now: float) -> bool:
        return self.in_flight is not None or self.deliveries.next_due(now) is not None

    def next_wake_at(self) -> float | None:
        times = [t for t in [self.deliveries.next_due_at()] + [r.batch_deadline for r in self.faults.rules()]
                 if t is not None]
        return min(times) if times else None

    def take_due(self, now: float) -> DueAttempt | None:
        """Mark the next due delivery as sending and describe the attempt; None when none is due."""
        delivery = self.deliveries.next_due(now)
        if delivery is None:
            return None
        subscription = self.subscriptions.get(delivery.subscription_id)
        if subscription is None:  # deleted meanwhile
            delivery.status = "cancelled"
            return self.take_due(now)
        delivery.status = "sending"
        number = len(delivery.attempts) + 1
        injected = None
        for rule in self.faults.active("fail", delivery.event.name, delivery.subscription_id)[:1]:
            self._fired(rule, None)
            injected = Attempt(number=number, at=now, fault=rule.id, latency_ms=0.0)
            if rule.error == "timeout":
                injected.error = f"timeout: no answer within {self.policy.timeout_s:g} s (injected)"
            elif rule.error == "connection":
                injected.error = "connection: connection refused (injected)"
            else:
                injected.status_code = rule.status
                injected.retry_after_s = rule.retry_after_s
        job = DueAttempt(delivery, self.generation, number, now, delivery.url, subscription["Secret"],
                  delivery.event.event_id, delivery.event.body, self.policy.timeout_s, injected)
        self.in_flight = job
        return job

    def complete(self, job: DueAttempt, attempt: Attempt) -> None:
        """Record an attempt's outcome and schedule the next one or dead-letter the delivery."""
        with self.cond:
            if self.in_flight is job:
                self.in_flight = None
            self.cond.notify_all()
            if job.generation != self.generation:
                return
            delivery = job.delivery
            delivery.attempts.append(attempt)
            if self.on_change is not None:
                self.on_change()
            if delivery.status != "sending":  # cancelled while in flight
                return
            if attempt.ok:
                delivery.status = "delivered"
                delivery.delivered_at = self.clock.time()
                self.coverage.hit("events", delivery.event.name)
                self.deliveries.finished(delivery)
            elif attempt.status_code == GONE and attempt.fault is None:
                delivery.status = "dead"  # the receiver said it wants no more: no retry, no subscription
                self.deliveries.finished(delivery)
                self.unsubscribe(delivery.subscription_id)
            elif len(delivery.attempts) >= self.policy.max_attempts:
                delivery.status = "dead"
                self.deliveries.finished(delivery)
            else:
                wait = self.policy.next_wait(len(delivery.attempts), attempt.retry_after_s, self.rng)
                delivery.next_attempt_at = self.clock.time() + wait
                attempt.next_retry_at = delivery.next_attempt_at
                delivery.status = "pending"
                self.deliveries.schedule(delivery)

    # -- control plane --------------------------------------------------------------------
    def redeliver(self, delivery_id: int) -> Delivery:
        """Send a delivery's event again to its subscription, as a new delivery (no creation
        faults; fail faults still apply to its attempts)."""
        with self.lock:
            original = self.deliveries.get(delivery_id)
            if original is None:
                raise NotFound(f"delivery {delivery_id} does not exist (or has left the log)")
            subscription = self.subscriptions.get(original.subscription_id)
            if subscription is None:
                raise Conflict(f"subscription {original.subscription_id} of delivery {delivery_id} was deleted")
            now = self.clock.time()
            delivery = self.deliveries.add(Delivery(self.deliveries.new_id(), original.event, subscription["ID"],
                                                    subscription["Url"], now, now, redelivery_of=original.id))
            self.dispatcher.kick()
            return delivery

    def add_fault(self, spec: Any) -> WebhookFault:
        with self.cond:
            rule = self.faults.add(spec)
            if rule.subscription_id is not None and self.subscriptions.get(rule.subscription_id) is None:
                self.faults.remove(rule.id)
                raise NotFound(f"subscription {rule.subscription_id} does not exist")
            return rule

    def remove_fault(self, rule_id: int) -> bool:
        with self.cond:
            rule = self.faults.remove(rule_id)
            if rule is None:
                return False
            self._release(rule, self.clock.time())
            return True

    def clear_faults(self) -> None:
        with self.cond:
            for rule in self.faults.rules():
                self._release(rule, self.clock.time())
            self.faults.clear()

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"subscriptions": [dict(s) for s in self.subscriptions.all()],
                    "deliveries": self.deliveries.counts(), "faults": self.faults.list(),
                    "policy": self.policy.to_dict(), "dispatcher_running": self.dispatcher.running}


def _iso_or_none(value: float | None) -> str | None:
    return iso_ms(value) if value is not None else None


__all__ = ["WebhookHub", "WebhookPolicy", "DueAttempt"]
