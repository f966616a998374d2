"""``POST api/orders/submit``, ``POST api/orders/submitorderasset``, ``GET api/orders`` and
``GET api/jobs``."""
from __future__ import annotations

from .answers import OrderAssetSchema, SalesOrderSchema, SubmitResultSchema, enveloped
from .answers_jobs import JobSchema
from .bodies import json_body
from .bodies_orders import OrderAssetBodySchema, SubmitOrdersSchema
from .envelope import envelope
from .operation import backend, json_payload, tharstern_operation
from .parser import FakeBlueprint
from .queries import JobQuery, OrderQuery

blp = FakeBlueprint("orders", __name__, description="Sales orders and jobs")


@blp.route("/orders/submit", methods=["POST"])
@tharstern_operation(blp, enveloped(SubmitResultSchema, "SubmitOrdersResult"),
                     body=json_body(SubmitOrdersSchema, "Sales orders in the shape Pressero sends"))
def submit_orders():
    """Create sales orders; each item becomes a job. A failed order has ID 0 and StatusDetails."""
    return envelope(backend().submit_orders(json_payload("submitOrders")))


@blp.route("/orders/submitorderasset", methods=["POST"])
@tharstern_operation(blp, enveloped(OrderAssetSchema, "OrderAssetResult", nullable=True),
                     body=json_body(OrderAssetBodySchema, "A file for a sales order, base64 (as Pressero sends artwork)"))
def submit_order_asset():
    """Attach artwork to a sales order; it is kept with the order (its Assets) and shown in the
    console. An unknown order is Success=false."""
    result = backend().submit_order_asset(json_payload("orderAsset"))
    return envelope(result["Details"], success=result["ok"], reasons=[result["reason"]] if result["reason"] else [])


@blp.route("/orders", methods=["GET"])
@blp.arguments(OrderQuery(), location="query")
@tharstern_operation(blp, enveloped(SalesOrderSchema, "SalesOrders", many=True))
def list_orders(args):
    """Sales orders with their lines and job numbers."""
    return envelope(backend().list_orders(**args))


@blp.route("/jobs", methods=["GET"])
@blp.arguments(JobQuery(), location="query")
@tharstern_operation(blp, enveloped(JobSchema, "Jobs", many=True))
def list_jobs(args):
    """Jobs by number, id, estimate, Ref1 or customer."""
    return envelope(backend().list_jobs(**args))
