"""Carrying out one step of each kind. A step returns when it passed; it raises ``StepFailed``
(the servers answered, but not as expected) or ``StepError`` (it could not be carried out)."""
from __future__ import annotations

import time
from typing import Any, Callable

from ..matchers import Mismatch
from ..scenario.model import Step
from .checks import check_deliveries, check_journal
from .context import ScenarioContext, StepError, StepFailed
from .expectations import check_answer, saved_values

DEFAULT_WAIT_S = 5.0
DEFAULT_INTERVAL_S = 0.05


def run_step(ctx: ScenarioContext, step: Step) -> None:
    spec = {k: v for k, v in step.spec.items() if k != "save"}
    resolved = ctx.resolve(spec)
    RUNNERS[step.kind](ctx, step, resolved)


def _request(ctx: ScenarioContext, step: Step, spec: dict[str, Any]) -> None:
    answer = ctx.request(step.kind, spec[step.kind], spec)
    ctx.current.answer = answer
    mismatches = check_answer(spec.get("expect"), answer)
    if mismatches:
        raise StepFailed("the answer is not what the step expects", mismatches, answer)
    _save(ctx, step.spec.get("save"), answer)


def _wait_for(ctx: ScenarioContext, step: Step, spec: dict[str, Any]) -> None:
    wait = spec["wait_for"]
    side = "connector" if "connector" in wait else "tharstern"
    timeout = float(wait.get("timeout_s", DEFAULT_WAIT_S))
    interval = float(wait.get("interval_s", DEFAULT_INTERVAL_S))
    deadline = time.monotonic() + timeout
    poll = {key: value for key, value in wait.items() if key != "timeout_s"}  # the wait's budget, not each poll's
    polls = 0
    while True:
        answer = ctx.request(side, wait[side], poll, purpose="poll")
        polls += 1
        ctx.current.answer = answer
        mismatches = check_answer(wait["until"], answer)
        if not mismatches:
            _fold_polls(ctx, polls)
            _save(ctx, step.spec["wait_for"].get("save"), answer)
            return
        if time.monotonic() + interval > deadline:
            _fold_polls(ctx, polls)
            raise StepFailed(f"timed out: after {timeout:g} s ({polls} polls) the answer still did not match",
                             mismatches, answer)
        time.sleep(interval)


def _fold_polls(ctx: ScenarioContext, polls: int) -> None:
    """Keep the first and the last two polls in the timeline, with a count of those left out."""
    exchanges = ctx.current.exchanges
    poll_positions = [i for i, e in enumerate(exchanges) if e.purpose == "poll"]
    if len(poll_positions) <= 3:
        return
    drop = set(poll_positions[1:-2])
    kept = [e for i, e in enumerate(exchanges) if i not in drop]
    first = kept.index(exchanges[poll_positions[0]])
    kept[first].error = (kept[first].error or "") + f" [{len(drop)} more polls not shown; {polls} in all]"
    ctx.current.exchanges = kept


def _expect_journal(ctx: ScenarioContext, step: Step, spec: dict[str, Any]) -> None:
    _poll_check(spec.get("within_s"), lambda: check_journal(ctx, spec["expect_journal"]["tharstern"]),
                "the fake's journal")


def _expect_deliveries(ctx: ScenarioContext, step: Step, spec: dict[str, Any]) -> None:
    _poll_check(spec.get("within_s"), lambda: check_deliveries(ctx, spec["expect_deliveries"]),
                "the fake's webhook deliveries")


def _poll_check(within_s: float | None, check: Callable[[], list[Mismatch]], what: str) -> None:
    deadline = time.monotonic() + float(within_s or 0)
    while True:
        mismatches = check()
        if not mismatches:
            return
        if time.monotonic() + DEFAULT_INTERVAL_S > deadline:
            waited = f" within {within_s:g} s" if within_s else ""
            raise StepFailed(f"{what} does not hold what the step expects{waited}", mismatches)
        time.sleep(DEFAULT_INTERVAL_S)


def _clock(ctx: ScenarioContext, step: Step, spec: dict[str, Any]) -> None:
    clock = spec["clock"]
    body = {"advance_s": clock["advance_s"]}
    only = clock.get("only")
    if only == "connector" and not ctx.connector_running:
        raise StepError("clock: only connector, but no connector is running")
    # The connector first: the fake sends deliveries that fall due the moment its clock moves,
    # and they are signed at the fake's new time, which the connector must already share.
    if only != "tharstern" and ctx.connector_running:
        ctx.control("connector", "POST", "/_control/clock", body, purpose="clock")
    if only != "connector":
        ctx.control("tharstern", "POST", "/_fake/clock", body, purpose="clock")
        ctx.clock_offset_s += float(clock["advance_s"])


def _save(ctx: ScenarioContext, save: dict[str, str] | None, answer) -> None:
    if not save:
        return
    values, problems = saved_values(save, answer)
    if problems:
        raise StepFailed("a value to save is not in the answer", problems, answer)
    ctx.variables.update(values)


RUNNERS: dict[str, Callable[[ScenarioContext, Step, dict[str, Any]], None]] = {
    "connector": _request,
    "tharstern": _request,
    "wait_for": _wait_for,
    "expect_journal": _expect_journal,
    "expect_deliveries": _expect_deliveries,
    "clock": _clock,
}
