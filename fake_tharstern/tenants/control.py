"""Control plane for tenants: ``GET /_fake/tenants`` lists them with the limits;
``DELETE /_fake/tenants/{name}`` removes one, and ``DELETE /t/{name}/_fake/tenant`` removes the
tenant the path addresses (what a suite does when it is done with its own)."""
from __future__ import annotations

from flask import current_app

from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from ..backend.errors import Conflict, ModelStateError, NotFound
from ..control.schemas import AnyAnswer
from .current import current_tenant
from .registry import (NAME_PATTERN, NAME_RULE, BadTenantName, DefaultTenantIsPermanent, TenantRegistry,
                       UnknownTenant)

blp = FakeBlueprint("control-tenants", __name__, description="Control plane: tenants (independent fakes behind one server)")
REGISTRY_KEY = "fake_tharstern_tenants"


def registry() -> TenantRegistry:
    return current_app.extensions[REGISTRY_KEY]


@blp.route("/tenants", methods=["GET"])
@blp.response(200, AnyAnswer)
def list_tenants():
    """Every tenant (the default first), how long each has been idle, and the limits: the cap on
    named tenants and the idle time after which one is removed."""
    items = registry().describe()
    return json_response({"items": items, "count": len(items), **registry().limits()})


@blp.route("/tenants/<name>", methods=["DELETE"], parameters=[{
    "in": "path", "name": "name", "required": True, "description": NAME_RULE,
    "schema": {"type": "string", "pattern": f"^{NAME_PATTERN.pattern}$"}}])
@blp.response(200, AnyAnswer)
def remove_tenant(name: str):
    """Remove a tenant: its state goes, its webhook dispatcher stops; its name can be used again
    (a fresh tenant from the start fixture)."""
    return _remove(name)


@blp.route("/tenant", methods=["DELETE"])
@blp.response(200, AnyAnswer)
def remove_this_tenant():
    """Remove the tenant this path addresses (``DELETE /t/{name}/_fake/tenant``)."""
    return _remove(current_tenant())


def _remove(name: str):
    try:
        registry().remove(name)
    except BadTenantName as error:
        raise ModelStateError.single("name", str(error)) from None
    except DefaultTenantIsPermanent as error:
        raise Conflict(str(error)) from None
    except UnknownTenant:
        raise NotFound(f"there is no tenant {name!r}") from None
    return json_response({"removed": name})
