"""The JSON Schema of a snapshot's structure (``GET/PUT /_fake/snapshot``, the state file).

It checks what the fake's rules read from the parts that have no parser of their own (tokens,
estimates, orders, jobs, idempotency records, job plans, webhook deliveries and events); the
other parts are checked by the same code that checks them when they arrive through the control
plane (seed entities, faults, stubs, quirks, allowlist, subscriptions, delivery faults, policy).
Entities may carry fields beyond these (the schema names the ones the fake needs).
"""
from __future__ import annotations

from typing import Any

from ..records import enums
from ..production.jobs import EVENT_FIELDS

FORMAT = "fake-tharstern-snapshot"
VERSION = 1

INT = {"type": "integer"}
POSITIVE = {"type": "integer", "minimum": 1}
NUMBER = {"type": "number"}
TEXT = {"type": "string"}
OBJECT = {"type": "object"}
LIST = {"type": "array"}
OBJECTS = {"type": "array", "items": OBJECT}
MAYBE_NUMBER = {"type": ["number", "null"]}
MAYBE_TEXT = {"type": ["string", "null"]}
MAYBE_INT = {"type": ["integer", "null"]}
RNG = {"type": "array", "minItems": 3, "maxItems": 3,
       "description": "a Python random state: [version, [625 integers], gauss_next]"}


def _entity(required: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": required}


def _exactly(required: dict[str, Any]) -> dict[str, Any]:
    """An object with these fields and no others (it becomes a dataclass of the same fields)."""
    return {**_entity(required), "additionalProperties": False}


def _enum(table: dict[str, int]) -> dict[str, Any]:
    return _entity({"Value": INT, "Name": {"enum": list(table)}})


TOKEN = _exactly({"token": TEXT, "user_id": INT, "email": TEXT, "application_id": TEXT, "expires_at": NUMBER})
ANY: dict[str, Any] = {}
ESTIMATE = _entity({"ID": POSITIVE, "EstimateRef": TEXT, "Title": MAYBE_TEXT, "Quantity": NUMBER, "Ordered": ANY,
                    "ProductTypeId": INT, "RequiredDate": MAYBE_TEXT, "Customer": _entity({"Code": TEXT}),
                    "Parts": LIST, "Processes": LIST})
ORDER_ITEM = _entity({"StockItemID": INT, "Quantity": NUMBER, "JobNo": TEXT})
ORDER = _entity({"ID": POSITIVE, "OrderNo": TEXT, "UniqueSubmitOrderID": MAYBE_TEXT, "Ref1": MAYBE_TEXT,
                 "Status": _enum(enums.ORDER_STATUSES), "InvoiceCustomer": _entity({"Code": TEXT}),
                 "Items": {"type": "array", "items": ORDER_ITEM}})
DELIVERY_NOTE = _entity({"DeliveryNoteID": INT, "TrackingNumber": MAYBE_TEXT})
JOB_FIELDS = {"ID": POSITIVE, "JobNo": {"type": "string", "minLength": 1}, "Status": _enum(enums.JOB_STATUSES),
              "SalesOrderNo": TEXT, "SalesOrderId": INT, "SalesOrderLineId": INT, "EstimateId": INT,
              "InvoiceCustomer": _entity({"Code": TEXT}), "StockItemCode": TEXT, "Ref1": MAYBE_TEXT,
              "Ref2": MAYBE_TEXT, "QuantityOrdered": NUMBER, "Deliveries": {"type": "array", "items": DELIVERY_NOTE},
              "StatusHistory": {"type": "array", "items": _entity({"Status": _enum(enums.JOB_STATUSES),
                                                                    "ChangedDateTime": TEXT})}}
# every field a job event carries is required (with its type where the schema knows it)
JOB = _entity({**{name: ANY for name in EVENT_FIELDS}, **JOB_FIELDS})
PLAN = _exactly({"target": {"enum": list(enums.JOB_STATUSES)}, "after_s": {"type": ["number", "null"], "exclusiveMinimum": 0},
                "after_reads": {"type": ["integer", "null"], "minimum": 1}, "tracking_number": MAYBE_TEXT,
                "courier": TEXT, "due_at": MAYBE_NUMBER, "reads": {"type": "integer", "minimum": 0}})
EVENT = _entity({"event_id": {"type": "string", "minLength": 1}, "name": TEXT, "subject": TEXT,
                 "sequence": POSITIVE, "occurred_at": NUMBER, "data": OBJECT})
ATTEMPT = _exactly({"number": POSITIVE, "at": NUMBER, "status_code": MAYBE_INT, "error": MAYBE_TEXT,
                   "latency_ms": MAYBE_NUMBER, "retry_after_s": MAYBE_NUMBER, "next_retry_at": MAYBE_NUMBER,
                   "fault": MAYBE_INT})
DELIVERY = _entity({"id": POSITIVE, "event": EVENT, "subscription_id": POSITIVE, "url": TEXT, "created_at": NUMBER,
                    "next_attempt_at": NUMBER, "order": {"type": "array", "items": INT},
                    "status": {"enum": ["pending", "held", "sending", "delivered", "dead", "cancelled"]},
                    "attempts": {"type": "array", "items": ATTEMPT}, "delivered_at": MAYBE_NUMBER,
                    "duplicate_of": MAYBE_INT, "redelivery_of": MAYBE_INT, "faults": OBJECTS})
BOOK = _entity({"items": OBJECTS, "next_id": POSITIVE})

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "version", "fixture", "seed", "clock", "data", "quirks", "allowlist", "faults",
                 "stubs", "jobs_auto", "webhooks", "rng"],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "fixture": TEXT,
        "seed": INT,
        "clock": _entity({"offset_s": {"type": "number", "minimum": 0}}),
        "data": {
            "type": "object",
            "required": ["users", "tokens", "customers", "productTypes", "products", "estimates", "orders", "jobs",
                         "submissions", "sequences"],
            "properties": {
                "users": OBJECTS, "customers": OBJECTS, "productTypes": OBJECTS, "products": OBJECTS,
                "tokens": {"type": "array", "items": TOKEN},
                "estimates": {"type": "array", "items": ESTIMATE},
                "orders": {"type": "array", "items": ORDER},
                "jobs": {"type": "array", "items": JOB},
                "submissions": {"type": "object", "additionalProperties": _entity({"ID": INT, "OrderNo": TEXT})},
                "order_assets": {"type": "object", "additionalProperties": TEXT,
                                 "propertyNames": {"pattern": "^[1-9][0-9]{0,17}$"},
                                 "description": "artwork sent with orders: asset ID -> content (base64)"},
                "sequences": {"type": "object", "additionalProperties": POSITIVE},
            },
        },
        "quirks": OBJECT,
        "allowlist": OBJECT,
        "faults": BOOK,
        "stubs": BOOK,
        "jobs_auto": _entity({"plans": {"type": "object", "additionalProperties": PLAN,
                                        "propertyNames": {"pattern": "^[0-9]+$"}},
                              "default": {"anyOf": [{"type": "null"}, PLAN]}}),
        "webhooks": _entity({
            "subscriptions": BOOK, "faults": BOOK, "policy": OBJECT,
            "deliveries": _entity({"items": {"type": "array", "items": DELIVERY}, "next_id": POSITIVE}),
            "events": _entity({"sequences": {"type": "object", "additionalProperties": POSITIVE},
                               "ids": _exactly({"seed": INT, "issued": {"type": "integer", "minimum": 0}})}),
            "rngs": _entity({"retries": RNG, "secrets": RNG}),
        }),
        "rng": RNG,
    },
}
