"""``Changes``: the backend's change counter, which the state file waits on to save."""
from __future__ import annotations

import threading


class Changes:
    """A change counter with a condition to wait on."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.revision = 0

    def changed(self) -> None:
        with self.cond:
            self.revision += 1
            self.cond.notify_all()
