"""Tenants: many independent fakes behind one server, addressed as ``/t/{name}/...``.

``registry`` (no Flask) maps names to backends and keeps memory bounded; ``routing`` is the WSGI
layer that picks a request's tenant; ``current`` gives routes the request's backend; ``control``
is ``GET /_fake/tenants`` and removal.
"""
from .current import current_backend, current_tenant
from .registry import DEFAULT_TENANT, TenantRegistry, check_name
from .routing import TenantRouter

__all__ = ["DEFAULT_TENANT", "TenantRegistry", "TenantRouter", "check_name", "current_backend", "current_tenant"]
