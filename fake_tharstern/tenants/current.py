"""``current_backend()``: the backend of the request's tenant (the default one outside a request)."""
from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, request

from .routing import BACKEND_KEY, TENANT_KEY
from .registry import DEFAULT_TENANT


def current_backend() -> Any:
    if has_request_context():
        backend = request.environ.get(BACKEND_KEY)
        if backend is not None:
            return backend
    return current_app.extensions["fake_tharstern"]


def current_tenant() -> str:
    return request.environ.get(TENANT_KEY, DEFAULT_TENANT) if has_request_context() else DEFAULT_TENANT
