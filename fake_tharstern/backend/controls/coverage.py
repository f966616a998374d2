"""What a test run exercised in the fake: API operations, job transitions, webhook events,
fault kinds and stubs (by ``<id> <METHOD> <path>``). ``GET /_fake/coverage`` reports it against everything the fake can do, so a suite
can see what it never touched."""
from __future__ import annotations

import threading
from collections import Counter
from typing import Any, Iterable


class Coverage:
    CATEGORIES = ("operations", "transitions", "events", "faults", "stubs")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, Counter[str]] = {c: Counter() for c in self.CATEGORIES}

    def hit(self, category: str, name: str) -> None:
        with self._lock:
            self._counts[category][name] += 1

    def clear(self) -> None:
        with self._lock:
            for counter in self._counts.values():
                counter.clear()

    def report(self, known: dict[str, Iterable[str]]) -> dict[str, Any]:
        """Counts per category, with the known names never hit listed under ``missed``."""
        with self._lock:
            counts = {c: dict(counter) for c, counter in self._counts.items()}
        report: dict[str, Any] = {}
        for category in self.CATEGORIES:
            names = sorted(set(known.get(category, ())))
            hit = counts[category]
            report[category] = {
                "hit": dict(sorted(hit.items())),
                "missed": [n for n in names if n not in hit],
                "total": len(names),
                "covered": len([n for n in names if n in hit]),
            }
        return report
