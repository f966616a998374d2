"""The webhook receiver (at the root: ``POST /webhooks/tharstern/{sf}``), the subscription
sync and reconcile (under the storefront)."""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from tharstern_kit.schema import Schema

from ..models import WebhookEvent, WebhookRefusal
from ..models.webhooks import OUTCOMES
from ..services import lookup
from ..services.feedback.reconcile import reconcile
from ..services.feedback.subscriptions import required_receiver_url, sync
from ..services.feedback.webhook_receiver import receive
from ..services.runtime import db, runtime
from . import answers
from .blueprint import errors_doc
from .schemas_orders import ReconcileIn, ReconcileOut, SubscriptionOut

blp = Blueprint("feedback", __name__, url_prefix="/api/storefronts/<string:sf>",
                description="Job status and tracking back from Tharstern: webhook subscription and reconcile")
receiver = Blueprint("webhooks", __name__, url_prefix="/webhooks",
                     description="The receiver of Tharstern's signed webhooks (Standard Webhooks)")


class EventsQuery(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))


class EventOut(Schema):
    event_id = fields.String()
    event = fields.String()
    sequence = fields.Integer(allow_none=True)
    subject = fields.String(allow_none=True)
    received_at = fields.String()
    deliveries = fields.Integer(metadata={"description": "copies received; applied once"})
    outcome = fields.String(metadata={"enum": list(OUTCOMES)})
    detail = fields.String(allow_none=True)
    body = fields.Dict()


class RefusalsQuery(Schema):
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class RefusalOut(Schema):
    received_at = fields.String()
    status = fields.Integer(metadata={"description": "what the receiver answered: 401 or 400"})
    reason = fields.String()
    webhook_id = fields.String(allow_none=True)
    remote = fields.String(allow_none=True)


class ReceiptOut(Schema):
    event_id = fields.String()
    duplicate = fields.Boolean()
    outcome = fields.String(metadata={"description": "applied | stale | unmatched | ignored"})
    detail = fields.String(allow_none=True)


SIGNATURE_HEADERS = [
    {"in": "header", "name": "webhook-id", "schema": {"type": "string"}, "required": True,
     "description": "the event's EventId (the same on every retry and copy)"},
    {"in": "header", "name": "webhook-timestamp", "schema": {"type": "string"}, "required": True,
     "description": "Unix seconds; within WEBHOOK_TOLERANCE_S of the connector's clock"},
    {"in": "header", "name": "webhook-signature", "schema": {"type": "string"}, "required": True,
     "description": "v1,<base64 HMAC-SHA256 of id.timestamp.body> with the storefront's secret"},
]


@receiver.route("/tharstern/<string:sf>", methods=["POST"])
@receiver.response(200, ReceiptOut)
@receiver.alt_response(400, description="Signed, but not an event")
@receiver.alt_response(401, description="Missing or bad signature, or a timestamp outside the window")
@receiver.alt_response(404, description="No such storefront")
@receiver.doc(parameters=SIGNATURE_HEADERS, requestBody={"content": {"application/json": {"schema": {"type": "object"}}}})
def receive_webhook(sf):
    """Receive one signed event from Tharstern: stored once per EventId, applied once (job status,
    tracking number, history; price and stock of imported products); a copy answers 200 again
    without applying anything; an event older than the line's last Sequence changes nothing."""
    receipt = receive(runtime(), sf, dict(request.headers), request.get_data(cache=False), request.remote_addr)
    return jsonify(receipt.body), receipt.status


@blp.route("/subscriptions/sync", methods=["POST"])
@blp.response(200, SubscriptionOut)
@errors_doc(blp, 404, 409, 502, 504)
def sync_subscriptions(sf):
    """Register this storefront's receiver in Tharstern (``webhooks/subscriptions``) for
    JobStatusChanged, JobDespatched and StockItemChanged, with a new secret kept server-side; the
    subscription the last sync made is deleted. The URL is ``CONNECTOR_PUBLIC_URL`` +
    ``/webhooks/tharstern/{sf}``, else the address the server listens on (never a request header);
    409 when neither is known (listening on every interface without ``CONNECTOR_PUBLIC_URL``)."""
    session = db()
    storefront = lookup.storefront(session, sf)
    url = required_receiver_url(current_app.config.get("PUBLIC_URL"), request.environ, storefront.key)
    return sync(runtime(), session, storefront, url)


@blp.route("/reconcile", methods=["POST"])
@blp.arguments(ReconcileIn, required=False)
@blp.response(200, ReconcileOut)
@errors_doc(blp, 404, 409, 422, 502, 504)
def reconcile_jobs(data, sf):
    """Poll Tharstern (``GET jobs``) for lines sent to it whose job is not finished and that had
    no news for ``older_than_s`` seconds, and apply what changed."""
    data = data or {}
    session = db()
    storefront = lookup.storefront(session, sf)
    older = data.get("older_than_s", current_app.config["RECONCILE_AFTER_S"])
    return reconcile(runtime(), session, storefront, float(older), data.get("limit", 200))


@blp.route("/webhook-events", methods=["GET"])
@blp.arguments(EventsQuery, location="query")
@blp.response(200, EventOut(many=True))
@errors_doc(blp, 404)
def list_events(args, sf):
    """Events received from Tharstern, newest first, each once with how many copies came and what
    applying it did (``applied``, ``stale``, ``unmatched``, ``ignored``)."""
    session = db()
    storefront = lookup.storefront(session, sf)
    query = select(WebhookEvent).where(WebhookEvent.storefront_id == storefront.id)
    if args.get("outcome"):
        query = query.where(WebhookEvent.outcome == args["outcome"])
    return [{"event_id": e.event_id, "event": e.event, "sequence": e.sequence, "subject": e.subject,
             "received_at": answers.iso(e.received_at), "deliveries": e.deliveries, "outcome": e.outcome,
             "detail": e.detail, "body": e.body}
            for e in session.scalars(query.order_by(WebhookEvent.id.desc()).limit(args["limit"]))]


@blp.route("/webhook-refusals", methods=["GET"])
@blp.arguments(RefusalsQuery, location="query")
@blp.response(200, RefusalOut(many=True))
@errors_doc(blp, 404)
def list_refusals(args, sf):
    """Requests to this storefront's receiver that were refused, newest first, with the reason
    (missing or bad signature, a timestamp outside the window, no secret yet, not an event). The
    newest 200 are kept; no signature or body is."""
    session = db()
    storefront = lookup.storefront(session, sf)
    query = (select(WebhookRefusal).where(WebhookRefusal.storefront_id == storefront.id)
             .order_by(WebhookRefusal.id.desc()).limit(args["limit"]))
    return [{"received_at": answers.iso(r.received_at), "status": r.status, "reason": r.reason,
             "webhook_id": r.webhook_id, "remote": r.remote} for r in session.scalars(query)]
