"""``POST api/orders/submit``, ``GET api/orders`` and ``GET api/jobs``."""
from __future__ import annotations

from .answers import JobSchema, SalesOrderSchema, SubmitResultSchema, enveloped
from .bodies import SubmitOrdersSchema, json_body
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
