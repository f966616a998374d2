"""The outbox worker: one background thread per app that sends due submissions.

Submissions are written (``pending``) in the same transaction as the order they belong to, so
nothing accepted is lost. The thread starts when there is work — when an order is released,
when the clock is advanced, and when the app starts on a database that has unsent submissions
(a restart resumes the outbox; a submission left ``sending`` by a process that stopped mid-call
is sent again, which ``UniqueSubmitOrderID`` makes safe) — and ends when nothing is pending.
It claims the oldest due submission (``pending`` → ``sending``, attempt counted, committed
before the call), sends it without holding a transaction, and records the outcome; failures
that may pass wait ``backoff`` on the connector's clock, so tests advance the clock instead of
sleeping. ``close()`` stops it after the call in flight. A reset bumps a generation: an answer
that comes back after it is dropped. The thread and its scheduling are the shared kit's
``BackgroundWorker`` (``stop_when_idle``; the claim reads the database outside the lock).
"""
from __future__ import annotations

import logging
import random
import threading
import time
from datetime import datetime, timezone

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from tharstern_kit.worker import BackgroundWorker

from ...domain.outbox import backoff_s
from ...models import Submission
from .submitting import Claimed, send

log = logging.getLogger("connector.outbox")
IDLE_CHECK_S = 30.0  # re-read the database this often even without a kick


class Outbox:
    def __init__(self, rt) -> None:
        self.rt = rt
        config = rt.config
        self.base_s = float(config["OUTBOX_BACKOFF_BASE_S"])
        self.cap_s = float(config["OUTBOX_BACKOFF_CAP_S"])
        self.rng = random.Random(f"outbox:{config['OUTBOX_SEED']}")
        self.cond = threading.Condition()
        self.generation = 0
        self._in_flight = False
        self.worker: BackgroundWorker[tuple[Claimed, int]] = BackgroundWorker(
            "connector-outbox", self.cond, rt.clock.time, take=self._take, run=self._send,
            take_under_lock=False, stop_when_idle=True, max_wait_s=IDLE_CHECK_S)

    # -- control ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.worker.running

    def kick(self) -> None:
        """There may be work: start the thread if need be and wake it."""
        self.worker.kick()

    def resume(self) -> int:
        """At start: submissions a stopped process left ``sending`` go back to ``pending`` (due
        now), and the thread starts if anything is pending. Returns how many were pending."""
        with self.rt.store.sessions() as session:
            session.execute(update(Submission).where(Submission.state == "sending")
                            .values(state="pending", next_attempt_at=self.rt.clock.now()))
            pending = session.scalar(select(func.count()).select_from(Submission).where(Submission.state == "pending"))
            session.commit()
        if pending:
            log.info("Outbox: resuming %d unsent submission(s)", pending)
            self.kick()
        return pending or 0

    def forget(self, wait_s: float = 10.0) -> None:
        """Before a reset: whatever is in flight belongs to the old state. Waits (at most
        ``wait_s``) for a call on the wire to come back, so nothing of the old state reaches
        Tharstern after the reset; its answer is then dropped."""
        deadline = time.monotonic() + wait_s
        with self.cond:
            self.generation += 1
            while self._in_flight and (remaining := deadline - time.monotonic()) > 0:
                self.cond.wait(remaining)
            self.cond.notify_all()

    def close(self, timeout_s: float = 10.0) -> None:
        self.worker.close(timeout_s)

    def due_count(self) -> int:
        """Submissions being sent or due now."""
        with self.rt.store.sessions() as session:
            return session.scalar(select(func.count()).select_from(Submission).where(
                (Submission.state == "sending")
                | ((Submission.state == "pending") & (Submission.next_attempt_at <= self.rt.clock.now())))) or 0

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until nothing is being sent or due (what waits for a backoff does not count) and
        the worker is not inside a send — which, after a submission is recorded ``sent``, still
        reads the order's job numbers; False when ``timeout_s`` ran out first. For tests,
        benchmarks and an orderly shutdown."""
        deadline = time.monotonic() + timeout_s
        self.kick()
        while self._in_flight or self.due_count():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self.cond:
                self.cond.wait(min(remaining, 0.05))
        return True

    def backoff(self, attempt: int) -> float:
        with self.cond:
            return backoff_s(attempt, self.base_s, self.cap_s, self.rng)

    # -- the worker's turns -------------------------------------------------------------------
    def _take(self) -> tuple[tuple[Claimed, int] | None, float | None]:
        with self.cond:
            generation = self.generation
        try:
            claimed, next_due = self._claim()
        except OperationalError as error:  # the database is busy: try again shortly
            log.warning("Outbox: database unavailable (%s)", type(error.orig).__name__)
            return None, self.rt.clock.time() + 1
        return ((claimed, generation) if claimed is not None else None), next_due

    def _send(self, job: tuple[Claimed, int]) -> None:
        claimed, generation = job
        with self.cond:
            if self.generation != generation:  # a reset came between the claim and now
                return
            self._in_flight = True
        try:
            send(self.rt, claimed, lambda: self.generation == generation and not self.worker.closed, self.backoff)
        except Exception:  # a bug must not stop the outbox; the row is resumed on restart
            log.exception("Outbox: sending %s failed", claimed.unique_id)
        with self.cond:
            self._in_flight = False
            self.cond.notify_all()  # for forget and wait_idle

    def _claim(self) -> tuple[Claimed | None, float | None]:
        """Take the oldest due submission (marked ``sending``, attempt counted), or None and when
        the next one is due (None: nothing pending)."""
        now = self.rt.clock.now()
        with self.rt.store.sessions() as session:
            submission = session.scalars(
                select(Submission).where(Submission.state == "pending", Submission.next_attempt_at <= now)
                .order_by(Submission.next_attempt_at, Submission.id).limit(1)).first()
            if submission is None:
                upcoming = session.scalar(select(func.min(Submission.next_attempt_at))
                                          .where(Submission.state == "pending"))
                session.commit()
                return None, _epoch(upcoming) if upcoming is not None else None
            claimed = Claimed(submission.id, submission.storefront_id, submission.unique_submit_order_id,
                              submission.payload, submission.attempts + 1)
            taken = session.execute(update(Submission).where(Submission.id == submission.id,
                                                             Submission.state == "pending")
                                    .values(state="sending", attempts=Submission.attempts + 1, last_attempt_at=now))
            if taken.rowcount != 1:
                session.rollback()
                return None, self.rt.clock.time()
            session.commit()
            return claimed, None


def _epoch(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
