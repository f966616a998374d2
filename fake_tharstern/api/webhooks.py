"""``GET/POST api/webhooks/subscriptions`` and ``DELETE api/webhooks/subscriptions/{id}`` [I].

Tharstern's subscription API is not public; this one is invented (reference §5) and follows
the faked API's conventions: token auth, the envelope, ModelState 400 for bad input (keys
``subscription.Url``, ``subscription.Events[n]``, ``subscription.Secret``), and HTTP 200 with
``Success=false`` for deleting a subscription that does not exist."""
from __future__ import annotations

from flask import g
from marshmallow import fields

from ..body_schemas import SUBSCRIPTION
from tharstern_kit.schema import Schema

from .answers import enveloped
from .bodies import json_body
from .envelope import envelope
from .operation import backend, follow, json_payload, tharstern_operation
from .parser import FakeBlueprint
from .queries import PagingQuery

blp = FakeBlueprint("webhooks", __name__, description="[fake] Webhook subscriptions")


class SubscriptionSchema(Schema):
    ID = fields.Int()
    Url = fields.Str()
    Events = fields.List(fields.Str())
    Secret = fields.Str(metadata={"description": "only in the answer to the create call"})
    CreatedDateTime = fields.Str()
    CreatedByUserId = fields.Int()


@blp.route("/webhooks/subscriptions", methods=["GET"])
@blp.arguments(PagingQuery, location="query")
@tharstern_operation(blp, enveloped(SubscriptionSchema, "Subscriptions", many=True))
def list_webhook_subscriptions(args):
    """[fake] The webhook subscriptions (without their secrets)."""
    return envelope(backend().list_webhook_subscriptions(**args))


@blp.route("/webhooks/subscriptions", methods=["POST"])
@tharstern_operation(blp, enveloped(SubscriptionSchema, "CreatedSubscription"),
                     body=json_body(SUBSCRIPTION, "Where to send which events, and the signing secret"))
@blp.doc(**follow("DeleteSubscription", "deleteWebhookSubscription", subscription_id="$response.body#/Details/ID"))
def create_webhook_subscription():
    """[fake] Subscribe a URL to events; the answer carries the signing secret."""
    token = g.get("token")
    subscription = backend().create_webhook_subscription(json_payload("subscription"),
                                                         token.user_id if token is not None else 0)
    return envelope(subscription)


@blp.route("/webhooks/subscriptions/<int:subscription_id>", methods=["DELETE"])
@tharstern_operation(blp, enveloped(SubscriptionSchema, "DeletedSubscription", nullable=True))
@blp.doc(operationId="deleteWebhookSubscription")
def delete_webhook_subscription(subscription_id):
    """[fake] Delete a subscription; deliveries it still had waiting are cancelled."""
    removed = backend().delete_webhook_subscription(subscription_id)
    if removed is None:
        return envelope(None, success=False, reasons=[f"Webhook subscription {subscription_id} was not found."])
    return envelope(removed)
