"""Control plane: stubs for what the fake does not model (rules in ``backend/controls/stubs.py``)."""
from __future__ import annotations


from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from ..backend.errors import NotFound
from .body import control_json
from .schemas import ListAnswer, StubAnswer, StubBody, json_body
from ..tenants.current import current_backend

blp = FakeBlueprint("control-stubs", __name__, description="Control plane: stubs")


def fake():
    return current_backend()


@blp.route("/stubs", methods=["GET"])
@blp.response(200, ListAnswer)
def list_stubs():
    """Every stub, oldest first, with how often it answered and what remains of ``times``."""
    items = fake().stubs.list()
    return json_response({"items": items, "count": len(items)})


@blp.route("/stubs", methods=["POST"])
@blp.doc(**json_body(StubBody))
@blp.response(201, StubAnswer)
def add_stub():
    """Add a stub: ``{method, path, query?, json_contains?, status, headers?, json? | body?,
    envelope?, times?, override?}``. It answers requests under the API base path that no
    modelled route takes (any, with ``override``), newest stub first, after the token check,
    the allowlist and faults. Strings in ``json``, ``body`` and ``headers`` may use
    ``{{ request.query.X }}``, ``{{ request.json.X }}`` and ``{{ now }}`` (a Jinja2 sandbox)."""
    stub = fake().stubs.add(control_json())
    return json_response(stub.to_dict(), 201)


@blp.route("/stubs", methods=["DELETE"])
@blp.response(200, ListAnswer)
def clear_stubs():
    """Remove every stub."""
    fake().stubs.clear()
    return json_response({"items": [], "count": 0})


@blp.route("/stubs/<int:stub_id>", methods=["DELETE"])
@blp.response(200, ListAnswer)
def remove_stub(stub_id):
    """Remove one stub."""
    if not fake().stubs.remove(stub_id):
        raise NotFound(f"stub {stub_id} does not exist")
    items = fake().stubs.list()
    return json_response({"items": items, "count": len(items)})
