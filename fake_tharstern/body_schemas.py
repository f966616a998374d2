"""Control-plane bodies as JSON Schema, built from the backend's own rules (its limits, kinds and
names), so the OpenAPI document says exactly what the validation takes: the same ranges, the
same fields per kind, no unknown fields. Used where a marshmallow schema could not say it (a
body whose fields depend on ``kind``, "at least one of", a value that is a name or a number)."""
from __future__ import annotations

from typing import Any

from .backend.controls.api_faults import ANSWERING_KINDS, DROP_WHEN
from .backend.controls.api_faults import KINDS as FAULT_KINDS
from .backend.production.plans import MAX_AFTER_S
from .backend.records import enums
from .backend.webhooks.delivery_faults import FAIL_ERRORS
from .backend.webhooks.events import EVENTS
from .backend.webhooks.policy import LIMITS
from .backend.webhooks.subscriptions import URL_MAX

MAX_CLOCK_ADVANCE_S = 315_360_000  # ten years: FakeTharstern.advance_clock's limit


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def named(table: dict[str, int], description: str = "") -> dict[str, Any]:
    """A value given by its name or its number (``enums.lookup``)."""
    return {"description": description or f"one of {', '.join(table)} (or its number)",
            "anyOf": [{"type": "string", "enum": list(table)}, {"type": "integer", "enum": sorted(table.values())}]}


def number(low: float, high: float | None, *, integer: bool = False, nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer" if integer else "number", "minimum": low}
    if high is not None:
        schema["maximum"] = high
    if nullable:
        schema["nullable"] = True
    return schema


CLOCK = obj({"advance_s": number(0, MAX_CLOCK_ADVANCE_S)}, ("advance_s",))

STATUS_CHANGE = obj({
    "Status": named(enums.JOB_STATUSES, "the target state (name or number)"),
    "TrackingNumber": {"type": "string", "description": "required when the move reaches Despatched"},
    "Courier": {"type": "string"},
    "Walk": {"type": "boolean", "description": "walk through intermediate states (default true)"},
}, ("Status",))


def auto_plan(*, tracking: bool = True) -> dict[str, Any]:
    properties = {
        "to": named(enums.JOB_STATUSES, "the state to progress to"),
        "after_s": number(0.001, MAX_AFTER_S),
        "after_reads": number(1, 1_000_000, integer=True),
        "Courier": {"type": "string", "maxLength": 100},
    }
    if tracking:
        properties["TrackingNumber"] = {"type": "string", "maxLength": 100}
    return obj(properties, ("to",), description="after_s or after_reads, not both (neither: at once)",
               **{"not": {"required": ["after_s", "after_reads"]}})


def webhook_fault() -> dict[str, Any]:
    common = {
        "event": {"type": "string", "enum": ["*", *EVENTS]},
        "subscription_id": number(1, None, integer=True, nullable=True),
        "times": number(1, None, integer=True, nullable=True),
    }
    own = {
        "duplicate": {"copies": number(1, 10, integer=True)},
        "reorder": {"count": number(2, 100, integer=True), "hold_s": number(0.001, 86_400.0)},
        "delay": {"delay_s": number(0.001, 7 * 86_400.0)},
        "fail": {"status": number(300, 599, integer=True), "retry_after_s": number(0, 86_400.0, nullable=True),
                 "error": {"type": "string", "nullable": True, "enum": [None]}},
    }
    branches = []
    for kind, fields in own.items():
        required = ("kind", "delay_s") if kind == "delay" else ("kind",)
        branches.append(obj({"kind": {"type": "string", "enum": [kind]}, **common, **fields}, required))
    # a fail fault that errors instead of answering: no status, no Retry-After
    branches.append(obj({"kind": {"type": "string", "enum": ["fail"]}, **common,
                         "error": {"type": "string", "enum": list(FAIL_ERRORS)}}, ("kind", "error")))
    return {"oneOf": branches}


POLICY = obj({name: number(low, high, integer=name == "max_attempts") for name, (low, high) in LIMITS.items()},
             minProperties=1, description="at least one limit; backoff_cap_s at least backoff_base_s")

PRODUCT_EDIT = obj({"UnitPrice": number(0, None), "Available": number(0, None), "Balance": number(0, None),
                    "Visible": {"type": "boolean"}}, minProperties=1,
                   description="at least one of UnitPrice, Available, Balance, Visible")

FLUSH = obj({"timeout_s": number(0, 600)})

_NOT_SPACE = r"\s\x1c-\x1f\x85"  # what Python's str.isspace adds to ECMA's \s
_PORT = r"(:([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5]))?"
RECEIVER_URL = {"type": "string", "maxLength": URL_MAX, "pattern": rf"^[Hh][Tt][Tt][Pp][Ss]?://[^{_NOT_SPACE}/?#@:\[\]]+" + _PORT
                + rf"([/?][^{_NOT_SPACE}#]*)?$", "description": "an absolute http(s) URL: no user name, no #fragment, no spaces"}
SUBSCRIPTION = obj({
    "Url": RECEIVER_URL,
    "Events": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(EVENTS)}},
    "Secret": {"type": "string", "nullable": True, "pattern": r"^\s*(whsec_(([A-Za-z0-9+/]{4}){8,20}([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"
                                                  r"|([A-Za-z0-9+/]{4}){21}([A-Za-z0-9+/]{2}==)?))?\s*$",
               "description": "whsec_ and the base64 of 24 to 64 bytes; generated when blank or omitted"},
}, ("Url", "Events"))

_OCTET = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
ALLOWLIST_ENTRY = {"anyOf": [
    {"type": "string", "format": "ipv4"}, {"type": "string", "format": "ipv6"},
    {"type": "string", "pattern": rf"^({_OCTET}\.){{3}}{_OCTET}/(3[0-2]|[12]?\d)$"},
], "description": "an IP address or network (10.0.0.0/8)"}

_TEXT = {"anyOf": [{"type": "string", "maxLength": 200}, {"type": "number"}], "description": "text (a number is read as text)"}
_NAME = {"anyOf": [{"type": "string", "maxLength": 200, "pattern": r"\S"}, {"type": "number"}],
         "description": "not blank (a number is read as text)"}
_EMAIL = {"type": "string", "maxLength": 200, "pattern": r"^\s*$|@", "description": "an e-mail address (or blank)"}
CUSTOMER: dict[str, Any] = {
    "type": "object", "required": ["Name"], "description": "names in any letter case; other fields are ignored",
    "properties": {
        "Name": _NAME, "Code": {"anyOf": [{"type": "string", "maxLength": 40}, {"type": "number"}],
                                "description": "generated when blank or omitted"},
        "ContactEmail": _EMAIL, "Contact": _TEXT,
        "Address": {"type": "object", "properties": {
            "AddressLines": {"type": "array", "items": {}, "description": "each line read as text; blank ones dropped"}, "City": _TEXT, "Region": _TEXT,
            "Country": _TEXT, "Postcode": _TEXT, "Telephone": _TEXT}},
        "Contacts": {"type": "array", "items": {"type": "object", "required": ["Name"], "properties": {
            "Name": _NAME, "Email": _EMAIL, "Telephone": _TEXT, "Mobile": _TEXT}}},
        "UpliftPercentage": number(-90, 500),
    },
}
SEED_USER = {"type": "object", "required": ["Email", "Password"], "properties": {
    "Email": {"type": "string", "maxLength": 200, "pattern": "@"}, "Password": _NAME,
    "UserId": number(1, None, integer=True, nullable=True)}}


SEED_PRODUCT = {"type": "object", "required": ["Code"], "description": "a stock item in the API's field names", "properties": {
    "Code": {"anyOf": [{"type": "string", "maxLength": 60, "pattern": r"\S"}, {"type": "number"}]}}}
SEED_PRODUCT_TYPE = {"type": "object", "required": ["Name"], "description": "a product type in the API's field names",
                     "properties": {"Name": _NAME}}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field of the backend's entities: null is read as absent."""
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "string", "nullable": True, "enum": [None]}]}
    return {**schema, "nullable": True}


def _optional_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    required = set(schema.get("required", ()))
    properties = {name: (value if name in required else _nullable(value))
                  for name, value in schema["properties"].items()}
    return {**schema, "properties": properties}


CUSTOMER["properties"]["Address"] = _optional_nullable(CUSTOMER["properties"]["Address"])
CUSTOMER["properties"]["Contacts"]["items"] = _optional_nullable(CUSTOMER["properties"]["Contacts"]["items"])
CUSTOMER = _optional_nullable(CUSTOMER)
# a seeded customer names its code (a created one may leave it to the fake)
SEED_CUSTOMER = {**CUSTOMER, "required": ["Name", "Code"], "properties": {
    **CUSTOMER["properties"], "Code": {"anyOf": [{"type": "string", "maxLength": 40, "pattern": r"\S"}, {"type": "number"}]}}}


def fault() -> dict[str, Any]:
    """A gate fault (``backend/controls/api_faults.build_rule``): latency needs a delay, the others may have one."""
    common = {
        "method": {"type": "string", "minLength": 1, "description": "an HTTP method or * (default)"},
        "path": {"type": "string", "minLength": 1, "description": "a case-insensitive glob (default *)"},
        "status": number(400, 599, integer=True),
        "times": number(1, None, integer=True, nullable=True),
        "probability": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1},
        "seed": {"type": "integer", "nullable": True},
        "message": {"type": "string"},
        "headers": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 1000},
                    "nullable": True,
                    "description": "headers of the answer of an error, malformed or html fault (e.g. Retry-After); "
                                   "names are HTTP tokens; not Content-Type, Content-Length, Transfer-Encoding "
                                   "or Connection"},
    }
    others = [kind for kind in FAULT_KINDS if kind in ANSWERING_KINDS]
    delay = number(0, 600_000, integer=True)
    # only a fault that answers carries headers: the others take none (an empty object or null)
    silent = {**common, "headers": {"type": "object", "maxProperties": 0, "nullable": True,
                                    "description": "none: only a fault that answers carries headers"}}
    return {"oneOf": [
        obj({"kind": {"type": "string", "enum": ["latency"]}, "delay_ms": number(1, 600_000, integer=True), **silent},
            ("kind", "delay_ms")),
        obj({"kind": {"type": "string", "enum": ["drop"]}, "delay_ms": delay, **silent,
             "when": {"type": "string", "enum": list(DROP_WHEN),
                      "description": "before (default): the request is not handled; after: handled, the answer lost"}},
            ("kind",)),
        obj({"kind": {"type": "string", "enum": others}, "delay_ms": delay, **common}, ("kind",)),
    ]}
