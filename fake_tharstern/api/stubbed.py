"""Stub answers under the API base path (the stubs themselves: ``backend/controls/stubs.py``).

A ``before_request`` hook, registered after the token check: for a request no modelled route
takes (or any, for an ``override`` stub) it asks the stub book for the newest matching stub; if
one answers, the caller's token is checked as for every API route (a public route's override
needs none), and the stub's answer is given: its status, headers, and ``json`` (in the
Tharstern envelope with the caller's token status when ``envelope``) or ``body``. The gate
around the app has already applied the allowlist and faults, and journals the stub's name.
"""
from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, g, request

from tharstern_kit.clock import iso

from ..backend.resources.auth import token_from_basic
from ..backend.controls.stubs import NO_JSON, STUB_KEY, QueryValues
from .envelope import envelope, json_response
from .errors import is_api_path
from ..tenants.current import current_backend


def register_stubs(app: Flask, public_endpoints: set[str]) -> None:
    @app.before_request
    def answer_from_stub() -> Response | None:
        if not is_api_path(app):
            return None
        fake = current_backend()
        routed = request.endpoint is not None
        sent = _RequestJson()
        stub = fake.stubs.find(request.method, request.path, request.args.to_dict(flat=False), sent, routed=routed)
        if stub is None:
            return None
        if request.endpoint not in public_endpoints and g.get("token") is None:
            g.token = fake.authenticate(token_from_basic(request.headers.get("Authorization")))  # 401: no hit counted
        if not fake.stubs.claim(stub):
            return None
        query = QueryValues({k: (v[0] if len(v) == 1 else v) for k, v in request.args.to_dict(flat=False).items()})
        context = {"request": {"method": request.method, "path": request.path, "query": query,
                               "json": None if sent() is NO_JSON else sent()},
                   "now": iso(fake.clock.now())}
        problems: list[str] = []
        answer = stub.render(fake.stubs.sandbox, context, problems)
        fake.coverage.hit("stubs", stub.name)
        request.environ[STUB_KEY] = {"stub": stub.id, **({"stub_problems": problems} if problems else {})}
        if answer["body"] is not None:
            response = Response(answer["body"], status=answer["status"], mimetype="text/plain")
        elif stub.envelope:
            response = envelope(answer["json"], success=answer["status"] < 400, status=answer["status"])
        else:
            response = json_response(answer["json"], answer["status"])
        for name, value in answer["headers"].items():  # a rendered value stays one line of ISO-8859-1
            response.headers[name] = "".join(c if c.isprintable() and ord(c) <= 255 else "?" for c in value)
        return response


class _RequestJson:
    """The request body as JSON (``NO_JSON`` when it is not), parsed once however many stubs ask."""

    def __init__(self) -> None:
        self._value: Any = None
        self._read = False

    def __call__(self) -> Any:
        if not self._read:
            self._read = True
            raw = request.get_data(cache=True)
            try:
                self._value = json.loads(raw) if raw.strip() else NO_JSON
            except (ValueError, UnicodeDecodeError, RecursionError):
                self._value = NO_JSON
        return self._value
