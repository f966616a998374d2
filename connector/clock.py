"""The connector's clock: real UTC time plus an offset that tests advance.

Caches (cachetools' timer), token expiry and date rules all read it, so
``POST /_control/clock {"advance_s": 600}`` expires them without sleeping.
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

    @property
    def offset_s(self) -> float:
        return self._offset

    def time(self) -> float:
        """Seconds since the epoch, as the connector sees it."""
        return self._source() + self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), tz=timezone.utc)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0

    def state(self) -> dict:
        return {"now": self.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "offset_s": self._offset}
