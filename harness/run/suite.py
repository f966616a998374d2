"""Running a set of scenario files: load them all (problems are kept, not fatal), pick by tag or
title, run each against one pair of servers, and measure the fake's coverage over the run."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import requests

from ..scenario import Scenario, load_many
from .environment import Servers
from .http import control_headers
from .results import RunSummary, ScenarioResult
from .runner import ScenarioRunner


@dataclass
class Selection:
    tags: list[str] = field(default_factory=list)
    match: str | None = None

    def picks(self, scenario: Scenario) -> bool:
        if self.tags and not set(self.tags) & set(scenario.tags):
            return False
        if self.match and self.match.lower() not in f"{scenario.title} {scenario.file}".lower():
            return False
        return True


def load_selected(paths: Iterable[str | Path], selection: Selection) -> tuple[list[Scenario], list[Any]]:
    loaded = load_many(paths)
    return [s for s in loaded.scenarios if selection.picks(s)], loaded.errors


def run_scenarios(scenarios: list[Scenario], env: Servers, *, stop_on_failure: bool = False,
                  on_start: Callable[[Scenario], None] | None = None,
                  on_result: Callable[[ScenarioResult], None] | None = None) -> list[ScenarioResult]:
    runner = ScenarioRunner(env)
    results = []
    for scenario in scenarios:
        if on_start:
            on_start(scenario)
        result = runner.run(scenario)
        results.append(result)
        if on_result:
            on_result(result)
        if stop_on_failure and not result.passed:
            break
    return results


def run_suite(scenarios: list[Scenario], load_errors: list[Any], env: Servers, *, stop_on_failure: bool = False,
              on_start: Callable[[Scenario], None] | None = None,
              on_result: Callable[[ScenarioResult], None] | None = None) -> RunSummary:
    started = time.perf_counter()
    before = coverage_snapshot(env)
    results = run_scenarios(scenarios, env, stop_on_failure=stop_on_failure, on_start=on_start, on_result=on_result)
    summary = RunSummary(results=results, load_errors=list(load_errors), startup_s=dict(env.startup_s),
                         live=bool(getattr(env, "live", False)))
    summary.coverage = coverage_since(before, coverage_snapshot(env))
    summary.duration_s = time.perf_counter() - started
    return summary


def median_ms(results: list[ScenarioResult]) -> float | None:
    return statistics.median(r.duration_ms for r in results) if results else None


# -- the fake's coverage ------------------------------------------------------------------------
def coverage_snapshot(env: Servers) -> dict[str, Any] | None:
    try:
        answer = requests.get(env.targets.tharstern("/_fake/coverage"), timeout=10, headers=control_headers("tharstern"))
    except requests.RequestException:
        return None
    return answer.json() if answer.status_code == 200 else None


def coverage_since(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any] | None:
    """What this run touched: the counts of ``after`` less those of ``before`` (a live fake has
    counted since it started; resets keep coverage), against everything the fake can do."""
    if after is None:
        return None
    report = {}
    for category, now in after.items():
        if not isinstance(now, dict) or "hit" not in now:
            continue
        earlier = ((before or {}).get(category) or {}).get("hit", {})
        hit = {name: count - earlier.get(name, 0) for name, count in now["hit"].items()
               if count - earlier.get(name, 0) > 0}
        known = sorted(set(now.get("missed", [])) | set(now["hit"]))
        report[category] = {"hit": hit, "missed": [n for n in known if n not in hit],
                            "covered": len([n for n in known if n in hit]), "total": len(known)}
    return report
