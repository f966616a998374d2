"""The background dispatcher: one thread per backend that sends due deliveries.

The thread starts the first time there is work (an event with a subscriber, a redelivery, a
timed job progression), never on import or when the app is built, and stops on ``close()``.
It sleeps on a condition of the backend lock until the next delivery (or timed job step, or
reorder hold) is due on the fake's clock, and is woken early by new work, by the clock being
advanced and by ``flush``. It sends one delivery at a time, oldest due first, with ``requests``
and the policy's timeout, and never holds the backend lock while a request is on the wire, so
API and control-plane requests never wait for a receiver. A slow receiver delays the other
deliveries by at most one timeout per attempt [I: real senders deliver to endpoints in parallel].
Proxy settings in the environment (``HTTP_PROXY``...) are ignored: receivers are called directly.
The thread and its scheduling are the shared kit's ``BackgroundWorker`` (``take`` runs under the
backend lock; the thread sleeps until woken rather than ending when idle).
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable, Protocol

import requests

from tharstern_kit.clock import Clock
from tharstern_kit.worker import BackgroundWorker

from .deliveries import Attempt, DueAttempt
from .events import signature_headers
from .policy import parse_retry_after

log = logging.getLogger(__name__)
USER_AGENT = "FakeTharstern-Webhooks/1.0"
Tick = Callable[[float], "float | None"]


class DeliveryQueue(Protocol):
    """What the dispatcher needs of the hub (``WebhookHub``): its condition, clock and queue."""
    cond: threading.Condition
    clock: Clock

    def release_expired_holds(self, now: float) -> None: ...
    def busy(self, now: float) -> bool: ...
    def next_wake_at(self) -> float | None: ...
    def take_due(self, now: float) -> DueAttempt | None: ...
    def complete(self, job: DueAttempt, attempt: Attempt) -> None: ...


class Dispatcher:
    def __init__(self, hub: DeliveryQueue, *, tick: Tick | None = None, name: str = "fake-tharstern-webhooks") -> None:
        self.hub = hub
        self.cond = hub.cond
        self.clock = hub.clock
        self.tick = tick
        self.name = name
        self._session: requests.Session | None = None
        self.worker: BackgroundWorker[DueAttempt] = BackgroundWorker(
            name, self.cond, self.clock.time, take=self._take, run=self._deliver, take_under_lock=True,
            stop_when_idle=False, on_thread_start=self._open_session, on_thread_end=self._close_session)

    # -- control --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.worker.running

    def kick(self) -> None:
        """There may be new work: start the thread if need be and wake it."""
        self.worker.kick()

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop the thread (after the attempt in flight, if any) and start no other."""
        self.worker.close(timeout_s)

    def flush(self, timeout_s: float) -> bool:
        """Deliver everything due now (and whatever becomes due meanwhile) and wait until nothing
        is due or in flight. False when ``timeout_s`` ran out first."""
        deadline = time.monotonic() + timeout_s
        self.kick()
        with self.cond:
            while True:
                now = self.clock.time()
                if self.tick is not None:
                    self.tick(now)
                self.hub.release_expired_holds(now)
                if not self.hub.busy(now):
                    return True
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.worker.closed:
                    return False
                self.cond.notify_all()
                self.cond.wait(min(remaining, 0.5))

    # -- the worker's turns -----------------------------------------------------------------
    def _open_session(self) -> None:
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc from the environment: receivers are addressed directly

    def _close_session(self) -> None:
        if self._session is not None:
            self._session.close()

    def _take(self) -> tuple[DueAttempt | None, float | None]:
        """Under the lock: run due timed work, then take the next due delivery, or say when
        something will be due."""
        now = self.clock.time()
        tick_due = self.tick(now) if self.tick is not None else None
        self.hub.release_expired_holds(now)
        job = self.hub.take_due(now)
        if job is not None:
            return job, None
        wake_at = [t for t in (self.hub.next_wake_at(), tick_due) if t is not None]
        return None, (min(wake_at) if wake_at else None)

    def _deliver(self, job: DueAttempt) -> None:
        try:
            assert self._session is not None
            attempt = job.injected or self._send(self._session, job)
        except Exception as error:  # never leave a delivery stuck in "sending"
            log.exception("webhook dispatcher: sending failed")
            attempt = Attempt(number=job.number, at=job.at, error=f"internal: {type(error).__name__}: {error}")
        self.hub.complete(job, attempt)

    def _send(self, session: requests.Session, job: DueAttempt) -> Attempt:
        attempt = Attempt(number=job.number, at=job.at)
        headers = {**signature_headers(job.secret, job.event_id, job.at, job.body),
                   "Content-Type": "application/json", "User-Agent": USER_AGENT}
        started = time.perf_counter()
        try:
            response = session.post(job.url, data=job.body, headers=headers, timeout=job.timeout_s,
                                    allow_redirects=False)
            response.close()
            attempt.status_code = response.status_code
            if not 200 <= response.status_code < 300:
                attempt.retry_after_s = parse_retry_after(response.headers.get("Retry-After"),
                                                          _date(response.headers.get("Date")))
        except requests.Timeout:
            attempt.error = f"timeout: no answer within {job.timeout_s:g} s"
        except requests.ConnectionError as error:
            attempt.error = f"connection: {_short(error)}"
        except (requests.RequestException, ValueError) as error:
            attempt.error = f"{type(error).__name__}: {_short(error)}"
        attempt.latency_ms = round((time.perf_counter() - started) * 1000, 3)
        return attempt


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _short(error: Exception) -> str:
    text = str(error)
    reason = getattr(error, "args", None)
    if reason and "Connection refused" in text:
        return "connection refused"
    return text[:300]
