"""What a run found: per scenario, a record per phase (setup, each step, collect) with the
requests the harness made, the Tharstern calls the fake journaled meanwhile, and any mismatch."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..matchers import Mismatch
from ..scenario.model import Scenario
from .http import Answer, Exchange

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass
class StepRecord:
    label: str  # "setup", "step 3 (line 17)", "finally step 1 (line 30)", "collect"
    summary: str
    kind: str
    line: int | None = None
    status: str = PASSED
    message: str = ""
    mismatches: list[Mismatch] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    tharstern_calls: list[dict[str, Any]] = field(default_factory=list)
    answer: Answer | None = None
    duration_ms: float = 0.0
    started_wall: float = 0.0  # seconds since the epoch
    ended_wall: float = 0.0
    clock_offset_s: float = 0.0  # how far the harness had moved the fake's clock by the end of this phase

    @property
    def ok(self) -> bool:
        return self.status in (PASSED, SKIPPED)


@dataclass
class ScenarioResult:
    scenario: Scenario
    status: str = PASSED
    duration_ms: float = 0.0
    records: list[StepRecord] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def failure(self) -> StepRecord | None:
        return next((r for r in self.records if r.status in (FAILED, ERROR)), None)

    def events(self, upto: StepRecord | None = None) -> list[tuple[str, Any]]:
        """The timeline in order: ``("request", Exchange)`` and ``("tharstern", journal entry)``,
        up to and including the record ``upto``."""
        found: list[tuple[str, Any]] = []
        for record in self.records:
            found.extend(("request", e) for e in record.exchanges)
            found.extend(("tharstern", c) for c in record.tharstern_calls)
            if record is upto:
                break
        return found


@dataclass
class RunSummary:
    results: list[ScenarioResult] = field(default_factory=list)
    load_errors: list[Any] = field(default_factory=list)  # ScenarioFileError
    duration_s: float = 0.0
    startup_s: dict[str, float] = field(default_factory=dict)
    coverage: dict[str, Any] | None = None
    live: bool = False
    workers: int = 1  # tharness run -n

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return not self.load_errors and all(r.passed for r in self.results)
