"""Running one scenario: reset and set up both servers, run the steps in order (after a failure
the rest are skipped), always run ``finally``, and keep a record of every phase."""
from __future__ import annotations

import time
import traceback
from functools import partial
from typing import Callable

from ..scenario.model import Scenario, Step
from ..variables import UnknownVariable
from .checks import fetch_deliveries
from .context import ScenarioContext, StepError, StepFailed
from .environment import ConnectorUnavailable, Servers
from .given import prepare
from .results import ERROR, FAILED, PASSED, SKIPPED, ScenarioResult, StepRecord
from .steps import run_step


class ScenarioRunner:
    """Runs scenarios against an environment (``LocalServers`` or ``LiveServers``)."""

    def __init__(self, env: Servers) -> None:
        self.env = env

    def run(self, scenario: Scenario) -> ScenarioResult:
        started = time.perf_counter()
        result = ScenarioResult(scenario)
        if scenario.needs_connector:
            try:
                self.env.ensure_connector()
            except ConnectorUnavailable as error:
                result.records.append(StepRecord("setup", "start the connector", "setup", status=ERROR,
                                                 message=str(error)))
                return self._finish(result, started)
        ctx = ScenarioContext(self.env, scenario)
        try:
            self._run_all(ctx, scenario, result)
        finally:
            ctx.close()
        return self._finish(result, started)

    def _run_all(self, ctx: ScenarioContext, scenario: Scenario, result: ScenarioResult) -> None:
        setup = ctx.current
        result.records.append(setup)
        self._phase(ctx, setup, lambda: prepare(ctx, scenario.given))
        ctx.steps_seq = ctx.journal_seq
        broken = not setup.ok
        for step in scenario.steps:
            record = _record_for(step)
            result.records.append(record)
            if broken:
                record.status, record.message = SKIPPED, "not run: an earlier step failed"
                continue
            self._phase(ctx, record, partial(run_step, ctx, step))
            broken = not record.ok
        for step in scenario.finally_steps:
            record = _record_for(step)
            result.records.append(record)
            self._phase(ctx, record, partial(run_step, ctx, step), in_finally=True)
        collect = StepRecord("collect", "read the fake's journal and webhook deliveries", "collect")
        result.records.append(collect)
        self._phase(ctx, collect, lambda: result.deliveries.extend(
            (fetch_deliveries(ctx) or []) if may_have_deliveries(ctx, result) else []), always_read_journal=True)

    def _phase(self, ctx: ScenarioContext, record: StepRecord, action: Callable[[], None], *,
               in_finally: bool = False, always_read_journal: bool = False) -> None:
        ctx.current = record
        started = time.perf_counter()
        record.started_wall = time.time()
        try:
            action()
        except StepFailed as failure:
            record.status, record.message = FAILED, str(failure)
            record.mismatches, record.answer = failure.mismatches, failure.answer or record.answer
        except StepError as error:
            record.status, record.message = ERROR, str(error)
        except UnknownVariable as error:
            record.status, record.message = (SKIPPED if in_finally else ERROR), str(error)
        except Exception as error:  # a bug in the harness must not end the run: report it with the scenario
            record.status = ERROR
            record.message = f"internal error in the harness: {error!r}\n{traceback.format_exc(limit=6)}"
        finally:
            try:
                if always_read_journal or may_have_journaled(ctx, record):
                    record.tharstern_calls.extend(ctx.fetch_journal())
            except Exception as error:
                record.message += f" (the fake's journal could not be read: {error})"
            record.duration_ms = (time.perf_counter() - started) * 1000
            record.ended_wall = time.time()
            record.clock_offset_s = ctx.clock_offset_s

    @staticmethod
    def _finish(result: ScenarioResult, started: float) -> ScenarioResult:
        result.duration_ms = (time.perf_counter() - started) * 1000
        failure = result.failure
        if failure is None:
            result.status = PASSED
        else:
            result.status = FAILED if failure.status == FAILED else ERROR
            where = failure.label if failure.line is None else f"{failure.label}: {failure.summary}"
            result.message = f"{where}: {failure.message}"
        return result


def may_have_journaled(ctx: ScenarioContext, record: StepRecord) -> bool:
    """Whether calls to the faked API may have been made during this phase: the harness called
    the API, or the connector for anything but a reset (it may call Tharstern to answer). A
    phase of control-plane calls alone (the resets) journals nothing, so its read is saved;
    background calls made meanwhile are read with the next phase's."""
    for exchange in record.exchanges:
        if exchange.side == "connector" and exchange.purpose != "reset":
            return True
        if exchange.side == "tharstern" and ctx.targets.is_tharstern_api(exchange.url):
            return True
    return False


def may_have_deliveries(ctx: ScenarioContext, result: ScenarioResult) -> bool:
    """Webhook deliveries need a subscription, and the reset removed every one: a subscription
    is made through the faked API (journaled, whoever made it) or the fake's control plane (a
    request of the harness), or the scenario read deliveries itself."""
    for record in result.records:
        if record.kind == "expect_deliveries":
            return True
        if any("webhooks/subscriptions" in e.url.lower() and e.method == "POST" for e in record.exchanges):
            return True
        if any("webhooks/subscriptions" in str(c.get("path", "")).lower() and c.get("method") == "POST"
               for c in record.tharstern_calls):
            return True
    return False


def _record_for(step: Step) -> StepRecord:
    return StepRecord(step.label, step.summary, step.kind, line=step.line)
