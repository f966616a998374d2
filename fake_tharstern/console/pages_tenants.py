"""Console: which tenant the pages show, switching to another (``/_fake/ui/tenant?name=``), and the
list of tenants with removal (``/_fake/ui/tenants``).

Every page shows the current tenant in the header with a form to switch; switching redirects to
``/t/{name}/_fake/ui/`` (plain ``/_fake/ui/`` for the default tenant), which makes the tenant if it
is new, as any first request to it does."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request

from ..tenants import DEFAULT_TENANT, check_name, current_tenant
from ..tenants.control import REGISTRY_KEY
from ..tenants.registry import BadTenantName
from .render import error_page, render


def tenant_root() -> str:
    """The server's root, without this request's ``/t/{name}``."""
    root, suffix = request.script_root, f"/t/{current_tenant()}"
    return root[:-len(suffix)] if root.endswith(suffix) else root


def switch_tenant():
    name = request.args.get("name", "").strip()
    try:
        check_name(name)
    except BadTenantName as error:
        return error_page(400, "Bad request", str(error), {"name": [str(error)]})
    root = tenant_root()
    return redirect(f"{root}/_fake/ui/" if name == DEFAULT_TENANT else f"{root}/t/{name}/_fake/ui/")


def tenants():
    registry = current_app.extensions[REGISTRY_KEY]
    return render("tenants.html", "Tenants", tenants=registry.describe(), limits=registry.limits(), root=tenant_root())


def tenant_context() -> dict:
    """For the header: the current tenant and the names of all (the switch form's suggestions)."""
    registry = current_app.extensions.get(REGISTRY_KEY)
    names = [t["name"] for t in registry.describe()] if registry is not None else [DEFAULT_TENANT]
    return {"tenant": current_tenant(), "tenant_names": names}


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/tenants", "tenants", tenants)
    blueprint.add_url_rule("/tenant", "switch_tenant", switch_tenant)
    blueprint.context_processor(tenant_context)
