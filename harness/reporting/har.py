"""``--har FILE``: every HTTP exchange of a run as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
for browsers' developer tools and HAR viewers: the harness's requests to both servers, with their
headers (secrets masked) and bodies as the timeline keeps them, and the calls the fake journaled
from other clients (the connector's calls to Tharstern), from the journal's record.

Each entry's ``pageref`` is its scenario; ``_scenario``, ``_phase``, ``_purpose`` and ``_origin``
are this tool's own fields (HAR allows custom fields that start with ``_``).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..run.results import RunSummary
from .timeline import scenario_timeline

VERSION = "1.2"


def har_document(summary: RunSummary) -> dict[str, Any]:
    pages, entries = [], []
    for number, result in enumerate(summary.results):
        page = f"scenario_{number + 1}"
        phases = scenario_timeline(result)
        first = min((e.item.wall_at for _r, events in phases for e in events if e.kind == "request"), default=None)
        pages.append({"startedDateTime": _iso(first if first is not None else 0.0), "id": page,
                      "title": result.scenario.title, "pageTimings": {"onContentLoad": -1, "onLoad": -1},
                      "_file": f"{result.scenario.file}:{result.scenario.line}", "_status": result.status})
        offset_before = 0.0  # timeline times are on the fake's clock; HAR wants the wall clock's
        for record, events in phases:
            for event in events:
                if event.kind == "request":
                    entries.append(_exchange_entry(event.item, event.item.wall_at, page, record.label))
                elif event.kind == "tharstern" and event.item.get("origin") != "harness":
                    entries.append(_journal_entry(event.item, event.at - offset_before, page, record.label))
            offset_before = record.clock_offset_s
    return {"log": {"version": VERSION, "creator": {"name": "tharness", "version": _version()},
                    "pages": pages, "entries": entries}}


def write_har(summary: RunSummary, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(har_document(summary), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _exchange_entry(exchange: Any, at: float, page: str, phase: str) -> dict[str, Any]:
    parts = urlsplit(exchange.url)
    request_type = _header(exchange.request_headers, "content-type") or "application/json"
    response_type = _header(exchange.response_headers, "content-type") or ""
    entry = _entry(at, exchange.duration_ms, page, phase, exchange.purpose, exchange.side)
    entry["request"] = _request(exchange.method, exchange.url, parts.query, exchange.request_headers,
                                exchange.request_body, request_type)
    entry["response"] = _response(exchange.status, exchange.response_headers, exchange.response_body, response_type,
                                  exchange.error)
    return entry


def _journal_entry(call: dict[str, Any], at: float, page: str, phase: str) -> dict[str, Any]:
    query = call.get("query") or ""
    url = f"http://tharstern{call.get('path', '')}" + (f"?{query}" if query else "")
    entry = _entry(at, call.get("duration_ms") or 0, page, phase, "journal", f"{call.get('origin') or call.get('client')}")
    entry["request"] = _request(call.get("method", "GET"), url, query, {}, call.get("request_body"), "application/json")
    error = "dropped (no answer)" if call.get("status") is None else None
    entry["response"] = _response(call.get("status"), {}, call.get("response_body") or "", "application/json", error)
    entry["_from_journal"] = True
    return entry


def _entry(at: float, duration_ms: float, page: str, phase: str, purpose: str, origin: str) -> dict[str, Any]:
    wait = max(float(duration_ms or 0), 0.0)
    return {"pageref": page, "startedDateTime": _iso(at), "time": wait, "cache": {},
            "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": wait, "receive": 0, "ssl": -1},
            "_phase": phase, "_purpose": purpose, "_origin": origin}


def _request(method: str, url: str, query: str, headers: dict[str, str], body: str | None, mime: str) -> dict[str, Any]:
    request = {"method": method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
               "headers": [{"name": k, "value": str(v)} for k, v in headers.items()],
               "queryString": [{"name": k, "value": v} for k, v in parse_qsl(query, keep_blank_values=True)],
               "headersSize": -1, "bodySize": len(body.encode("utf-8")) if body else 0}
    if body:
        request["postData"] = {"mimeType": mime, "text": body}
    return request


def _response(status: int | None, headers: dict[str, str], body: str, mime: str, error: str | None) -> dict[str, Any]:
    text = body or ""
    response = {"status": status or 0, "statusText": "" if status else (error or "no answer"), "httpVersion": "HTTP/1.1",
                "cookies": [], "headers": [{"name": k, "value": str(v)} for k, v in headers.items()],
                "content": {"size": len(text.encode("utf-8")), "mimeType": mime, "text": text},
                "redirectURL": "", "headersSize": -1, "bodySize": len(text.encode("utf-8")) if status else -1}
    if error:
        response["_error"] = error
    return response


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tharstern-harness")
    except Exception:  # noqa: BLE001 - not installed as a distribution: the version is unknown
        return "0"
