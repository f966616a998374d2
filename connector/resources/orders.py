"""Orders: placing them (priced, checked and written to the outbox), approving them, moving
their workflow status, and reading them with their lines' Tharstern jobs."""
from __future__ import annotations

from decimal import Decimal

from flask_smorest import Blueprint
from sqlalchemy import select

from ..errors import Conflict
from ..models import Customer, Order, Variant
from ..services import lookup
from ..services.orders.placement import LineRequest, OrderRequest, place_order
from ..services.orders.state import release_if_ready
from ..services.runtime import db, runtime
from . import answers, answers_orders, links
from .blueprint import errors_doc
from .schemas_orders import OrderIn, OrderOut, OrdersQuery, OrderSummary, WorkflowIn

blp = Blueprint("orders", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="Orders sent to Tharstern through the outbox; approval and workflow holds; "
                            "each line's job status and tracking number")


@blp.route("/orders", methods=["POST"])
@blp.arguments(OrderIn)
@blp.response(201, OrderOut)
@blp.doc(**links.created("oid", ("GetOrder", "GET", "/orders/{oid}"), ("ApproveOrder", "POST", "/orders/{oid}/approve"),
                         ("OrderWorkflow", "POST", "/orders/{oid}/workflow")))
@errors_doc(blp, 404, 409, 422, 502, 504)
def create_order(data, sf):
    """Place an order: the customer's Tharstern customer is linked or created (automatic
    linking), stock and order limits are checked (``handles_stock``), every line is priced as
    ``POST /prices`` does, the required date comes from the date rules (a ``requested_date``
    earlier than possible is a 422), and the ``orders/submit`` JSON goes into the outbox —
    unless the order awaits approval or a workflow status (``transfer_on``)."""
    session = db()
    storefront = lookup.storefront(session, sf)
    customer = (lookup.referenced(session, Customer, data["customer_id"], storefront, "customer_id")
                if data["customer_id"] is not None else None)
    lines = []
    for n, line in enumerate(data["lines"]):
        variant = lookup.referenced(session, Variant, line["variant_id"], storefront, f"lines.{n}.variant_id")
        values = lookup.attribute_values(session, storefront, variant, line["attribute_value_ids"],
                                         f"lines.{n}.attribute_value_ids")
        lines.append(LineRequest(variant=variant, quantity=line["quantity"], values=values,
                                 artwork_urls=line["artwork_urls"],
                                 price=Decimal(str(line["price"])) if line["price"] is not None else None))
    request = OrderRequest(lines=lines, customer=customer, reference=data.get("reference"),
                           delivery_address=data["delivery_address"], requested_date=data["requested_date"],
                           shipping=data["shipping"], needs_approval=data["awaiting_approval"],
                           workflow_status=data["workflow_status"])
    return answers_orders.order(place_order(runtime(), session, storefront, request))


@blp.route("/orders", methods=["GET"])
@blp.arguments(OrdersQuery, location="query")
@blp.response(200, OrderSummary(many=True))
@errors_doc(blp, 404)
def list_orders(args, sf):
    """The storefront's orders, newest first (``state`` filters)."""
    session = db()
    storefront = lookup.storefront(session, sf)
    query = select(Order).where(Order.storefront_id == storefront.id)
    if args.get("state"):
        query = query.where(Order.state == args["state"])
    return [answers_orders.order_summary(o) for o in session.scalars(query.order_by(Order.id.desc()).limit(args["limit"]))]


@blp.route("/orders/<int:oid>", methods=["GET"])
@blp.response(200, OrderOut)
@errors_doc(blp, 404)
def get_order(sf, oid):
    """An order with its lines (Tharstern order and job numbers, job status, tracking number,
    history) and its submissions (attempts, errors, ``StatusDetails``)."""
    session = db()
    return answers_orders.order(lookup.owned(session, Order, oid, lookup.storefront(session, sf)))


def _release(session, order: Order) -> Order:
    rt = runtime()
    released = release_if_ready(session, order, rt.clock.now())
    session.commit()
    if released:
        rt.outbox.kick()
    return order


@blp.route("/orders/<int:oid>/approve", methods=["POST"])
@blp.response(200, OrderOut)
@errors_doc(blp, 404, 409)
def approve_order(sf, oid):
    """Approve an order awaiting approval: it goes to Tharstern now, or when its workflow
    status reaches ``transfer_on``."""
    session = db()
    order = lookup.owned(session, Order, oid, lookup.storefront(session, sf))
    if not order.needs_approval:
        raise Conflict(f"Order {order.reference} did not need approval.")
    if order.approved_at is not None:
        raise Conflict(f"Order {order.reference} was approved at {answers.iso(order.approved_at)}.")
    order.approved_at = runtime().clock.now()
    return answers_orders.order(_release(session, order))


@blp.route("/orders/<int:oid>/workflow", methods=["POST"])
@blp.arguments(WorkflowIn)
@blp.response(200, OrderOut)
@errors_doc(blp, 404, 422)
def move_workflow(data, sf, oid):
    """Set the order's workflow status. When it reaches the storefront's ``transfer_on`` status
    (as the order was placed) and the order is approved, the order goes to Tharstern. Moving an
    order that has gone already only records the status."""
    session = db()
    order = lookup.owned(session, Order, oid, lookup.storefront(session, sf))
    now = runtime().clock.now()
    order.workflow_status = data["status"]
    order.workflow_history = [*(order.workflow_history or []), {"status": data["status"], "at": answers.iso(now)}]
    return answers_orders.order(_release(session, order))
