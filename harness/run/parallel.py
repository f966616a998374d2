"""``tharness run -n N``: N worker processes, each with its own pair of servers on free loopback
ports, taking scenarios from one queue (a slow scenario does not hold up a fixed share of the
others); their results come back to this process, which reports them as one run.

Workers are forked when this process has no other thread (as ``tharness run`` has before its
progress bar starts): they inherit the modules already imported, the fake's and the connector's
included, instead of importing and compiling them again each. When other threads run (a pytest
session's servers, say), a fork could copy a lock mid-flight, so workers are spawned (a fresh
interpreter each) instead. A worker
that cannot start its servers, or dies, leaves its scenarios to the others; scenarios are handed
out longest first (by their last durations, ``.tharness/durations.json``); a scenario that was
running in a worker that died ends as an error that says so, and so do scenarios no worker ran.
"""
from __future__ import annotations

import importlib
import multiprocessing
import queue
import threading
import time
from typing import Any, Callable

from ..scenario import Scenario
from .picking import longest_first
from .results import ERROR, RunSummary, ScenarioResult, StepRecord

POLL_S = 0.5


class WorkerPool:
    """N worker processes, started at once (before any thread of this process, to be forked)
    and given scenarios by ``run``."""

    def __init__(self, workers: int) -> None:
        self.started = time.perf_counter()
        self.method = start_method()
        if self.method == "fork":
            preload()
        context: Any = multiprocessing.get_context(self.method)  # typeshed's BaseContext lacks Process
        self.tasks, self.answers, self.stop = context.Queue(), context.Queue(), context.Event()
        self.processes = [context.Process(target=work, args=(n, self.tasks, self.answers, self.stop),
                                          name=f"tharness-worker-{n}", daemon=True) for n in range(workers)]
        for process in self.processes:
            process.start()

    def run(self, scenarios: list[Scenario], load_errors: list[Any], *, stop_on_failure: bool = False,
            on_start: Callable[[Scenario], None] | None = None,
            on_result: Callable[[ScenarioResult], None] | None = None) -> RunSummary:
        return run_parallel(scenarios, load_errors, len(self.processes), pool=self, stop_on_failure=stop_on_failure,
                            on_start=on_start, on_result=on_result)


def start_method() -> str:
    return "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 else "spawn"


def preload() -> None:
    """Import what every worker needs before forking, so each has it already."""
    for module in ("fake_tharstern.app", "connector.app", "harness.run.runner"):
        try:
            importlib.import_module(module)
        except ImportError:
            pass  # the worker says why, for the scenarios that need it


def run_parallel(scenarios: list[Scenario], load_errors: list[Any], workers: int, *, pool: WorkerPool | None = None,
                 stop_on_failure: bool = False, on_start: Callable[[Scenario], None] | None = None,
                 on_result: Callable[[ScenarioResult], None] | None = None) -> RunSummary:
    pool = pool or WorkerPool(max(1, min(workers, len(scenarios))))
    started, workers = pool.started, len(pool.processes)
    tasks, answers, stop, processes = pool.tasks, pool.answers, pool.stop, pool.processes
    position = {id(s): i for i, s in enumerate(scenarios)}
    for scenario in longest_first(scenarios):  # reported in the given order all the same
        tasks.put((position[id(scenario)], scenario))
    for _ in range(workers):
        tasks.put(None)
    board = _Board(scenarios, on_start, on_result, stop if stop_on_failure else None)
    try:
        board.collect(answers, processes)
    finally:
        stop.set()
        tasks.cancel_join_thread()
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
    results = [board.results.get(i) or _not_run(scenarios[i], board.reasons) for i in range(len(scenarios))
               if i in board.results or not stop_on_failure or not board.failed]
    summary = RunSummary(results=results, load_errors=list(load_errors), startup_s=board.startup_s,
                         coverage=merge_coverage(board.coverages), workers=workers)
    summary.duration_s = time.perf_counter() - started
    return summary


class _Board:
    """What this process knows of the workers: which scenario each runs, and what came back."""

    def __init__(self, scenarios: list[Scenario], on_start, on_result, stop) -> None:
        self.scenarios = scenarios
        self.on_start, self.on_result, self.stop = on_start, on_result, stop
        self.results: dict[int, ScenarioResult] = {}
        self.running: dict[int, int] = {}  # worker → scenario index
        self.coverages: list[dict[str, Any] | None] = []
        self.startup_s: dict[str, float] = {}
        self.reasons: list[str] = []
        self.failed = False

    def collect(self, answers: Any, processes: list[Any]) -> None:
        done: set[int] = set()
        while len(done) < len(processes):
            try:
                message = answers.get(timeout=POLL_S)
            except queue.Empty:
                for number, process in enumerate(processes):
                    if number not in done and not process.is_alive() and answers.empty():
                        done.add(number)
                        self._died(number, process.exitcode)
                continue
            kind, number, *rest = message
            if kind == "start":
                self.running[number] = rest[0]
                if self.on_start:
                    self.on_start(self.scenarios[rest[0]])
            elif kind == "result":
                index, result = rest
                self.running.pop(number, None)
                self.results[index] = result
                self.failed = self.failed or not result.passed
                if self.stop is not None and not result.passed:
                    self.stop.set()
                if self.on_result:
                    self.on_result(result)
            elif kind == "done":
                coverage, startup, problem = rest
                done.add(number)
                self.coverages.append(coverage)
                for name, seconds in startup.items():
                    self.startup_s[name] = max(seconds, self.startup_s.get(name, 0.0))
                if problem:
                    self.reasons.append(problem)

    def _died(self, number: int, exitcode: int | None) -> None:
        reason = f"worker {number} ended unexpectedly (exit code {exitcode})"
        self.reasons.append(reason)
        index = self.running.pop(number, None)
        if index is not None:
            self.results[index] = _not_run(self.scenarios[index], [reason + " while running this scenario"])
            if self.on_result:
                self.on_result(self.results[index])


def _not_run(scenario: Scenario, reasons: list[str]) -> ScenarioResult:
    why = "; ".join(reasons) or "no worker took it"
    result = ScenarioResult(scenario, status=ERROR, message=f"not run: {why}")
    result.records.append(StepRecord("setup", "run in a worker process", "setup", status=ERROR, message=result.message))
    return result


def work(number: int, tasks: Any, answers: Any, stop: Any) -> None:
    """A worker process: its own servers, then scenarios from ``tasks`` until told to stop."""
    from .environment import LocalServers
    from .runner import ScenarioRunner
    from .suite import coverage_since, coverage_snapshot

    try:
        env = LocalServers()
    except Exception as error:  # noqa: BLE001 - reported to the main process, the others run on
        answers.put(("done", number, None, {}, f"worker {number} could not start its servers: {error!r}"))
        return
    try:
        before = coverage_snapshot(env)
        runner = ScenarioRunner(env)
        while not stop.is_set():
            task = tasks.get()
            if task is None:
                break
            index, scenario = task
            answers.put(("start", number, index))
            answers.put(("result", number, index, runner.run(scenario)))
        coverage = coverage_since(before, coverage_snapshot(env))
        startup = dict(env.startup_s)
    finally:
        env.close()
    answers.put(("done", number, coverage, startup, None))


def merge_coverage(reports: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """One coverage report from the workers' own: hits added, missed what no worker touched."""
    present = [r for r in reports if r]
    if not present:
        return None
    merged: dict[str, Any] = {}
    for category in dict.fromkeys(c for report in present for c in report):
        hit: dict[str, int] = {}
        known: set[str] = set()
        for report in present:
            part = report.get(category) or {}
            for name, count in part.get("hit", {}).items():
                hit[name] = hit.get(name, 0) + count
            known |= set(part.get("hit", {})) | set(part.get("missed", []))
        merged[category] = {"hit": hit, "missed": sorted(known - set(hit)),
                            "covered": len(set(hit) & known), "total": len(known)}
    return merged
