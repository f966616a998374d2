"""Schemas of orders, their lines, approval and workflow, reconcile and subscriptions."""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..models.orders import ORDER_STATES
from .fields import HTTP_URL, Id, IdList, StrictBool, StrictNumber, Text

REFERENCE = validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$",
                            error="letters, digits, '.', '-' and '_' (at most 40), starting with a letter or digit")
STATUS = validate.Regexp(r"^[A-Za-z][A-Za-z0-9 _-]{0,49}$",
                         error="a workflow status name: letters, digits, ' ', '-', '_' (at most 50)")


class AddressIn(Schema):
    name = Text(max_length=200)
    contact = Text(max_length=200)
    email = fields.Email(validate=validate.Length(max=254))
    address_lines = fields.List(Text(max_length=200), validate=validate.Length(max=3))
    city = Text(max_length=100)
    region = Text(max_length=100)
    country = Text(max_length=100)
    postcode = Text(max_length=20)
    telephone = Text(max_length=40)


class ShippingIn(Schema):
    net = StrictNumber(required=True, allow_nan=False, validate=validate.Range(min=0, max=1_000_000))
    tax_rate = StrictNumber(load_default=0, allow_nan=False, validate=validate.Range(min=0, max=100),
                            metadata={"description": "per cent"})


class OrderLineIn(Schema):
    variant_id = Id(required=True)
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10_000_000))
    attribute_value_ids = IdList(load_default=list, max_items=20)
    artwork_urls = fields.List(Text(max_length=2000, validate=[HTTP_URL]), load_default=list,
                               validate=validate.Length(max=20), metadata={"description": "sent as Assets"})
    price = StrictNumber(allow_none=True, load_default=None, allow_nan=False,
                         validate=validate.Range(min=0, max=100_000_000), metadata={
                             "description": "the line total, when the storefront prices itself (handles_pricing off)"})


class OrderIn(Schema):
    reference = Text(max_length=40, validate=[REFERENCE], metadata={
        "description": "the storefront's order number (UniqueSubmitOrderID, Ref1); generated when left out"})
    customer_id = Id(allow_none=True, load_default=None)
    lines = fields.List(fields.Nested(OrderLineIn), required=True, validate=validate.Length(min=1, max=100))
    delivery_address = fields.Nested(AddressIn, allow_none=True, load_default=None)
    requested_date = fields.Date(allow_none=True, load_default=None,
                                 metadata={"description": "the delivery date asked for; not earlier than the date rules allow"})
    shipping = fields.Nested(ShippingIn, allow_none=True, load_default=None)
    awaiting_approval = StrictBool(load_default=False, metadata={"description": "held until POST .../approve"})
    workflow_status = Text(max_length=50, validate=[STATUS], load_default="Order Received",
                           metadata={"description": "the order's workflow status at placement"})


class WorkflowIn(Schema):
    status = Text(required=True, max_length=50, validate=[STATUS])


class OrdersQuery(Schema):
    state = fields.String(validate=validate.OneOf(ORDER_STATES))
    limit = fields.Integer(strict=False, load_default=50, validate=validate.Range(min=1, max=500))


class HistoryOut(Schema):
    status = fields.String(allow_none=True)
    at = fields.String(allow_none=True)
    source = fields.String()
    sequence = fields.Integer()
    event_id = fields.String()


class LineOut(Schema):
    id = fields.Integer()
    line_no = fields.Integer()
    line_ref = fields.String()
    variant_id = fields.Integer(allow_none=True)
    description = fields.String()
    stock_item_id = fields.Integer()
    stock_item_code = fields.String()
    quantity = fields.Integer()
    attribute_value_ids = fields.List(fields.Integer())
    attributes = fields.List(fields.Dict())
    artwork_urls = fields.List(fields.String())
    price = fields.Float(allow_none=True)
    price_source = fields.String()
    price_message = fields.String(allow_none=True)
    estimate_id = fields.Integer(allow_none=True)
    estimate_ref = fields.String(allow_none=True)
    send_price = fields.Boolean()
    send_price_reason = fields.String(allow_none=True)
    value = fields.Dict(allow_none=True, metadata={"description": "Value{Net, Tax} as sent, or null when no price is sent"})
    tax_rate = fields.Float(allow_none=True)
    tharstern_order_no = fields.String(allow_none=True)
    job_no = fields.String(allow_none=True)
    job_status = fields.String(allow_none=True)
    tracking_number = fields.String(allow_none=True)
    courier = fields.String(allow_none=True)
    despatched_at = fields.String(allow_none=True)
    history = fields.List(fields.Nested(HistoryOut))
    last_sequence = fields.Integer()
    last_news_at = fields.String(allow_none=True)


class SubmissionOut(Schema):
    unique_submit_order_id = fields.String()
    state = fields.String()
    attempts = fields.Integer()
    next_attempt_at = fields.String(allow_none=True)
    last_attempt_at = fields.String(allow_none=True)
    last_error = fields.String(allow_none=True)
    sent_at = fields.String(allow_none=True)
    tharstern_order_id = fields.Integer(allow_none=True)
    tharstern_order_no = fields.String(allow_none=True)
    status_details = fields.String(allow_none=True)
    line_nos = fields.List(fields.Integer())
    payload = fields.Dict(metadata={"description": "the orders/submit order exactly as written to the outbox"})


class OrderSummary(Schema):
    id = fields.Integer()
    reference = fields.String()
    state = fields.String(metadata={"enum": list(ORDER_STATES)})
    customer_code = fields.String()
    placed_at = fields.String()
    lines = fields.Integer()
    total = fields.Float(allow_none=True)


class OrderOut(Schema):
    id = fields.Integer()
    reference = fields.String()
    state = fields.String(metadata={"description": "awaiting_approval | awaiting_workflow | queued | submitted | "
                                                   "partly_failed | failed"})
    message = fields.String()
    customer_id = fields.Integer(allow_none=True)
    customer_code = fields.Dict()
    awaiting_approval = fields.Boolean()
    approved_at = fields.String(allow_none=True)
    workflow_status = fields.String()
    workflow_history = fields.List(fields.Dict())
    transfer_on = fields.String()
    grouping = fields.String()
    released_at = fields.String(allow_none=True)
    requested_date = fields.String(allow_none=True)
    required_date = fields.String()
    placed_at = fields.String()
    delivery_address = fields.Dict(allow_none=True)
    shipping = fields.Dict(allow_none=True)
    currency = fields.String(allow_none=True)
    total = fields.Float(allow_none=True)
    accepted_offline = fields.String(allow_none=True, metadata={
        "description": "set when the order was taken while Tharstern could not be asked: the failure met"})
    lines = fields.List(fields.Nested(LineOut))
    submissions = fields.List(fields.Nested(SubmissionOut))


class ReconcileIn(Schema):
    older_than_s = fields.Integer(strict=True, validate=validate.Range(min=0, max=30 * 86400), metadata={
        "description": "poll lines without news for this long (default: the connector's RECONCILE_AFTER_S); "
                       "lines without a job number are polled whatever their age"})
    limit = fields.Integer(strict=True, load_default=200, validate=validate.Range(min=1, max=1000))


class ReconcileOut(Schema):
    checked = fields.Integer()
    updated = fields.Integer()
    missing = fields.List(fields.String(), metadata={"description": "line refs Tharstern has no job for"})
    lines = fields.List(fields.Dict())
    message = fields.String()


class SubscriptionOut(Schema):
    url = fields.String()
    events = fields.List(fields.String())
    tharstern_id = fields.Integer(allow_none=True)
    replaced = fields.List(fields.Integer(), metadata={"description": "earlier subscriptions to this URL, deleted"})
    synced_at = fields.String(allow_none=True)
    message = fields.String()
