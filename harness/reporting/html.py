"""The HTML report: one self-contained file (inline CSS, a few lines of JS, nothing fetched) with
the summary, every scenario's steps and timeline (the harness's requests, the Tharstern calls the
fake journaled, faults, webhook deliveries), the file problems, and the fake's coverage."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from jinja2 import Environment, PackageLoader, select_autoescape

from ..explain import failure_text
from ..matchers import show
from ..run.results import ERROR, FAILED, PASSED, SKIPPED, RunSummary, ScenarioResult
from ..run.suite import median_ms
from .console import closing_line, timing_line
from .timeline import Event, delivery_text, scenario_timeline


def render_html(summary: RunSummary) -> str:
    env = Environment(loader=PackageLoader("harness.reporting", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("report.html")
    return template.render(
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        summary=summary,
        counts={status: summary.count(status) for status in (PASSED, FAILED, ERROR)},
        load_errors=summary.load_errors,
        scenarios=[_scenario_view(n, r) for n, r in enumerate(summary.results)],
        coverage=summary.coverage or {},
        timing=timing_line(summary),
        closing=closing_line(summary),
        median=median_ms(summary.results),
    )


def write_html(summary: RunSummary, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(summary), encoding="utf-8")
    return path


def _scenario_view(number: int, result: ScenarioResult) -> dict[str, Any]:
    scenario = result.scenario
    return {
        "anchor": f"s{number + 1}",
        "title": scenario.title,
        "file": scenario.file,
        "line": scenario.line,
        "area": scenario.area,
        "tags": scenario.tags,
        "description": scenario.description,
        "status": result.status,
        "ms": result.duration_ms,
        "explanation": failure_text(result) if result.status in (FAILED, ERROR) else "",
        "records": [_record_view(record, events) for record, events in scenario_timeline(result)],
        "deliveries": [json.dumps(d, indent=2, ensure_ascii=False, default=str) for d in result.deliveries],
    }


def _record_view(record, timeline: list[Event]) -> dict[str, Any]:
    events = [VIEWS[event.kind](event.item) for event in timeline]
    return {
        "label": record.label,
        "summary": record.summary,
        "status": record.status if record.status != SKIPPED else "skipped",
        "message": record.message,
        "mismatches": [{"where": m.where, "expected": m.expected, "actual": show(m.actual, limit=4000)}
                       for m in record.mismatches],
        "ms": record.duration_ms,
        "events": events,
    }


def _request_view(e) -> dict[str, Any]:
    return {"type": "request", "side": e.side, "purpose": e.purpose, "method": e.method, "target": e.url,
            "status": e.status if e.status is not None else "no answer", "ms": e.duration_ms,
            "error": e.error, "request": _pretty(e.request_body), "response": _pretty(e.response_body), "fault": None}


def _journal_view(call: dict[str, Any]) -> dict[str, Any]:
    faults = ", ".join(f.get("kind", "?") for f in call.get("fault") or [])
    query = f"?{call['query']}" if call.get("query") else ""
    return {"type": "tharstern", "side": f"{call.get('origin') or call.get('client')} → tharstern",
            "purpose": "journal", "method": call.get("method"), "target": f"{call.get('path')}{query}",
            "status": call.get("status") if call.get("status") is not None else "dropped",
            "ms": call.get("duration_ms") or 0, "error": None,
            "request": _pretty(call.get("request_body")), "response": _pretty(call.get("response_body")),
            "fault": faults or (f"blocked ({call['blocked']})" if call.get("blocked") else None)}


def _delivery_view(pair: tuple[dict[str, Any], dict[str, Any] | None]) -> dict[str, Any]:
    delivery, attempt = pair
    what, outcome = delivery_text(delivery, attempt)
    body = delivery.get("body")
    return {"type": "delivery", "side": "tharstern → webhook", "purpose": "delivery", "method": "POST", "target": what,
            "status": outcome, "ms": (attempt or {}).get("latency_ms") or 0, "error": None,
            "request": json.dumps(body, indent=2, ensure_ascii=False) if body is not None else None,
            "response": None, "fault": ", ".join(map(str, delivery.get("faults") or [])) or None}


VIEWS: dict[str, Callable[[Any], dict[str, Any]]] = {"request": _request_view, "tharstern": _journal_view, "delivery": _delivery_view}


def _pretty(body: str | None) -> str | None:
    if not body:
        return None
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body
