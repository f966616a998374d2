"""Stubs [I]: canned answers for what the fake does not model (``/_fake/stubs``).

A stub is ``{method, path, query?, json_contains?, status, headers?, json? | body?, envelope?,
times?, override?}``:

- ``method`` (default ``*``) and ``path``, a case-insensitive glob as fault rules take it (a
  pattern without a leading slash matches the end of the path after ``/api/``);
- ``query``: parameters that must be present, ``{name: glob}`` (names in any case, as ASP.NET
  binds them; a repeated parameter matches when any of its values does);
- ``json_contains``: the request body must be JSON containing this (objects: these keys with
  containing values; lists: each element contained in some element; anything else: equal);
- ``status`` (default 200), ``headers``, and ``json`` (any JSON) or ``body`` (text);
  ``envelope: true`` wraps ``json`` as ``Details`` in the Tharstern envelope (whose token status
  is the caller's real one);
- ``times``: answers that many requests, then stays listed as exhausted; ``override``: answers
  even where a modelled route would (otherwise a stub only answers requests no route takes).

The newest matching stub answers. Every string in ``json``, ``body`` and ``headers`` may be a
Jinja2 template with ``request.method``, ``request.path``, ``request.query.X`` (a repeated
parameter is a list), ``request.json.X`` and ``now`` (the fake's clock, ISO-8601), rendered in
an ``ImmutableSandboxedEnvironment`` with no globals and a short list of filters: a template
cannot reach Python objects, change anything or build huge strings, and ``{{ ... }}`` prints
only text and numbers (request lists and objects as JSON; anything else as nothing). A template that fails on
a request's values renders as ``[template error: ...]`` and the journal says so.
"""
from __future__ import annotations

import builtins
import fnmatch
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from jinja2 import ChainableUndefined, TemplateError, TemplateSyntaxError, Undefined
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import ModelStateError
from .api_faults import header_problems
from .journal import path_matches

FIELDS = ("id", "method", "path", "query", "json_contains", "status", "headers", "json", "body", "envelope",
          "times", "override", "hits")
SAFE_FILTERS = ("abs", "default", "d", "first", "float", "int", "join", "last", "length", "lower", "round",
                "string", "title", "tojson", "trim", "upper", "urlencode", "count")
MAX_TEMPLATE_TEXT = 100_000
NO_JSON = object()  # what the body reader gives for a body that is not JSON
RESERVED_HEADERS = {"content-length", "transfer-encoding", "connection"}  # a stub may set Content-Type
STUB_KEY = "fake_tharstern.stub"  # where the answering stub is noted in the WSGI environ, for the journal


class StubSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with no globals, few filters, and no repetition or power that builds a huge
    value (``'x' * 10**9``)."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self) -> None:
        super().__init__(undefined=ChainableUndefined, autoescape=False, finalize=_plain)
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in SAFE_FILTERS if name in self.filters}
        self.tests = {name: self.tests[name] for name in ("defined", "undefined", "none", "number", "string")}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("the exponent is too large")
        if operator == "*":
            for value, times in ((left, right), (right, left)):
                if isinstance(value, (str, list, tuple)) and isinstance(times, int) and len(value) * times > 10_000:
                    raise SecurityError("the repetition builds a value that is too large")
        return super().call_binop(context, operator, left, right)


class QueryValues(dict[str, str | list[str]]):
    """Query parameters for templates: names in any letter case, as ASP.NET binds them (a repeated
    parameter is a list)."""

    def __missing__(self, key: str) -> str | list[str]:
        wanted = str(key).lower()
        for name, value in self.items():
            if name.lower() == wanted:
                return value
        raise KeyError(key)


def _plain(value: Any) -> Any:
    """What ``{{ ... }}`` may print: text and numbers as they are, request JSON (lists, objects)
    as JSON, nothing for anything else (no Python object is ever shown, not even its repr)."""
    if value is None or isinstance(value, Undefined):
        return ""
    if isinstance(value, (str, int, float)):
        return value
    if isinstance(value, (list, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return ""
    return ""


@dataclass
class Stub:
    id: int
    path: str
    method: str = "*"
    query: dict[str, str] = field(default_factory=dict)
    json_contains: Any = None
    has_json_contains: bool = False
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    body: str | None = None
    envelope: bool = False
    times: int | None = None
    override: bool = False
    hits: int = 0
    templates: dict[str, Any] = field(default_factory=dict, repr=False)  # compiled, by source text

    @property
    def name(self) -> str:
        return f"{self.id} {self.method} {self.path}"

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "method": self.method, "path": self.path, "query": dict(self.query)}
        if self.has_json_contains:
            result["json_contains"] = self.json_contains
        result.update({"status": self.status, "headers": dict(self.headers)})
        if self.body is not None:
            result["body"] = self.body
        else:
            result["json"] = self.json
        result.update({"envelope": self.envelope, "times": self.times, "override": self.override, "hits": self.hits,
                       "remaining": None if self.times is None else max(0, self.times - self.hits)})
        return result

    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, method: str, path: str, query: dict[str, list[str]], body: Callable[[], Any]) -> bool:
        if self.method != "*" and self.method != method.upper():
            return False
        if not path_matches(self.path, path):
            return False
        lowered = {k.lower(): v for k, v in query.items()}
        for name, pattern in self.query.items():
            values = lowered.get(name.lower())
            if not values or not any(fnmatch.fnmatchcase(v, pattern) for v in values):
                return False
        if self.has_json_contains:
            sent = body()
            return sent is not NO_JSON and contains(sent, self.json_contains)
        return True

    def render(self, sandbox: StubSandbox, context: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        """The answer: status, headers and the body (JSON or text), every template rendered."""
        def fill(value: Any) -> Any:
            if isinstance(value, str) and value in self.templates:
                try:
                    return self.templates[value].render(context)
                except (TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, OverflowError) as error:
                    problems.append(f"{type(error).__name__}: {error}")
                    return f"[template error: {error}]"
            if isinstance(value, dict):
                return {k: fill(v) for k, v in value.items()}
            if isinstance(value, list):
                return [fill(v) for v in value]
            return value
        return {"status": self.status, "headers": {k: fill(v) for k, v in self.headers.items()},
                "json": fill(self.json), "body": fill(self.body)}


def contains(actual: object, expected: object) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and all(any(contains(a, e) for a in actual) for e in expected)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return actual == expected


def build_stub(stub_id: int, spec: Any, sandbox: StubSandbox | None = None, *, hits: int = 0) -> Stub:
    """Validate a stub; ModelStateError names every bad field (templates are compiled and tried)."""
    if not isinstance(spec, dict):
        raise ModelStateError.single("body", "a stub must be an object {method, path, status, json | body, ...}")
    errors: dict[str, list[str]] = {str(k): [f"unknown field; a stub takes {', '.join(FIELDS[1:-1])}"]
                                    for k in spec if k not in FIELDS and k != "remaining"}
    method = spec.get("method", "*")
    if not isinstance(method, str) or not (method == "*" or re.fullmatch(r"[A-Za-z]{1,20}", method)):
        errors["method"] = ["must be an HTTP method such as GET, or *"]
    path = spec.get("path")
    if not isinstance(path, str) or not path.strip() or len(path) > 2000:
        errors["path"] = ["is required: a glob such as /TharsternAPI/api/invoices* or invoices/*"]
    query = spec.get("query")
    query = {} if query is None else query
    if not isinstance(query, dict) or not all(isinstance(k, str) and k and isinstance(v, str) for k, v in query.items()):
        errors["query"] = ['must be an object of parameter names to globs, such as {"customerCode": "WEB*"}']
    status = spec.get("status", 200)
    if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
        errors["status"] = ["must be an HTTP status between 200 and 599"]
    headers = spec.get("headers")
    headers = {} if headers is None else headers
    header_problems(headers, errors, reserved=RESERVED_HEADERS)
    if not isinstance(headers, dict):
        headers = {}
    if "json" in spec and "body" in spec:
        errors["body"] = ["give json or body, not both"]
    body = spec.get("body")
    if body is not None and not isinstance(body, str):
        errors["body"] = ["must be text (use json for a JSON answer)"]
    envelope = spec.get("envelope", False)
    if not isinstance(envelope, bool):
        errors["envelope"] = ["must be true or false"]
    elif envelope and body is not None:
        errors["envelope"] = ["wraps json in the Tharstern envelope; it cannot wrap a text body"]
    times = spec.get("times")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        errors["times"] = ["must be a positive integer or null"]
    override = spec.get("override", False)
    if not isinstance(override, bool):
        errors["override"] = ["must be true or false"]
    if isinstance(hits, bool) or not isinstance(hits, int) or hits < 0:
        errors["hits"] = ["must be an integer of at least 0"]
    stub = Stub(id=stub_id, path=path if isinstance(path, str) else "", method=method.upper() if isinstance(method, str) else "*",
                query=dict(query) if isinstance(query, dict) else {}, json_contains=spec.get("json_contains"),
                has_json_contains="json_contains" in spec, status=status, headers=dict(headers),
                json=spec.get("json"), body=body, envelope=envelope is True, times=times, override=override is True,
                hits=hits)
    if not errors:
        _compile(stub, sandbox or StubSandbox(), errors)
    if errors:
        raise ModelStateError(errors)
    return stub


def _compile(stub: Stub, sandbox: StubSandbox, errors: dict[str, list[str]]) -> None:
    """Compile every string that holds a template, and try it on an empty request."""
    sample = {"request": {"method": "GET", "path": "/", "query": {}, "json": None}, "now": "2026-01-01T00:00:00Z"}

    def visit(value: Any, at: str) -> None:
        if isinstance(value, str) and ("{{" in value or "{%" in value or "{#" in value):
            if len(value) > MAX_TEMPLATE_TEXT:
                errors.setdefault(at, []).append(f"a template may be at most {MAX_TEMPLATE_TEXT} characters")
                return
            try:
                template = sandbox.from_string(value)
            except TemplateSyntaxError as error:
                errors.setdefault(at, []).append(f"not a template (line {error.lineno}): {error.message}")
                return
            try:
                template.render(sample)
            except SecurityError as error:
                errors.setdefault(at, []).append(f"refused by the sandbox: {error}")
                return
            except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError):
                pass  # it may work on a real request's values
            stub.templates[value] = template
        elif isinstance(value, dict):
            for k, v in value.items():
                visit(v, f"{at}.{k}")
        elif isinstance(value, list):
            for n, v in enumerate(value):
                visit(v, f"{at}[{n}]")

    visit(stub.json, "json")
    visit(stub.body, "body")
    for name, value in stub.headers.items():
        visit(value, f"headers.{name}")


class StubBook:
    """The stubs of one fake; its own lock (the gate reads it on every unrouted request)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stubs: list[Stub] = []
        self.next_id = 1
        self.sandbox = StubSandbox()

    def add(self, spec: Any) -> Stub:
        with self._lock:
            stub = build_stub(self.next_id, spec, self.sandbox)
            self.next_id += 1
            self._stubs.append(stub)
            return stub

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [s.to_dict() for s in self._stubs]

    def names(self) -> builtins.list[str]:  # builtins: ``list`` here is the method above
        with self._lock:
            return [s.name for s in self._stubs]

    def remove(self, stub_id: int) -> bool:
        with self._lock:
            before = len(self._stubs)
            self._stubs = [s for s in self._stubs if s.id != stub_id]
            return len(self._stubs) != before

    def clear(self) -> None:
        with self._lock:
            self._stubs = []

    def find(self, method: str, path: str, query: dict[str, builtins.list[str]], body: Callable[[], Any], *,
             routed: bool) -> Stub | None:
        """The newest stub that would answer this request (not counted: see ``claim``)."""
        with self._lock:
            stubs = list(reversed(self._stubs))
        for stub in stubs:
            if stub.exhausted() or (routed and not stub.override):
                continue
            if stub.matches(method, path, query, body):
                return stub
        return None

    def claim(self, stub: Stub) -> bool:
        """Count an answer of ``stub``; False when ``times`` ran out (or it was removed) meanwhile."""
        with self._lock:
            if stub.exhausted() or stub not in self._stubs:
                return False
            stub.hits += 1
            return True

    def export(self) -> dict[str, Any]:
        with self._lock:
            return {"items": [{k: v for k, v in s.to_dict().items() if k != "remaining"} for s in self._stubs],
                    "next_id": self.next_id}

    def restore(self, stubs: builtins.list[Stub], next_id: int) -> None:
        with self._lock:
            self._stubs = list(stubs)
            self.next_id = max([next_id, *(s.id + 1 for s in stubs)])
