"""A test-only proxy that stands for a real Tharstern which differs from the fake in known ways.

It forwards every request to a fake and changes the answers by the rules it is given, so a test
knows exactly which differences conformance must find: ``rename`` a field of list items,
``stringify`` a number field of list items (a changed type), ``rename_enum`` an enum name, and
``status`` (a path fragment → another HTTP status).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import requests


@dataclass
class Alterations:
    operation: str = "products"                              # the list whose items are changed
    rename: dict[str, str] = field(default_factory=dict)     # field -> new name
    stringify: set[str] = field(default_factory=set)         # number fields sent as strings
    rename_enum: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (name, new name)
    status: dict[str, int] = field(default_factory=dict)     # path fragment -> status


class AlteringProxy:
    def __init__(self, upstream_root: str, alterations: Alterations) -> None:
        self.upstream_root = upstream_root
        self.alterations = alterations
        self.session = requests.Session()
        self.session.trust_env = False

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else None
        headers = {k[5:].replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_") and k != "HTTP_HOST"}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        answer = self.session.request(environ["REQUEST_METHOD"], f"{self.upstream_root}{path}" + (f"?{query}" if query else ""),
                                      data=body, headers=headers, timeout=30)
        status, payload = answer.status_code, answer.content
        for fragment, new_status in self.alterations.status.items():
            if fragment in path:
                status = new_status
        if path.lower().endswith("/api/" + self.alterations.operation) and answer.headers.get("Content-Type", "").startswith("application/json"):
            payload = json.dumps(self._alter(answer.json())).encode()
        start_response(f"{status} Altered", [("Content-Type", answer.headers.get("Content-Type", "application/json")),
                                             ("Content-Length", str(len(payload)))])
        return [payload]

    def _alter(self, body):
        items = ((body.get("Details") or {}).get("Items") if isinstance(body, dict) else None) or []
        for item in items:
            for old, new in self.alterations.rename.items():
                if old in item:
                    item[new] = item.pop(old)
            for name in self.alterations.stringify:
                if isinstance(item.get(name), (int, float)):
                    item[name] = str(item[name])
            for name, (before, after) in self.alterations.rename_enum.items():
                if isinstance(item.get(name), dict) and item[name].get("Name") == before:
                    item[name] = {**item[name], "Name": after}
        return body
