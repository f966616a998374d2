"""The timeline interleaves webhook delivery attempts with the steps, in time order, on the fake's
clock (a retry made due by a clock step lands in that step)."""
from __future__ import annotations

from datetime import datetime, timezone

from harness.reporting.html import render_html
from harness.reporting.timeline import scenario_timeline
from harness.run.http import Exchange
from harness.run.results import RunSummary, ScenarioResult, StepRecord
from harness.scenario import Scenario

T0 = 1_800_000_000.0


def iso(at: float) -> str:
    return datetime.fromtimestamp(at, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def record(label: str, start: float, end: float, offset: float = 0.0, *requests: tuple[float, str]) -> StepRecord:
    step = StepRecord(label, label, "tharstern", started_wall=start, ended_wall=end, clock_offset_s=offset)
    step.exchanges = [Exchange("tharstern", "step", "GET", f"http://x/TharsternAPI/api/{path}", at_ms=0, wall_at=at,
                               status=200) for at, path in requests]
    return step


def test_delivery_attempts_are_placed_in_the_step_they_happened_in_and_in_time_order():
    result = ScenarioResult(Scenario(title="t", file="a.scenario.yaml"))
    result.records = [
        record("setup", T0, T0 + 0.01),
        record("step 1", T0 + 0.02, T0 + 0.10, 0.0, (T0 + 0.03, "first"), (T0 + 0.09, "second")),
        record("step 2 (clock)", T0 + 0.11, T0 + 0.12, 3600.0),
        record("step 3", T0 + 0.13, T0 + 0.20, 3600.0, (T0 + 0.14, "third")),
        record("collect", T0 + 0.21, T0 + 0.22, 3600.0),
    ]
    result.deliveries = [{"id": 7, "event": "JobStatusChanged", "url": "http://receiver/hook", "status": "delivered",
                          "created_at": iso(T0 + 0.05), "body": {"Event": "JobStatusChanged"},
                          "attempts": [{"attempt": 1, "at": iso(T0 + 0.06), "status_code": 503},
                                       {"attempt": 2, "at": iso(T0 + 3600.115), "status_code": 200}]}]
    phases = scenario_timeline(result)
    kinds = {r.label: [(e.kind, getattr(e.item, "url", None) or e.item[1]["attempt"]) for e in events]
             for r, events in phases}
    assert kinds["step 1"] == [("request", "http://x/TharsternAPI/api/first"), ("delivery", 1),
                               ("request", "http://x/TharsternAPI/api/second")]
    assert kinds["step 2 (clock)"] == [("delivery", 2)]  # the retry the clock step made due
    assert kinds["step 3"] == [("request", "http://x/TharsternAPI/api/third")]
    html = render_html(RunSummary(results=[result]))
    assert html.index("/api/first") < html.index("JobStatusChanged #7 → http://receiver/hook (attempt 1)") \
        < html.index("/api/second") < html.index("(attempt 2)") < html.index("/api/third")
