"""Control plane: webhook deliveries, redelivery, flush, delivery faults and the retry policy."""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from ..backend.errors import NotFound
from .body import control_json
from ..body_schemas import FLUSH, POLICY, SUBSCRIPTION, webhook_fault
from .schemas import AnyAnswer, ListAnswer, json_body
from ..tenants.current import current_backend

blp = FakeBlueprint("control-webhooks", __name__, description="Control plane: webhook deliveries and faults")

STATUSES = ["pending", "held", "sending", "delivered", "dead", "cancelled"]


def fake():
    return current_backend()


class DeliveryQuery(Schema):
    status = fields.Str(validate=validate.OneOf(STATUSES))
    event = fields.Str()
    subscription_id = fields.Int()
    job_no = fields.Str(metadata={"description": "deliveries of events about this job"})
    stock_item_id = fields.Int(metadata={"description": "deliveries of events about this stock item"})
    event_id = fields.Str()
    since = fields.Int(metadata={"description": "only deliveries with a larger id"})
    limit = fields.Int(validate=validate.Range(min=0, max=100_000), metadata={"description": "the newest n"})
    body = fields.Bool(metadata={"description": "include each event body (default true)"})


class PolicyBody(Schema):
    max_attempts = fields.Int()
    timeout_s = fields.Float()
    backoff_base_s = fields.Float()
    backoff_cap_s = fields.Float()
    retry_after_max_s = fields.Float()
    schedule_s = fields.List(fields.Float(), metadata={
        "description": "seconds between attempts (default Standard Webhooks': 5, 300, 1800, 7200, 18000, 36000, "
                       "36000); [] backs off exponentially; giving only backoff_* also chooses the backoff"})


@blp.route("/webhooks/subscriptions", methods=["GET"])
@blp.response(200, ListAnswer)
def list_subscriptions():
    """Every webhook subscription, however it was made (without secrets)."""
    items = fake().webhooks.list_subscriptions()
    return json_response({"items": items, "count": len(items)})


@blp.route("/webhooks/subscriptions", methods=["POST"])
@blp.doc(**json_body(SUBSCRIPTION))
@blp.response(201, AnyAnswer)
def add_subscription():
    """Subscribe a URL as a Tharstern administrator would in Tharstern (the same rules as
    ``POST api/webhooks/subscriptions``; user 0). The answer carries the signing secret."""
    return json_response(fake().create_webhook_subscription(control_json(), 0), 201)


@blp.route("/webhooks/subscriptions/<int:subscription_id>", methods=["DELETE"])
@blp.response(200, AnyAnswer)
def remove_subscription(subscription_id):
    """Delete a subscription; its deliveries still waiting are cancelled."""
    removed = fake().delete_webhook_subscription(subscription_id)
    if removed is None:
        raise NotFound(f"webhook subscription {subscription_id} does not exist")
    return json_response(removed)


@blp.route("/webhooks/deliveries", methods=["GET"])
@blp.arguments(DeliveryQuery, location="query")
@blp.response(200, ListAnswer)
def list_deliveries(args):
    """Every delivery, oldest first, with every attempt: time, status code or error, latency and
    the next retry."""
    items = fake().list_webhook_deliveries(**args)
    return json_response({"items": items, "count": len(items)})


@blp.route("/webhooks/deliveries/<int:delivery_id>", methods=["GET"])
@blp.response(200, AnyAnswer)
def get_delivery(delivery_id):
    """One delivery with its attempts and body."""
    return json_response(fake().get_webhook_delivery(delivery_id))


@blp.route("/webhooks/deliveries/<int:delivery_id>/redeliver", methods=["POST"])
@blp.response(201, AnyAnswer)
def redeliver(delivery_id):
    """Send a delivery's event again (same webhook-id and body) as a new delivery."""
    return json_response(fake().redeliver_webhook(delivery_id), 201)


@blp.route("/webhooks/flush", methods=["POST"])
@blp.doc(**json_body(FLUSH, required=False))
@blp.response(200, AnyAnswer)
def flush():
    """Deliver everything due now and wait for it (retries scheduled later stay scheduled)."""
    return json_response(fake().flush_webhooks(control_json(optional=True)))


@blp.route("/webhooks/faults", methods=["GET"])
@blp.response(200, ListAnswer)
def list_faults():
    """Delivery fault rules with how often each fired."""
    items = fake().list_webhook_faults()
    return json_response({"items": items, "count": len(items)})


@blp.route("/webhooks/faults", methods=["POST"])
@blp.doc(**json_body(webhook_fault()))
@blp.response(201, AnyAnswer)
def add_fault():
    """Add a delivery fault: duplicate (copies), reorder (count, hold_s), delay (delay_s) or fail
    (status with retry_after_s, or error timeout|connection); optional event, subscription_id, times."""
    return json_response(fake().add_webhook_fault(control_json()), 201)


@blp.route("/webhooks/faults", methods=["DELETE"])
@blp.response(200, ListAnswer)
def clear_faults():
    """Remove every delivery fault (held reorder batches are released)."""
    fake().clear_webhook_faults()
    return json_response({"items": [], "count": 0})


@blp.route("/webhooks/faults/<int:fault_id>", methods=["DELETE"])
@blp.response(200, ListAnswer)
def remove_fault(fault_id):
    """Remove one delivery fault."""
    fake().remove_webhook_fault(fault_id)
    items = fake().list_webhook_faults()
    return json_response({"items": items, "count": len(items)})


@blp.route("/webhooks/policy", methods=["GET"])
@blp.response(200, PolicyBody)
def get_policy():
    """The retry policy: attempts, timeout, backoff base and cap, Retry-After ceiling."""
    return json_response(fake().webhook_policy())


@blp.route("/webhooks/policy", methods=["PUT"])
@blp.doc(**json_body(POLICY))
@blp.response(200, PolicyBody)
def put_policy():
    """Change fields of the retry policy until the next reset (which restores the config)."""
    return json_response(fake().set_webhook_policy(control_json()))
