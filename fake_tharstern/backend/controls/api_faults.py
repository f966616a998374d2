"""Fault rules for the faked API (never the control plane).

A rule matches a method (or any) and a case-insensitive glob on the request path, and applies
one kind of fault: ``error`` (an HTTP status with the Tharstern envelope), ``latency`` (the
answer is delayed by ``delay_ms``, then given normally), ``drop`` (the connection closes with no
answer; ``when`` says whether ``before`` the fake handles the request — nothing happens, as a
firewall that drops — the default, or ``after`` — the request takes effect and only its answer is
lost, as when a connection breaks on the way back [I]; exactly-once tests need the second),
``malformed`` (HTTP 200 with a body that is not JSON) or ``html`` (HTTP 200 with a web
page, as a login page, a proxy or a captive portal in front of the API answers [I]). ``times`` limits how often it
fires; ``headers`` go with the answer of an error, malformed or html fault (429 with
``Retry-After``); ``probability`` (with an optional ``seed`` for repeatable runs) makes it fire sometimes.
Rules are checked in the order they were added; the first that fires wins, except that latency
rules add up and let a later error, drop, malformed or html rule fire as well.
"""
from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelStateError
from .journal import path_matches

KINDS = ("error", "latency", "drop", "malformed", "html")
DROP_WHEN = ("before", "after")


@dataclass
class FaultRule:
    id: int
    kind: str
    path: str = "*"
    method: str = "*"
    status: int = 500
    delay_ms: int = 0
    times: int | None = None
    probability: float = 1.0
    seed: int | None = None
    message: str = "Injected fault"
    headers: dict[str, str] = field(default_factory=dict)
    when: str = "before"  # drop only: before or after the fake handles the request
    fired: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "delay_ms": self.delay_ms,
            "times": self.times,
            "probability": self.probability,
            "seed": self.seed,
            "message": self.message,
            "headers": dict(self.headers),
            "when": self.when if self.kind == "drop" else None,
            "fired": self.fired,
            "remaining": None if self.times is None else max(0, self.times - self.fired),
        }

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        return path_matches(self.path, path)

    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times


@dataclass
class FaultDecision:
    """What the gate must do for one request."""

    delay_ms: int = 0
    kind: str | None = None  # error | drop | malformed | html | None
    rule: FaultRule | None = None
    fired: list[dict[str, Any]] = field(default_factory=list)


class FaultBook:
    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self.next_id = 1
        self._lock = threading.Lock()

    def add(self, spec: dict[str, Any]) -> FaultRule:
        with self._lock:
            rule = build_rule(self.next_id, spec)
            self.next_id += 1
            self._rules.append(rule)
        return rule

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def restore(self, rules: list[FaultRule], next_id: int) -> None:
        """Put rules back from a snapshot (``next_id`` stays above every rule's id)."""
        with self._lock:
            self._rules = list(rules)
            self.next_id = max([next_id, *(r.id + 1 for r in rules)])

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [r.to_dict() for r in self._rules]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def decide(self, method: str, path: str) -> FaultDecision:
        decision = FaultDecision()
        with self._lock:
            for rule in self._rules:
                if rule.exhausted() or not rule.matches(method, path):
                    continue
                if rule.probability < 1.0 and rule._rng.random() >= rule.probability:
                    continue
                rule.fired += 1
                decision.fired.append({"id": rule.id, "kind": rule.kind})
                if rule.kind == "latency":
                    decision.delay_ms += rule.delay_ms
                    continue
                decision.kind = rule.kind
                decision.rule = rule
                break
        return decision


def build_rule(rule_id: int, spec: dict[str, Any]) -> FaultRule:
    """Validate a fault spec from the control plane; ModelStateError names the bad field."""
    if not isinstance(spec, dict):
        raise ModelStateError.single("fault", "must be an object")
    allowed = {"kind", "path", "method", "status", "delay_ms", "times", "probability", "seed", "message", "headers",
               "when"}
    errors: dict[str, list[str]] = {k: ["unknown field"] for k in sorted(set(spec) - allowed)}
    kind = str(spec.get("kind"))
    if kind not in KINDS:
        errors["kind"] = [f"must be one of {', '.join(KINDS)}"]
    method = spec.get("method", "*")
    if not isinstance(method, str) or not method:
        errors["method"] = ["must be an HTTP method or *"]
    path = spec.get("path", "*")
    if not isinstance(path, str) or not path:
        errors["path"] = ["must be a glob such as /TharsternAPI/api/products*"]
    status = spec.get("status", 500)
    if not _is_int(status) or not 400 <= status <= 599:
        errors["status"] = ["must be an HTTP error status between 400 and 599"]
    delay_ms = spec.get("delay_ms", 0)
    if not _is_int(delay_ms) or not 0 <= delay_ms <= 600_000:
        errors["delay_ms"] = ["must be an integer between 0 and 600000"]
    if kind == "latency" and delay_ms == 0:
        errors.setdefault("delay_ms", ["a latency fault needs delay_ms > 0"])
    times = spec.get("times")
    if times is not None and (not _is_int(times) or times < 1):
        errors["times"] = ["must be a positive integer or null"]
    probability = spec.get("probability", 1.0)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 < probability <= 1:
        errors["probability"] = ["must be a number in (0, 1]"]
    seed = spec.get("seed")
    if seed is not None and not _is_int(seed):
        errors["seed"] = ["must be an integer"]
    message = spec.get("message", "Injected fault")
    if not isinstance(message, str):
        errors["message"] = ["must be a string"]
    headers = spec.get("headers")
    headers = {} if headers is None else headers
    _check_headers(headers, kind, errors)
    when = spec.get("when", "before")
    if "when" in spec and kind != "drop":
        errors["when"] = ["only drop faults take when"]
    elif when not in DROP_WHEN:
        errors["when"] = ["must be before (the request is not handled) or after (handled, the answer is lost)"]
    if errors:
        raise ModelStateError(errors)
    return FaultRule(
        id=rule_id,
        kind=kind,
        path=path,
        method=method.upper() if method != "*" else "*",
        status=status,
        delay_ms=delay_ms,
        times=times,
        probability=float(probability),
        seed=seed,
        message=message,
        headers=dict(headers),
        when=when,
        _rng=random.Random(seed),
    )


ANSWERING_KINDS = ("error", "malformed", "html")
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
FRAMING_HEADERS = {"content-length", "content-type", "transfer-encoding", "connection"}


def header_problems(headers: Any, errors: dict[str, list[str]], *, reserved: set[str] = FRAMING_HEADERS) -> None:
    """Headers an answer may carry: ``{name: text on one line}``, not the framing ones the fake
    sets itself. Problems go into ``errors`` under ``headers`` or ``headers.<name>``."""
    if not isinstance(headers, dict):
        errors["headers"] = ['must be an object of header names to text, such as {"Retry-After": "120"}']
        return
    for name, value in headers.items():
        if not isinstance(name, str) or not HEADER_NAME.match(name) or name.lower() in reserved:
            errors[f"headers.{name}"] = [f"is not a header name that may be set (the fake sets "
                                         f"{', '.join(sorted(reserved))} itself)"]
        elif (not isinstance(value, str) or not value or any(c in value for c in "\r\n\0") or len(value) > 1000
              or not value.isprintable() or max(map(ord, value)) > 255):
            errors[f"headers.{name}"] = ["must be text on one line, 1 to 1000 characters of ISO-8859-1"]


def _check_headers(headers: Any, kind: Any, errors: dict[str, list[str]]) -> None:
    """``headers`` go with the answer a fault gives (``{"Retry-After": "120"}`` with a 429)."""
    if headers and kind in KINDS and kind not in ANSWERING_KINDS:
        errors["headers"] = [f"only a fault that answers ({', '.join(ANSWERING_KINDS)}) carries headers"]
        return
    header_problems(headers, errors)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
