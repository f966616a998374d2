"""What the request guard does, written into each OpenAPI operation it guards (an apispec
plugin: ``Api(spec_kwargs={"extra_plugins": [GuardDocPlugin(matches)]})``).

For every POST, PUT, PATCH and DELETE whose path ``matches``: a JSON request body is required
(the guard refuses a state change without ``Content-Type: application/json``, bodiless ones
included; where the route reads no body, any JSON is accepted and ignored), and the refusals the
guard answers are listed — 400 (host, nesting, unstorable text), 403 (another site), 415 (not
JSON) — so a client generated from the document, or Schemathesis, expects them.
"""
from __future__ import annotations

from typing import Callable

from apispec import BasePlugin

from .request_guard import WRITES

IGNORED_BODY = {"required": True, "description": "No body is read: send any JSON, or none with "
                "Content-Type: application/json (every state change needs that type).",
                "content": {"application/json": {"schema": {}}}, "x-body-ignored": True}
REFUSALS = {
    "400": "Refused by the request guard: a Host the server does not answer for, a body nested too deep, "
           "or text that cannot be stored (a lone surrogate; NUL on the connector), naming the field",
    "403": "Refused by the request guard: a state change from another site (Origin, Sec-Fetch-Site)",
    "415": "Refused by the request guard: the Content-Type is not JSON",
}


class GuardDocPlugin(BasePlugin):
    def __init__(self, matches: Callable[[str], bool], error_schema: str | dict | None = None) -> None:
        self.matches = matches
        self.error_schema = error_schema

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **kwargs) -> None:
        if not path or not operations or not self.matches(path):
            return
        for method, operation in operations.items():
            if method.upper() not in WRITES or not isinstance(operation, dict):
                continue
            body = operation.get("requestBody")
            if body is None:
                operation["requestBody"] = IGNORED_BODY
            else:
                operation["requestBody"] = {**body, "required": True}
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                if status not in responses and int(status) not in responses:
                    answer: dict = {"description": description}
                    if self.error_schema is not None:
                        answer["content"] = {"application/json": {"schema": self.error_schema}}
                    responses[status] = answer
