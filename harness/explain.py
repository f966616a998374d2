"""Plain-text accounts of a scenario's failure: the step, what was expected and what came back,
and the last calls on both sides. The console, the pytest plugin and JUnit XML all use these."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from .matchers import show
from .run.checks import journal_line
from .run.http import NOT_JSON, Answer, Exchange
from .run.results import ScenarioResult, StepRecord

LAST_CALLS = 8


def failure_text(result: ScenarioResult, *, last_calls: int = LAST_CALLS) -> str:
    """Everything a reader needs to see why ``result`` did not pass, without a debugger."""
    record = result.failure
    scenario = result.scenario
    lines = [f"{scenario.title}  ({scenario.file}:{scenario.line})"]
    if record is None:
        return "\n".join(lines + ["passed"])
    where = record.label if record.line is None else f"{record.label}: {record.summary}"
    lines.append(f"{record.status.upper()} at {where}")
    lines.extend(f"  {text}" for text in record.message.splitlines())
    for mismatch in record.mismatches:
        lines.append(f"  - {mismatch.where}")
        lines.append(f"      expected: {mismatch.expected}")
        lines.append(f"      actual:   {_actual(mismatch.actual)}")
    if record.answer is not None and record.mismatches:
        lines.append(f"  answer: {answer_line(record.answer)}")
    calls = timeline_lines(result, upto=record)[-last_calls:]
    if calls:
        lines.append("  last calls (up to this step, oldest first):")
        lines.extend(f"    {line}" for line in calls)
    return "\n".join(lines)


def answer_line(answer: Answer, limit: int = 500) -> str:
    if answer.status is None:
        return f"no answer ({answer.error})"
    body = answer.text if answer.json is NOT_JSON else _compact(answer.json)
    body = body if len(body) <= limit else body[:limit] + "…"
    return f"{answer.status} {body}"


def timeline_lines(result: ScenarioResult, upto: StepRecord | None = None) -> list[str]:
    """``→`` for the harness's own requests, ``⇢`` for calls the fake journaled (by the connector,
    or by the harness itself)."""
    lines = []
    for kind, item in result.events(upto):
        if kind == "request":
            lines.append("→ " + exchange_line(item))
        else:
            lines.append("⇢ tharstern journal " + journal_line(item))
    return lines


def exchange_line(exchange: Exchange) -> str:
    outcome = exchange.status if exchange.status is not None else f"no answer: {exchange.error}"
    note = f" [{exchange.purpose}]" if exchange.purpose not in ("step",) else ""
    parts = urlsplit(exchange.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"{exchange.side} {exchange.method} {target} → {outcome} ({exchange.duration_ms:.0f} ms){note}"


def _actual(value: Any) -> str:
    text = show(value, limit=800)
    return text.replace("\n", "\n                ")


def _compact(value: Any, limit: int = 800) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def trace_text(result: ScenarioResult) -> str:
    """``--trace``: every phase of a scenario, passing or not, with each exchange it made and each
    call the fake journaled meanwhile (``→`` the harness's, ``⇢`` journaled)."""
    scenario = result.scenario
    lines = [f"{result.status.upper()} {scenario.title}  ({scenario.file}:{scenario.line}, {result.duration_ms:.0f} ms)"]
    for record in result.records:
        where = record.label if record.line is None else f"{record.label}: {record.summary}"
        lines.append(f"  {where} — {record.status}")
        lines.extend(f"    → {exchange_line(e)}" for e in record.exchanges)
        lines.extend(f"    ⇢ tharstern journal {journal_line(c)}" for c in record.tharstern_calls)
    return "\n".join(lines)
