"""The state file (``--state-file PATH``): restored at start, saved after every change.

``Changes`` counts changes: the gate calls ``changed()`` after every request to the faked API
and every control-plane request that is not a read, and the backend after what happens in the
background (a webhook attempt, a timed job step). ``StateFile`` restores the file at start when
it exists and is not empty (a file that is not a valid snapshot stops the start: it is never
overwritten; a folder where it cannot be written stops it too), then
writes the current snapshot once, and runs a saver thread that waits on the change condition
and writes a new snapshot after each change: at most ``MIN_INTERVAL_S`` after the previous
write, so the file is never more than about a second behind. Writes are atomic (a temporary
file in the same folder, flushed and fsynced, then renamed over the old one), so a crash leaves
the previous or the new snapshot, never half of one. ``save_now`` writes at once and answers
when the file holds everything changed before the call (``POST /_fake/snapshot/save``).
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import orjson

from ..errors import ModelStateError
from .changes import Changes

MIN_INTERVAL_S = 0.5  # between writes: a burst of changes is one write, and the file is at most ~1 s behind
log = logging.getLogger(__name__)


class StateFileError(ValueError):
    """A state file that cannot be restored: the message names the file and the fields."""


class SavedBackend(Protocol):
    """What a state file needs of the backend (``FakeTharstern``)."""
    changes: Changes
    state_file: StateFile | None

    def export_snapshot(self) -> dict[str, Any]: ...

    def import_snapshot(self, snapshot: object) -> None: ...


class StateFile:
    def __init__(self, fake: SavedBackend, path: str) -> None:
        self.fake = fake
        self.path = Path(path)
        self.saved_revision = -1
        self.saved_at: float | None = None
        self.error: str | None = None
        self._stopping = False
        self._write_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> "StateFile":
        """Restore the file if it exists, write it, and start the saver."""
        if self.path.exists() and self.path.stat().st_size > 0:  # an empty file: nothing saved yet
            self.restore()
        try:
            self.save_now()
        except OSError as error:
            raise StateFileError(f"{self.path}: cannot be written: {error}") from None
        self.fake.state_file = self
        self._thread = threading.Thread(target=self._run, name="fake-tharstern-state-file", daemon=True)
        self._thread.start()
        return self

    def restore(self) -> None:
        try:
            snapshot = json.loads(self.path.read_bytes())
        except (OSError, ValueError) as error:
            raise StateFileError(f"{self.path}: cannot be read as a snapshot: {error}") from None
        try:
            self.fake.import_snapshot(snapshot)
        except ModelStateError as error:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in list(error.errors.items())[:20])
            raise StateFileError(f"{self.path}: not a valid snapshot: {problems}") from None

    def status(self) -> dict[str, Any]:
        changes = self.fake.changes
        with changes.cond:
            revision = changes.revision
        return {"path": str(self.path), "revision": revision, "saved_revision": self.saved_revision,
                "saved_at": self.saved_at, "error": self.error}

    def save_now(self) -> dict[str, Any]:
        """Write the snapshot now; answers once the file holds every change made before the call."""
        changes = self.fake.changes
        with changes.cond:
            revision = changes.revision
        with self._write_lock:
            if self.saved_revision < revision:
                self._write(revision)
        return self.status()

    def wait_saved(self, revision: int, timeout_s: float) -> bool:
        """Wait until the file holds change ``revision``; False when ``timeout_s`` ran out."""
        changes = self.fake.changes
        with changes.cond:
            return changes.cond.wait_for(lambda: self.saved_revision >= revision, timeout_s)

    def close(self) -> None:
        changes = self.fake.changes
        with changes.cond:
            self._stopping = True
            changes.cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(10)
        try:
            self.save_now()
        except OSError as error:  # the last save at shutdown: say so, do not fail the shutdown
            self.error = f"{type(error).__name__}: {error}"
            log.error("fake Tharstern: the state file %s could not be saved at shutdown: %s", self.path, error)

    # -- the saver ------------------------------------------------------------------------
    def _run(self) -> None:
        changes = self.fake.changes
        while True:
            with changes.cond:
                while changes.revision <= self.saved_revision and not self._stopping:
                    changes.cond.wait()
                if self._stopping:
                    return
                wait = (self.saved_at or 0) + MIN_INTERVAL_S - time.time()
                if wait > 0:  # coalesce a burst of changes into one write
                    changes.cond.wait_for(lambda: self._stopping, wait)
                    if self._stopping:
                        return
                revision = changes.revision
            with self._write_lock:
                if self.saved_revision < revision:
                    try:
                        self._write(revision)
                    except OSError as error:  # keep the fake running; status() shows it; retry on the next change
                        self.error = f"{type(error).__name__}: {error}"
                        self.saved_revision = revision

    def _write(self, revision: int) -> None:
        snapshot = self.fake.export_snapshot()
        try:
            payload = orjson.dumps(snapshot)
        except TypeError:  # an integer beyond 64 bits from a seed: the stdlib encoder takes it
            payload = json.dumps(snapshot, ensure_ascii=False).encode("utf-8")
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.saved_at = time.time()
        self.error = None
        with self.fake.changes.cond:
            self.saved_revision = revision
            self.fake.changes.cond.notify_all()
