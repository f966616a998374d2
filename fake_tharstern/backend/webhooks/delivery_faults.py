"""Delivery faults [I], declared through ``POST /_fake/webhooks/faults``.

Each rule matches deliveries by ``event`` (a name, or ``*``) and optionally ``subscription_id``,
and fires at most ``times`` times (null: for as long as it exists). Kinds:

- ``duplicate``: a new delivery is sent ``1 + copies`` times (same ``webhook-id``, same body);
  the copies are separate delivery records with ``duplicate_of`` set. One firing per delivery.
- ``reorder``: the next ``count`` new deliveries (default 2) are held back and then released
  together in reverse order, so the receiver gets the newest first; a batch that does not fill
  within ``hold_s`` seconds of the fake's clock (default 60) is released as it is. One firing per
  batch.
- ``delay``: a new delivery's first attempt waits ``delay_s`` seconds of the fake's clock.
- ``fail``: an attempt fails without contacting the receiver, as if it had answered ``status``
  (default 503; optionally with ``retry_after_s`` as its Retry-After) or, with
  ``error: "timeout" | "connection"``, as if it had timed out or refused the connection. One
  firing per attempt: ``{"kind": "fail", "times": 2}`` makes the next two attempts fail.

``duplicate``, ``reorder`` and ``delay`` act when a delivery is created (copies and redeliveries
are not touched again); ``fail`` acts on every attempt. Rules are applied in the order they were
added. The caller holds the backend lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelStateError
from .events import EVENTS

KINDS = ("duplicate", "reorder", "delay", "fail")
FAIL_ERRORS = ("timeout", "connection")
COMMON = {"kind", "event", "subscription_id", "times"}
PARAMS = {
    "duplicate": {"copies"},
    "reorder": {"count", "hold_s"},
    "delay": {"delay_s"},
    "fail": {"status", "error", "retry_after_s"},
}


@dataclass
class WebhookFault:
    id: int
    kind: str
    event: str = "*"
    subscription_id: int | None = None
    times: int | None = None
    copies: int = 1
    count: int = 2
    hold_s: float = 60.0
    delay_s: float = 0.0
    status: int = 503
    error: str | None = None
    retry_after_s: float | None = None
    fired: int = 0
    batch: list[int] = field(default_factory=list)  # reorder: delivery ids held, oldest first
    batch_deadline: float | None = None

    def matches(self, event: str, subscription_id: int) -> bool:
        if self.event != "*" and self.event != event:
            return False
        return self.subscription_id is None or self.subscription_id == subscription_id

    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "kind": self.kind, "event": self.event,
                                "subscription_id": self.subscription_id, "times": self.times,
                                "fired": self.fired,
                                "remaining": None if self.times is None else max(0, self.times - self.fired)}
        for name in sorted(PARAMS[self.kind]):
            body[name] = getattr(self, name)
        if self.kind == "reorder":
            body["held"] = list(self.batch)
        return body


class WebhookFaultBook:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._rules: list[WebhookFault] = []
        self.next_id = 1

    def add(self, spec: Any) -> WebhookFault:
        rule = build_fault(self.next_id, spec)
        self.next_id += 1
        self._rules.append(rule)
        return rule

    def restore(self, rules: list[WebhookFault], next_id: int) -> None:
        """Put rules back from a snapshot."""
        self._rules = list(rules)
        self.next_id = max([next_id, *(r.id + 1 for r in rules)])

    def remove(self, rule_id: int) -> WebhookFault | None:
        for rule in self._rules:
            if rule.id == rule_id:
                self._rules.remove(rule)
                return rule
        return None

    def rules(self) -> list[WebhookFault]:
        return list(self._rules)

    def active(self, kind: str, event: str, subscription_id: int) -> list[WebhookFault]:
        return [r for r in self._rules
                if r.kind == kind and not r.exhausted() and r.matches(event, subscription_id)]

    def list(self) -> list[dict[str, Any]]:
        return [r.to_dict() for r in self._rules]


def build_fault(rule_id: int, spec: Any) -> WebhookFault:
    """Validate a fault spec; ModelStateError names each bad field."""
    if not isinstance(spec, dict):
        raise ModelStateError.single("body", "a webhook fault must be an object")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ModelStateError.single("kind", f"must be one of {', '.join(KINDS)}")
    allowed = COMMON | PARAMS[kind]
    errors: dict[str, list[str]] = {str(k): [f"not a field of a {kind} fault; it takes {', '.join(sorted(allowed))}"]
                                    for k in spec if k not in allowed}
    values: dict[str, Any] = {}
    event = spec.get("event", "*")
    if event != "*" and event not in EVENTS:
        errors["event"] = [f"must be * or one of {', '.join(EVENTS)}"]
    values["event"] = event
    _integer(spec, "subscription_id", None, 1, None, errors, values, nullable=True)
    _integer(spec, "times", None, 1, None, errors, values, nullable=True)
    if kind == "duplicate":
        _integer(spec, "copies", 1, 1, 10, errors, values)
    elif kind == "reorder":
        _integer(spec, "count", 2, 2, 100, errors, values)
        _number(spec, "hold_s", 60.0, 0.001, 86_400.0, errors, values)
    elif kind == "delay":
        if "delay_s" in spec:
            _number(spec, "delay_s", 0.0, 0.001, 7 * 86_400.0, errors, values)
        else:
            errors["delay_s"] = ["a delay fault needs delay_s (seconds of the fake's clock)"]
    else:
        _integer(spec, "status", 503, 300, 599, errors, values)
        error = spec.get("error")
        if error is not None and error not in FAIL_ERRORS:
            errors["error"] = [f"must be one of {', '.join(FAIL_ERRORS)} (or leave it out to answer a status)"]
        values["error"] = error
        if error is not None and "status" in spec:
            errors["status"] = ["give a status or an error, not both"]
        _number(spec, "retry_after_s", None, 0.0, 86_400.0, errors, values, nullable=True)
        if error is not None and spec.get("retry_after_s") is not None:
            errors["retry_after_s"] = ["only an answer with a status can carry Retry-After"]
    if errors:
        raise ModelStateError(errors)
    return WebhookFault(id=rule_id, kind=kind, **values)


def _integer(spec: dict[str, Any], name: str, default: int | None, low: int, high: int | None,
             errors: dict[str, list[str]], values: dict[str, Any], *, nullable: bool = False) -> None:
    value = spec.get(name, default)
    if value is None and nullable:
        values[name] = None
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        errors[name] = [f"must be an integer {bounds}" + (" or null" if nullable else "")]
        return
    values[name] = value


def _number(spec: dict[str, Any], name: str, default: float | None, low: float, high: float,
            errors: dict[str, list[str]], values: dict[str, Any], *, nullable: bool = False) -> None:
    value = spec.get(name, default)
    if value is None and nullable:
        values[name] = None
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        errors[name] = [f"must be a number between {low:g} and {high:g}" + (" or null" if nullable else "")]
        return
    values[name] = float(value)
