"""``TenantRouter``: WSGI middleware, outside the gate, that picks a request's tenant.

``/t/{name}/rest`` is ``rest`` in tenant ``name``: the prefix moves from ``PATH_INFO`` to
``SCRIPT_NAME`` (so every route, the gate and the console work unchanged, and the console's
links, made with ``url_for``, stay in the tenant), and the tenant's backend goes in the environ
for ``current_backend()``. Any other path is the default tenant. A bad name is a 400 naming it;
a new name when every slot is taken, a 503 saying how to free one. Only a caller the control plane
answers (loopback, or ``X-Control-Token``) makes a new tenant: others get a 403, so a stranger who
may call the API cannot fill the slots.
"""
from __future__ import annotations

import json
from typing import Callable, Iterable

from werkzeug.wsgi import ClosingIterator

from ..control_access import control_token_text, is_control_caller
from .registry import DEFAULT_TENANT, BadTenantName, TenantCapReached, TenantNotMade, TenantRegistry

BACKEND_KEY = "fake_tharstern.backend"
TENANT_KEY = "fake_tharstern.tenant"
PREFIX = "/t/"


class TenantRouter:
    def __init__(self, app: Callable, registry: TenantRegistry, control_token: object = None) -> None:
        self.app = app
        self.registry = registry
        self.control_token = control_token_text(control_token)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        if not path.startswith(PREFIX):
            environ[BACKEND_KEY] = self.registry.default_backend
            environ[TENANT_KEY] = DEFAULT_TENANT
            return self.app(environ, start_response)
        name, slash, rest = path[len(PREFIX):].partition("/")
        try:
            tenant = self.registry.enter(name, may_make=is_control_caller(environ, self.control_token))
        except BadTenantName as error:
            return _answer(start_response, 400, "Bad Request", str(error), {"tenant": [str(error)]})
        except TenantNotMade as error:
            return _answer(start_response, 403, "Forbidden", str(error), {"tenant": [str(error)]})
        except TenantCapReached as error:
            return _answer(start_response, 503, "Service Unavailable", str(error), {"tenant": [str(error)]})
        if not slash or not rest:  # /t/{name}: the tenant's console
            self.registry.leave(tenant)
            location = environ.get("SCRIPT_NAME", "") + f"{PREFIX}{name}/_fake/ui/"
            start_response("302 Found", [("Location", location), ("Content-Length", "0")])
            return [b""]
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + PREFIX + name
        environ["PATH_INFO"] = "/" + rest
        environ[BACKEND_KEY] = tenant.backend
        environ[TENANT_KEY] = name
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.registry.leave(tenant)
            raise
        return ClosingIterator(result, lambda: self.registry.leave(tenant))


def _answer(start_response: Callable, code: int, status: str, message: str, errors: dict) -> list[bytes]:
    body = json.dumps({"code": code, "status": status, "message": message, "errors": errors}).encode()
    start_response(f"{code} {status}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
