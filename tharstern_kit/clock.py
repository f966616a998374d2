"""``Clock``: real UTC time plus an offset that tests advance, for both servers.

Whatever reads time through it (token expiry, caches, date rules, webhook and outbox backoff)
moves when a test calls ``POST /_fake/clock`` or ``POST /_control/clock`` with ``advance_s``,
instead of sleeping. Listeners are told after every advance (the fake's webhook dispatcher uses
this to wake up).
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from typing import Callable


class Clock:
    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0
        self._lock = threading.Lock()
        self._listeners: list[Callable[[float], None]] = []

    @property
    def offset_s(self) -> float:
        return self._offset

    def time(self) -> float:
        """Seconds since the epoch, as the server sees it."""
        return self._source() + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), tz=timezone.utc)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds
            listeners = list(self._listeners)
        for listener in listeners:
            listener(seconds)

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0

    def on_advance(self, listener: Callable[[float], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def state(self) -> dict[str, str | float]:
        """``{"now", "offset_s"}``: what the control routes answer."""
        return {"now": iso(self.now()), "offset_s": self._offset}


def iso(moment: datetime) -> str:
    """ISO-8601 in UTC with a Z, to the second."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_at(epoch_s: float) -> str:
    return iso(datetime.fromtimestamp(epoch_s, tz=timezone.utc))
