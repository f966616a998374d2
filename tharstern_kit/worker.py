"""``BackgroundWorker``: one daemon thread that takes due jobs and runs them one at a time,
sleeping on a condition variable until the next one is due.

Both servers' background work has this shape — the connector's outbox of order submissions and
the fake's webhook dispatcher — so the scheduling lives here once:

- the thread starts on the first ``kick()`` (never on import or when an app is built), and
  ``kick()`` wakes it when there may be new work;
- each turn it asks ``take()`` for ``(job, wake_at)``: a job to run now, or none and when
  something will be due (``wake_at`` on the server's clock; ``None``: nothing is pending);
- it sleeps on ``cond`` until ``wake_at`` (at most ``max_wait_s``), or until it is kicked or
  notified; a kick that lands while ``take()`` or a job runs is not lost;
- with ``stop_when_idle`` the thread ends when nothing is pending, and the next kick starts a
  new one; otherwise it sleeps until kicked;
- ``close()`` stops it after the job in flight and no thread starts again.

``take_under_lock`` says whether ``take()`` runs holding ``cond`` (the fake's in-memory queue,
guarded by the backend lock) or not (the connector's outbox reads the database, which must not
happen under a lock other threads wait on). Jobs always run without the lock. An exception from
``take()`` is logged and the turn is tried again a second later; ``run`` handles its own.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable, Generic, TypeVar

log = logging.getLogger(__name__)
Job = TypeVar("Job")
RETRY_AFTER_ERROR_S = 1.0


class BackgroundWorker(Generic[Job]):
    def __init__(self, name: str, cond: threading.Condition, clock: Callable[[], float], *,
                 take: Callable[[], tuple[Job | None, float | None]], run: Callable[[Job], None],
                 take_under_lock: bool, stop_when_idle: bool, max_wait_s: float | None = None,
                 on_thread_start: Callable[[], None] | None = None,
                 on_thread_end: Callable[[], None] | None = None) -> None:
        self.name = name
        self.cond = cond
        self.clock = clock
        self._take = take
        self._run_job = run
        self._take_under_lock = take_under_lock
        self._stop_when_idle = stop_when_idle
        self._max_wait_s = max_wait_s
        self._on_thread_start = on_thread_start
        self._on_thread_end = on_thread_end
        self._thread: threading.Thread | None = None
        self._kicked = False
        self._closed = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def closed(self) -> bool:
        return self._closed

    def kick(self) -> None:
        """There may be work: start the thread if need be and wake it."""
        with self.cond:
            if self._closed:
                return
            self._kicked = True
            if not self.running:
                self._thread = threading.Thread(target=self._main, name=self.name, daemon=True)
                self._thread.start()
            self.cond.notify_all()

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop the thread (after the job in flight, if any) and start no other."""
        with self.cond:
            self._closed = True
            self.cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    # -- the thread -------------------------------------------------------------------------
    def _main(self) -> None:
        if self._on_thread_start is not None:
            self._on_thread_start()
        try:
            self._loop()
        finally:
            if self._on_thread_end is not None:
                self._on_thread_end()

    def _loop(self) -> None:
        while True:
            job: Job | None = None
            wake_at: float | None = None
            with self.cond:
                if self._closed:
                    return
                self._kicked = False
                if self._take_under_lock:
                    job, wake_at = self._next()
                    if job is None:  # take and sleep in one hold of the lock: no wake-up is missed
                        if not self._sleep(wake_at):
                            return
                        continue
            if not self._take_under_lock:
                job, wake_at = self._next()
                if job is None:
                    with self.cond:
                        if self._closed:
                            return
                        if self._kicked:  # new work came while the database was read
                            continue
                        if not self._sleep(wake_at):
                            return
                    continue
            assert job is not None
            self._run_job(job)

    def _next(self) -> tuple[Job | None, float | None]:
        try:
            return self._take()
        except Exception:  # a bug must not kill the thread silently
            log.exception("%s: scheduling failed", self.name)
            return None, self.clock() + RETRY_AFTER_ERROR_S

    def _sleep(self, wake_at: float | None) -> bool:
        """Under the lock: wait until ``wake_at``; False when the thread should end instead."""
        if wake_at is None and self._stop_when_idle:
            self._thread = None  # nothing pending: the next kick starts a new thread
            return False
        timeout = None if wake_at is None else max(0.0, wake_at - self.clock())
        if self._max_wait_s is not None:
            timeout = self._max_wait_s if timeout is None else min(timeout, self._max_wait_s)
        self.cond.wait(timeout)
        return True
