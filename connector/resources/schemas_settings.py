"""Schemas of storefronts, connection settings, behaviour settings and the test controls."""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, post_load, validate, validates

from tharstern_kit.schema import Schema

from ..domain.behaviour import ORDER_GROUPINGS, SEND_PRICE_CHOICES, canonical_type_name
from ..domain.dates import CUTOFF_PATTERN, parse_cutoff
from ..models.storefront import PLATFORMS
from .fields import HTTP_URL, IpAddress, StrictBool, StrictNumber, Text

KEY = validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,63}$", error="lower-case letters, digits, '-' and '_' (at most 64)")
CODE: dict[str, Any] = dict(max_length=40)


class StorefrontIn(Schema):
    key = Text(required=True, max_length=64, validate=[KEY])
    name = Text(required=True)
    platform = fields.String(load_default="infigo", validate=validate.OneOf(PLATFORMS))


class StorefrontOut(Schema):
    key = fields.String()
    name = fields.String()
    platform = fields.String(metadata={"enum": list(PLATFORMS)})
    connected = fields.Boolean(metadata={"description": "every connection setting is filled in"})


# -- connection ---------------------------------------------------------------------------------
class ConnectionPut(Schema):
    """PUT replaces every setting. ``password`` is write-only: it may be left out when one is
    already stored (it is never shown, so a form cannot send it back)."""
    api_url = Text(required=True, max_length=500, validate=[HTTP_URL], metadata={
        "description": "the root under which /api lives, e.g. https://mis.example.com/TharsternAPI"})
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(load_only=True, validate=validate.Length(min=1, max=500))
    application_id = Text(required=True, max_length=100,
                          metadata={"description": "free text, unique per storefront; Tharstern scopes tokens by it"})
    storefront_customer_code = Text(required=True, **CODE)
    outgoing_ip = IpAddress(load_default="127.0.0.1", validate=validate.Length(max=45),
                            metadata={"description": "the address the connector calls Tharstern from"})


class ConnectionPatch(ConnectionPut):
    """PATCH changes only the settings given."""


class ConnectionOut(Schema):
    api_url = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    application_id = fields.String(allow_none=True)
    storefront_customer_code = fields.String(allow_none=True)
    outgoing_ip = fields.String()
    password_set = fields.Boolean(metadata={"description": "a password is stored (it is never shown)"})
    missing = fields.List(fields.String(), metadata={"description": "settings still to fill in"})


class CheckOut(Schema):
    ok = fields.Boolean()
    problem = fields.String(allow_none=True, metadata={
        "description": "bad_credentials | unreachable | wrong_url | unknown_customer_code; null when ok"})
    message = fields.String()
    advice = fields.String(allow_none=True)
    details = fields.Dict()


# -- behaviour ----------------------------------------------------------------------------------
class BehaviourIn(Schema):
    """PUT replaces (settings left out take their defaults); PATCH changes the ones given."""
    handles_pricing = StrictBool()
    handles_stock = StrictBool()
    product_type_filter = fields.List(Text(max_length=50), validate=validate.Length(max=20), metadata={
        "description": "stock item types shown in the Connect Link list (Finished, None, PrintableFlat, ...); [] = all"})
    send_price_in_orderline = fields.String(validate=validate.OneOf(SEND_PRICE_CHOICES))
    include_shipping = StrictBool()
    send_tax = StrictBool()
    lead_time_days = fields.Integer(strict=True, validate=validate.Range(min=0, max=60))
    cutoff_time = fields.String(metadata={"description": "HH:MM, UTC", "pattern": CUTOFF_PATTERN})
    skip_weekends = StrictBool()
    holidays = fields.List(fields.Date(), validate=validate.Length(max=100))
    dispatch_days_before_delivery = fields.Integer(strict=True, validate=validate.Range(min=0, max=30))
    use_external_id_as_customer_code = StrictBool()
    markup_percent = StrictNumber(allow_nan=False, validate=validate.Range(min=-100, max=1000, min_inclusive=False))
    order_grouping = fields.String(validate=validate.OneOf(ORDER_GROUPINGS))
    transfer_on = fields.String(validate=validate.Regexp(
        r"^[A-Za-z][A-Za-z0-9 _-]{0,49}$", error="'placement' or a workflow status name (letters, digits, ' ', '-', '_')"))
    cache_ttl_s = fields.Integer(strict=True, validate=validate.Range(min=0, max=86_400))

    @validates("cutoff_time")
    def _cutoff(self, value: str, **_kwargs) -> None:
        try:
            parse_cutoff(value)
        except ValueError as error:
            raise ValidationError(f"{error} (24-hour clock, e.g. 14:00)") from None

    @post_load
    def _normalise(self, data: dict, **_kwargs) -> dict:
        if "product_type_filter" in data:
            names: list[str] = []
            for name in map(canonical_type_name, data["product_type_filter"]):
                if name.lower() not in (n.lower() for n in names):
                    names.append(name)
            data["product_type_filter"] = names
        if "holidays" in data:
            data["holidays"] = sorted({d.isoformat() for d in data["holidays"]})
        return data


class BehaviourOut(Schema):
    handles_pricing = fields.Boolean()
    handles_stock = fields.Boolean()
    product_type_filter = fields.List(fields.String())
    send_price_in_orderline = fields.String(metadata={"enum": list(SEND_PRICE_CHOICES)})
    include_shipping = fields.Boolean()
    send_tax = fields.Boolean()
    lead_time_days = fields.Integer()
    cutoff_time = fields.String()
    skip_weekends = fields.Boolean()
    holidays = fields.List(fields.String())
    dispatch_days_before_delivery = fields.Integer()
    use_external_id_as_customer_code = fields.Boolean()
    markup_percent = fields.Float()
    order_grouping = fields.String(metadata={"enum": list(ORDER_GROUPINGS)})
    transfer_on = fields.String()
    cache_ttl_s = fields.Integer()


class StorefrontDetail(StorefrontOut):
    connection = fields.Nested(ConnectionOut)
    behaviour = fields.Nested(BehaviourOut)


# -- test controls ------------------------------------------------------------------------------
class ResetIn(Schema):
    fixture = fields.String(load_default="demo", validate=validate.OneOf(["demo", "empty"]))


class ResetOut(Schema):
    fixture = fields.String()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())


class ClockIn(Schema):
    advance_s = StrictNumber(required=True, allow_nan=False, validate=validate.Range(min=0, max=10 * 365 * 86400))


class ClockOut(Schema):
    now = fields.String()
    offset_s = fields.Float()


class CacheClearOut(Schema):
    cleared = fields.Integer(metadata={"description": "cached entries dropped"})
    message = fields.String()


class StartOverOut(Schema):
    storefront = fields.String()
    message = fields.String()
    undone = fields.Dict(keys=fields.String(), values=fields.Integer(),
                         metadata={"description": "how many of each thing were undone or removed"})
