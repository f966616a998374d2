"""The outbox worker: one background thread per app that sends due submissions.

Submissions are written (``pending``) in the same transaction as the order they belong to, so
nothing accepted is lost. The worker claims the oldest due submission (``pending`` →
``sending``, attempt counted, ``claimed_by`` this process and a lease ``lease_until`` =
now + ``OUTBOX_LEASE_S``, committed before the call), sends it without holding a transaction,
and records the outcome; failures that may pass wait ``backoff`` on the connector's clock, so
tests advance the clock instead of sleeping. ``close()`` stops it after the call in flight. A
reset bumps a generation: an answer that comes back after it is dropped.

Several processes may share one database (PostgreSQL): the claim reads with
``FOR UPDATE SKIP LOCKED`` (no two processes take the same row, none waits for another), and a
``sending`` row whose lease has passed — its process died mid-send — is claimed again by whoever
comes next. Sending it again is safe: Tharstern answers a known ``UniqueSubmitOrderID`` with the
first result and creates nothing, which is the end-to-end guard against a double order. The
claim's update is also conditional on the attempt count it read, so a backend without row locks
(SQLite) never lets two claims of one row both succeed. On SQLite (one process) the thread starts
when there is work and ends when nothing is pending, and a restart puts rows left ``sending`` back
to ``pending`` at once; on a shared database the thread keeps running and re-reads the database
every ``IDLE_CHECK_S`` (other processes' orders, expired leases). The thread and its scheduling
are the shared kit's ``BackgroundWorker`` (the claim reads the database outside the lock).
"""
from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

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
        self.lease = timedelta(seconds=float(config["OUTBOX_LEASE_S"]))
        self.owner = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        longest_call_s = float(config["THARSTERN_CONNECT_TIMEOUT_S"]) + float(config["THARSTERN_READ_TIMEOUT_S"])
        if self.lease.total_seconds() <= longest_call_s:
            log.warning("Outbox: OUTBOX_LEASE_S (%g s) is not longer than a call to Tharstern may take (%g s): "
                        "another process may send an order while this one still waits for its answer",
                        self.lease.total_seconds(), longest_call_s)
        self.shared = not rt.store.is_sqlite  # other processes may use the database too
        self.cond = threading.Condition()
        self.generation = 0
        self._in_flight = False
        self.worker: BackgroundWorker[tuple[Claimed, int]] = BackgroundWorker(
            "connector-outbox", self.cond, rt.clock.time, take=self._take, run=self._send,
            take_under_lock=False, stop_when_idle=not self.shared, max_wait_s=IDLE_CHECK_S)

    # -- control ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.worker.running

    def kick(self) -> None:
        """There may be work: start the thread if need be and wake it."""
        self.worker.kick()

    def resume(self) -> int:
        """At start: on SQLite (one process) submissions a stopped process left ``sending`` go back
        to ``pending`` (due now); on a shared database they stay with their lease, which may belong
        to a live process. The thread starts if anything is unsent (always on a shared database).
        Returns how many were unsent."""
        with self.rt.store.sessions() as session:
            if not self.shared:
                session.execute(update(Submission).where(Submission.state == "sending")
                                .values(state="pending", next_attempt_at=self.rt.clock.now(),
                                        claimed_by=None, lease_until=None))
            unsent = session.scalar(select(func.count()).select_from(Submission)
                                    .where(Submission.state.in_(("pending", "sending"))))
            session.commit()
        if unsent:
            log.info("Outbox: resuming %d unsent submission(s)", unsent)
        if unsent or self.shared:
            self.kick()
        return unsent or 0

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
            send(self.rt, claimed, lambda: self.generation == generation and not self.worker.closed, self.backoff,
                 self.owner)
        except Exception:  # a bug must not stop the outbox; the row is resumed on restart
            log.exception("Outbox: sending %s failed", claimed.unique_id)
        with self.cond:
            self._in_flight = False
            self.cond.notify_all()  # for forget and wait_idle

    def _claim(self) -> tuple[Claimed | None, float | None]:
        """Take the oldest due submission — pending and due, or sending with a lease that has
        passed — (marked ``sending`` by this process, attempt counted, leased), or None and when
        the next one is due (None: nothing pending or sending)."""
        now = self.rt.clock.now()
        due = ((Submission.state == "pending") & (Submission.next_attempt_at <= now)) | (
            (Submission.state == "sending") & (Submission.lease_until < now))
        query = select(Submission).where(due).order_by(Submission.next_attempt_at, Submission.id).limit(1)
        if self.shared:
            query = query.with_for_update(skip_locked=True)  # others skip the row this transaction holds
        with self.rt.store.sessions() as session:
            submission = session.scalars(query).first()
            if submission is None:
                upcoming = [session.scalar(select(func.min(Submission.next_attempt_at))
                                           .where(Submission.state == "pending")),
                            session.scalar(select(func.min(Submission.lease_until))
                                           .where(Submission.state == "sending"))]
                session.commit()
                known = [_epoch(moment) for moment in upcoming if moment is not None]
                return None, min(known) if known else None
            if submission.state == "sending":
                log.warning("Outbox: %s was left sending by %s (lease passed %s): sending it again",
                            submission.unique_submit_order_id, submission.claimed_by, submission.lease_until)
            claimed = Claimed(submission.id, submission.storefront_id, submission.unique_submit_order_id,
                              submission.payload, submission.attempts + 1)
            taken = session.execute(update(Submission).where(Submission.id == submission.id,
                                                             Submission.state == submission.state,
                                                             Submission.attempts == submission.attempts)
                                    .values(state="sending", attempts=Submission.attempts + 1, last_attempt_at=now,
                                            claimed_by=self.owner, lease_until=now + self.lease))
            if taken.rowcount != 1:  # another process claimed it between the read and the update
                session.rollback()
                return None, self.rt.clock.time()
            session.commit()
            return claimed, None


def _epoch(moment: datetime) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
