"""``expect_journal`` and ``expect_deliveries``: counting what the fake recorded.

Journal entries are asked of ``GET /_fake/journal`` with the fake's own filters (``method``,
``path`` glob, ``since`` the steps began), then narrowed here by ``status``, ``client``,
``fault``, ``blocked`` and matchers on ``query``, ``request_body``, ``response_body`` and ``stub``.
Webhook deliveries come from ``GET /_fake/webhooks/deliveries`` after ``POST
/_fake/webhooks/flush``; an expected delivery's keys are field names (any letter case) or
JSONPaths, matched against each delivery record.
"""
from __future__ import annotations

import json
from typing import Any

from ..matchers import MISSING, Described, Mismatch, compare, compare_path, is_jsonpath
from .context import ScenarioContext, StepError
from .near_miss import Difference, describe_near_misses, journal_differences, nearest

def check_journal(ctx: ScenarioContext, expected: list[dict[str, Any]]) -> list[Mismatch]:
    mismatches: list[Mismatch] = []
    since_steps: list[dict[str, Any]] | None = None
    for index, entry in enumerate(expected):
        params: dict[str, Any] = {"since": ctx.steps_seq, **{k: entry[k] for k in ("method", "path") if k in entry}}
        found = [e for e in _journal(ctx, params) if _journal_entry_matches(ctx, entry, e)]
        where = f"expect_journal.tharstern[{index}] ({describe_call(entry)})"
        count = entry.get("count")
        if (count is None and not found) or (count is not None and len(found) != count):
            want = "at least one such call" if count is None else f"exactly {count} such call{'s' if count != 1 else ''}"
            if found:
                actual = f"{len(found)}:\n" + "\n".join(journal_line(e) for e in found)
            else:
                if since_steps is None:
                    since_steps = _journal(ctx, {"since": ctx.steps_seq})
                near = nearest(since_steps, lambda e: journal_differences(
                    entry, e, lambda wanted, client: _client_matches(ctx, wanted, client)))  # noqa: B023 (called at once)
                actual = describe_near_misses("calls since the steps began", len(since_steps), near,
                                              journal_line, _journal_bodies)
            mismatches.append(Mismatch(where, want, Described(actual)))
    return mismatches


def _journal_bodies(entry: dict[str, Any]) -> list[str]:
    return [f"{key}: {entry[key]}" for key in ("request_body", "response_body") if entry.get(key)]


def _journal(ctx: ScenarioContext, params: dict[str, Any]) -> list[dict[str, Any]]:
    answer = ctx.client.send("tharstern", "GET", ctx.targets.tharstern("/_fake/journal"), params=params,
                             purpose="check", record=False)
    if answer.status != 200 or not isinstance(answer.json, dict):
        raise StepError(f"could not read the fake's journal: {answer.error or answer.status} {answer.text[:300]}")
    items = answer.json.get("items", [])
    for entry in items:
        entry["origin"] = ctx.origin_of(entry)
    return items


def _journal_entry_matches(ctx: ScenarioContext, expected: dict[str, Any], entry: dict[str, Any]) -> bool:
    """The fake filtered by method and path already; the other fields are checked here."""
    local = {k: v for k, v in expected.items() if k not in ("method", "path", "count")}
    return not journal_differences(local, entry, lambda wanted, client: _client_matches(ctx, wanted, client))


def _client_matches(ctx: ScenarioContext, wanted: str, client: str | None) -> bool:
    if wanted in ("harness", "connector"):
        if not ctx.targets.harness_ip:
            raise StepError(f"client: {wanted} needs the harness to call from its own address, and this machine "
                            "does not let it bind one; match the client address instead")
        return (client == ctx.targets.harness_ip) == (wanted == "harness")
    return client == wanted


def describe_call(entry: dict[str, Any]) -> str:
    parts = [entry.get("method", "any method"), entry.get("path", "any path")]
    parts += [f"{k}={entry[k]}" for k in ("status", "client", "fault", "blocked") if k in entry]
    return " ".join(str(p) for p in parts)


def journal_line(entry: dict[str, Any]) -> str:
    query = f"?{entry['query']}" if entry.get("query") else ""
    status = entry.get("status") if entry.get("status") is not None else "dropped"
    extras = []
    if entry.get("fault"):
        extras.append("fault " + ",".join(f.get("kind", "?") for f in entry["fault"]))
    if entry.get("blocked"):
        extras.append(f"blocked ({entry['blocked']})")
    who = entry.get("origin") or entry.get("client")
    tail = f" [{'; '.join(extras)}]" if extras else ""
    return f"#{entry.get('seq')} {entry.get('method')} {entry.get('path')}{query} → {status} from {who}{tail}"


# -- webhook deliveries -----------------------------------------------------------------------
def fetch_deliveries(ctx: ScenarioContext, *, flush: bool = False) -> list[dict[str, Any]] | None:
    """The fake's delivery log (after delivering what is pending, with ``flush``), or None when
    this fake has no webhook deliveries."""
    if ctx.deliveries_missing:
        return None
    base = ctx.targets.tharstern("/_fake/webhooks")
    if flush:
        # the fake answers within timeout_s; the client waits longer, so a slow machine is not a failure
        ctx.client.send("tharstern", "POST", f"{base}/flush", purpose="check", record=False,
                        json_body={"timeout_s": 10}, timeout_s=40)
    answer = ctx.client.send("tharstern", "GET", f"{base}/deliveries", purpose="check", record=False)
    if answer.status in (404, 405):
        ctx.deliveries_missing = True
        return None
    if answer.status != 200:
        raise StepError(f"could not read the fake's webhook deliveries: {answer.error or answer.status} {answer.text[:300]}")
    body = answer.json
    items = body.get("items", []) if isinstance(body, dict) else body
    return items if isinstance(items, list) else []


def check_deliveries(ctx: ScenarioContext, expected: list[dict[str, Any]]) -> list[Mismatch]:
    deliveries = fetch_deliveries(ctx, flush=True)
    if deliveries is None:
        raise StepError("this fake has no webhook deliveries (GET /_fake/webhooks/deliveries answered 404)")
    mismatches = []
    for index, entry in enumerate(expected):
        fields = {k: v for k, v in entry.items() if k != "count"}
        found = [d for d in deliveries if not delivery_differences(fields, d)]
        count = entry.get("count")
        if (count is None and not found) or (count is not None and len(found) != count):
            want = "at least one such delivery" if count is None else f"exactly {count} such deliveries"
            if found:
                actual = f"{len(found)} such:\n" + "\n".join(_whole_json(d) for d in found)
            else:
                near = nearest(deliveries, lambda d: delivery_differences(fields, d))  # noqa: B023 (called at once)
                actual = describe_near_misses("webhook deliveries", len(deliveries), near, delivery_line,
                                              lambda d: [_whole_json(d)])
            mismatches.append(Mismatch(f"expect_deliveries[{index}]", want, Described(actual)))
    return mismatches


def delivery_differences(fields: dict[str, Any], delivery: dict[str, Any]) -> list[Difference]:
    """Each expected field the delivery does not meet (JSONPath keys count their matches)."""
    found: list[Difference] = []
    for key, expected in fields.items():
        if is_jsonpath(key):
            mismatches = compare_path(key, expected, delivery)
        else:
            mismatches = compare(expected, delivery_field(delivery, key), key)
        found.extend(Difference(m.where, m.expected, m.actual) for m in mismatches)
    return found


def delivery_field(delivery: dict[str, Any], key: str) -> Any:
    lowered = key.lower()
    return next((v for k, v in delivery.items() if str(k).lower() == lowered), MISSING)


def delivery_line(delivery: dict[str, Any]) -> str:
    what = {k.lower(): v for k, v in delivery.items()}
    parts = [f"{k}={what[k]}" for k in ("id", "event", "subject", "status", "attempt_count", "url") if k in what]
    return "delivery " + (" ".join(map(str, parts)) or "(no id)")


def _whole_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
