"""A scenario's timeline in time order: the harness's requests, the calls the fake journaled, and
each webhook delivery attempt, placed in the phase (setup, step, finally step) during which it
happened.

Times are compared on the fake's clock: delivery attempts carry its time (to the millisecond); a
request of the harness is at its wall-clock time plus how far the scenario's ``clock`` steps had
moved the fake's clock by then. Journal entries carry the fake's time only to the second, so each
takes the time of the harness's request it records (the harness's own calls) or comes just after
the one before it, in the journal's order (the connector's calls). A delivery attempt belongs to the phase whose time span holds it
(a retry made due by a ``clock`` step lands in that step); one made after every phase ended (by
the final flush) goes to the last phase.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..run.http import Exchange
from ..run.results import ScenarioResult, StepRecord

SLACK_S = 0.05  # the fake stamps times a little after the harness sent the request


@dataclass
class Event:
    at: float  # seconds since the epoch, on the fake's clock
    kind: str  # request | tharstern | delivery
    item: Any  # Exchange, journal entry, or (delivery, attempt or None)


def epoch(text: Any) -> float | None:
    """An ISO time from the fake (``2026-12-01T14:00:00.123Z``) as seconds since the epoch."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def scenario_timeline(result: ScenarioResult) -> list[tuple[StepRecord, list[Event]]]:
    """Each phase with its events, oldest first, webhook delivery attempts among them."""
    phases: list[tuple[StepRecord, list[Event]]] = []
    offset_before = 0.0
    for record in result.records:
        events = [Event(_request_time(e, offset_before), "request", e) for e in record.exchanges]
        events += _journal_events(record, events, offset_before)
        phases.append((record, events))
        offset_before = record.clock_offset_s
    for delivery in result.deliveries:
        for attempt in delivery.get("attempts") or [None]:
            at = epoch((attempt or {}).get("at")) or epoch(delivery.get("created_at"))
            if at is None or not phases:
                continue
            _phase_at(phases, at).append(Event(at, "delivery", (delivery, attempt)))
    for _record, events in phases:
        events.sort(key=lambda event: event.at)
    return phases


def _request_time(exchange: Exchange, offset_s: float) -> float:
    return exchange.wall_at + offset_s


def _journal_events(record: StepRecord, requests: list[Event], offset_s: float) -> list[Event]:
    own = [e for e in requests if e.item.side == "tharstern"]
    placed: list[Event] = []
    last = record.started_wall + offset_s
    for call in sorted(record.tharstern_calls, key=lambda c: c.get("seq") or 0):
        if call.get("origin") == "harness":
            match = next((e for e in own if urlsplit(e.item.url).path.lower() == str(call.get("path", "")).lower()), None)
            if match is not None:
                own.remove(match)
                last = match.at
        last += 1e-4
        placed.append(Event(last, "tharstern", call))
    return placed


def _phase_at(phases: list[tuple[StepRecord, list[Event]]], at: float) -> list[Event]:
    """The phase whose span holds ``at``; between two phases, the earlier; after all, the last."""
    offset_before = 0.0
    chosen = phases[0][1]
    for record, events in phases:
        start = record.started_wall + offset_before
        end = record.ended_wall + record.clock_offset_s
        if start <= at <= end:
            return events
        if start - SLACK_S <= at:
            chosen = events
        offset_before = record.clock_offset_s
    return chosen


def delivery_text(delivery: dict[str, Any], attempt: dict[str, Any] | None) -> tuple[str, str]:
    """``(what, outcome)`` of one delivery attempt, for a timeline row."""
    what = f"{delivery.get('event')} #{delivery.get('id')} → {delivery.get('url')}"
    if attempt is None:
        return what, f"{delivery.get('status')} (not tried yet)"
    if attempt.get("status_code") is not None:
        outcome = str(attempt["status_code"])
    else:
        outcome = attempt.get("error") or "no answer"
    return f"{what} (attempt {attempt.get('attempt')})", outcome
