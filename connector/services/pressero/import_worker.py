"""The import worker: one background thread per app that runs the imports started with
``"background": true`` (``POST /imports``, ``POST /imports/{iid}/resume``), one at a time, in
batches committed as they go so ``GET /imports/{iid}`` shows the progress item by item.

The queue holds import ids only (the import and its items are in the database, written before
the 202), so nothing is lost when the process dies: at the next start, on SQLite (one process),
imports left ``running`` become ``interrupted`` and Resume carries on with their pending items.
On a shared database they stay ``running`` (another live process may be running them); resume
is still allowed, as it is for any import this process is not running. A reset stops the import
in flight after its batch (and waits for that batch); ``close()`` stops it the same way. The
thread and its scheduling are the shared kit's ``BackgroundWorker`` (the queue is in memory,
taken under the lock).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any, Callable

from sqlalchemy import update

from tharstern_kit.worker import BackgroundWorker

from ...models import Import

log = logging.getLogger("connector.imports")
# how to run one import: (runtime, the worker's session, the import, keep_going) -> None
Runner = Callable[[Any, Any, Import, Callable[[], bool]], None]
Queued = tuple[int, int, Runner]  # (import id, generation, runner)
STOPPED = "the connector stopped before the import finished"


class ImportWorker:
    def __init__(self, rt) -> None:
        self.rt = rt
        self.cond = threading.Condition()
        self.queue: deque[Queued] = deque()
        self.active: set[int] = set()  # queued or running
        self.in_flight: int | None = None
        self.generation = 0
        self.worker: BackgroundWorker[Queued] = BackgroundWorker(
            "connector-imports", self.cond, rt.clock.time, take=self._take, run=self._run,
            take_under_lock=True, stop_when_idle=True)

    def submit(self, import_id: int, run: Runner) -> None:
        """Queue the (committed) import; ``run`` imports it (``pressero.importing`` gives it)."""
        with self.cond:
            self.queue.append((import_id, self.generation, run))
            self.active.add(import_id)
        self.worker.kick()

    def busy(self, import_id: int) -> bool:
        """Whether this process has the import queued or is running it."""
        with self.cond:
            return import_id in self.active

    def recover(self) -> int:
        """At start, on SQLite (one process): imports a stopped process left ``running`` become
        ``interrupted``, to be resumed. Returns how many."""
        if not self.rt.store.is_sqlite:
            return 0
        with self.rt.store.sessions() as session:
            count = session.execute(update(Import).where(Import.state == "running")
                                    .values(state="interrupted", last_error=STOPPED)).rowcount
            session.commit()
        if count:
            log.info("Imports: %d import(s) left running by a stopped connector are now interrupted", count)
        return count or 0

    def forget(self, wait_s: float = 10.0) -> None:
        """Before a reset: drop the queue, stop the import in flight after its batch and wait (at
        most ``wait_s``) for that batch, so nothing of the old state is written after the reset."""
        deadline = time.monotonic() + wait_s
        with self.cond:
            self.generation += 1
            self.queue.clear()
            self.active.clear()
            while self.in_flight is not None and (remaining := deadline - time.monotonic()) > 0:
                self.cond.wait(remaining)

    def close(self, timeout_s: float = 10.0) -> None:
        self.worker.close(timeout_s)

    # -- the worker's turns -------------------------------------------------------------------
    def _take(self) -> tuple[Queued | None, float | None]:
        if not self.queue:
            return None, None
        job = self.queue.popleft()
        self.in_flight = job[0]
        return job, None

    def _run(self, job: Queued) -> None:
        import_id, generation, run = job

        def keep_going() -> bool:
            return self.generation == generation and not self.worker.closed

        try:
            with self.rt.store.sessions() as session:
                record = session.get(Import, import_id)
                if record is not None and keep_going():
                    run(self.rt, session, record, keep_going)
        except Exception as error:  # a bug must not stop the worker; the import stays resumable
            log.exception("Import %s failed in the background", import_id)
            self._interrupt(import_id, generation, f"the connector failed: {type(error).__name__}")
        finally:
            with self.cond:
                self.in_flight = None
                if self.generation == generation:
                    self.active.discard(import_id)
                self.cond.notify_all()

    def _interrupt(self, import_id: int, generation: int, reason: str) -> None:
        if self.generation != generation:
            return
        try:
            with self.rt.store.sessions() as session:
                session.execute(update(Import).where(Import.id == import_id, Import.state == "running")
                                .values(state="interrupted", last_error=reason))
                session.commit()
        except Exception:
            log.exception("Import %s: could not record the failure", import_id)
