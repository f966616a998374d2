"""OpenAPI links: where the id in a created resource's answer leads (create a customer → read
it, its customer code, its Connect Link popup; place an order → read it, approve it; ...).
Clients and Schemathesis' stateful tests follow them. Used as ``@blp.doc(**links.created(...))``."""
from __future__ import annotations

from typing import Any

STOREFRONT = "/api/storefronts/{sf}"


def operation_ref(path: str, method: str) -> str:
    """A JSON pointer to an operation of this document (``/`` spelled ``~1``)."""
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method.lower()


def created(param: str, *targets: tuple[str, str, str], status: int = 201, field: str = "id",
            under_storefront: bool = True) -> dict[str, Any]:
    """Links from the ``status`` answer: each target ``(name, method, path under the storefront)``
    gets ``param`` from the answer's ``field`` and ``sf`` from the request's path."""
    parameters = {param: f"$response.body#/{field}"}
    if under_storefront:
        parameters["sf"] = "$request.path.sf"
    links = {name: {"operationRef": operation_ref(STOREFRONT + path, method), "parameters": dict(parameters),
                    "description": f"{method} {path} of the {param} just answered"}
             for name, method, path in targets}
    return {"responses": {str(status): {"links": links}}}
