"""Control plane: reset, seed, state, and the edits a Tharstern user makes in Tharstern."""
from __future__ import annotations


from ..api.envelope import json_response
from ..backend.errors import ModelStateError
from .body import control_json
from ..body_schemas import CUSTOMER, PRODUCT_EDIT
from .schemas import AnyAnswer, LinkedCustomerIn, ResetBody, SeedBody, StateQuery, StockItemIn, json_body
from ..api.parser import FakeBlueprint
from ..tenants.current import current_backend

blp = FakeBlueprint("control-world", __name__, description="Control plane: reset, seed, state, edits")


def fake():
    return current_backend()


@blp.route("/reset", methods=["POST"])
@blp.doc(**json_body(ResetBody, required=False))
@blp.response(200, AnyAnswer)
def reset():
    """Back to the start fixture (or the one given): data, tokens, journal, faults, quirks,
    allowlist and clock."""
    body = control_json(optional=True)
    if not isinstance(body, dict):
        raise ModelStateError.single("body", "must be an object")
    unknown = sorted(set(body) - {"fixture", "seed"})
    if unknown:
        raise ModelStateError({k: ["unknown field; reset takes fixture and seed"] for k in unknown})
    fake().reset(body.get("fixture"), body.get("seed"))
    return json_response(fake().snapshot(summary=True))


@blp.route("/seed", methods=["POST"])
@blp.doc(**json_body(SeedBody))
@blp.response(200, AnyAnswer)
def seed():
    """Switch fixture and/or add entities in the API's field names; all or nothing."""
    return json_response(fake().seed(control_json()))


@blp.route("/state", methods=["GET"])
@blp.arguments(StateQuery(), location="query")
@blp.response(200, AnyAnswer)
def state(args):
    """Everything in the fake (passwords left out); ?summary=true for counts only."""
    return json_response(fake().snapshot(summary=args.get("summary", False)))


@blp.route("/customers", methods=["POST"])
@blp.doc(**json_body(CUSTOMER))
@blp.response(201, AnyAnswer)
def create_customer():
    """Create a customer as a Tharstern user would (a code is generated when none is given)."""
    return json_response(fake().create_customer(control_json()), 201)


@blp.route("/products/<int:product_id>", methods=["PATCH"])
@blp.doc(**json_body(PRODUCT_EDIT))
@blp.response(200, AnyAnswer)
def edit_product(product_id):
    """Change a stock item's price, stock or visibility."""
    return json_response(fake().edit_product(product_id, control_json()))


@blp.route("/products", methods=["POST"])
@blp.doc(**json_body(StockItemIn))
@blp.response(201, AnyAnswer)
def create_stock_item():
    """Add a stock item as a Tharstern user would (a code in use is refused; linked customer
    codes must exist)."""
    return json_response(fake().create_stock_item(control_json()), 201)


@blp.route("/products/<int:product_id>/customers", methods=["POST"])
@blp.doc(**json_body(LinkedCustomerIn))
@blp.response(200, AnyAnswer)
def link_stock_item(product_id):
    """Link a stock item to a customer code (or change that link's order quantities)."""
    return json_response(fake().link_stock_item(product_id, control_json()))


@blp.route("/products/<int:product_id>/customers/<code>", methods=["DELETE"])
@blp.response(200, AnyAnswer)
def unlink_stock_item(product_id, code):
    """Remove a stock item's link to a customer code (with none left the item is generic)."""
    return json_response(fake().unlink_stock_item(product_id, code))
