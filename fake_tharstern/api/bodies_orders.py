"""Request bodies of the faked API's orders and jobs (``POST orders/submit``,
``orders/submitorderasset``, ``job/update``), for the OpenAPI document: exactly what the backend's
readers take (``backend/resources/orders.py``, ``order_assets.py``,
``backend/production/job_updates.py``), in the JSON Schema of ``body_rules.py``. Unknown fields are
ignored, as the real binder does."""
from __future__ import annotations

from typing import Any

from marshmallow import fields

from . import body_rules as rule
from .bodies import Schema

REFS = tuple(f"Ref{n}" for n in range(1, 11))


def field(schema: dict[str, Any], *, required: bool = False) -> fields.Raw:
    """A field documented by ``schema`` (``Schema`` lets ``null`` stand for absent unless required)."""
    return fields.Raw(required=required, metadata=schema)


def nested(schema: type[Schema]) -> fields.Nested:
    """An object read with ``Fields`` (anything but an object is refused), or ``null`` as absent."""
    return fields.Nested(schema, allow_none=True)


class SubmitAddressSchema(Schema):
    AddressLines = field({"type": "array", "items": {}})
    AddressLine1 = field({})  # read as text whatever it is
    AddressLine2 = field({})
    AddressLine3 = field({})
    City = field(rule.text())
    Region = field(rule.text())
    Country = field(rule.text())
    Postcode = field(rule.text())
    Telephone = field(rule.text())
    Fax = field({})  # not read


class SubmitPartySchema(Schema):
    Code = field(rule.text(60))
    Name = field(rule.text())
    Address = nested(SubmitAddressSchema)
    Contact = field(rule.text())
    ContactEmail = field(rule.text())


class TaxRateSchema(Schema):
    Rate = field(rule.PERCENT)


class MoneySchema(Schema):
    Net = field(rule.NUMBER)
    Tax = field(rule.NUMBER)
    TaxDetails = nested(TaxRateSchema)


class ShippingSchema(Schema):
    Value = nested(MoneySchema)


class SubmitAssetSchema(Schema):
    Filename = field(rule.text(400))
    IsContent = field(rule.FLAG)
    Content_URL = field(rule.text(4000))
    Visibility = field({})  # kept when it is an object


class SubmitAssetsSchema(Schema):
    Items = fields.List(fields.Nested(SubmitAssetSchema))


class SubmitItemSchema(Schema):
    StockItemID = field({"anyOf": [*rule.whole(1)["anyOf"], {"type": "string", "enum": [""]}],
                         "description": "may be sent as a string; \"\" or null is none"})
    StockItemCode = field(rule.text(60))
    EstimateID = field({"anyOf": [*rule.whole(0)["anyOf"], {"type": "string", "enum": [""]}]})
    Description = field(rule.text(400))
    Quantity = field(rule.whole(1), required=True)
    Value = nested(MoneySchema)
    RequiredDate = field(rule.OPTIONAL_DATE)
    Ref1 = field(rule.text())
    Ref2 = field(rule.text())
    DeliveryAddress = nested(SubmitPartySchema)
    ChiliDocumentID = field(rule.text())
    Metadata = field({"type": "array", "items": {}})
    Assets = nested(SubmitAssetsSchema)
    # each item names its stock item: a StockItemID, or a StockItemCode that is not blank
    OPENAPI_RULES = {"anyOf": [{"required": ["StockItemID"], "properties": {"StockItemID": rule.whole(1)}},
                               {"required": ["StockItemCode"], "properties": {"StockItemCode": rule.text(60, given=True)}}]}


class SubmitOrderSchema(Schema):
    CompanyID = field(rule.text())
    UniqueSubmitOrderID = field(rule.text(100))
    InvoiceCustomer = nested(SubmitPartySchema)
    DeliveryCustomer = nested(SubmitPartySchema)
    RequiredDate = field(rule.OPTIONAL_DATE)
    OrderDate = field(rule.OPTIONAL_DATE)
    Ref1 = field(rule.text())
    Ref2 = field(rule.text())
    Shipping = nested(ShippingSchema)
    Items = fields.List(fields.Nested(SubmitItemSchema), required=True, metadata={"minItems": 1})


class SubmitOrdersSchema(Schema):
    Orders = fields.List(fields.Nested(SubmitOrderSchema), required=True, metadata={"minItems": 1})


class OrderAssetBodySchema(Schema):
    OrderId = field(rule.ORDER_ID, required=True)
    Filename = field(rule.FILENAME, required=True)
    Content_Base64 = field(rule.CONTENT_BASE64, required=True)


class JobUpdateSchema(Schema):
    """Names the job (JobId, else ID, or a JobNo that is not blank) and changes at least one
    thing. Names are read in any letter case, so ``ID`` is also ``Id``."""
    JobId = field({**rule.whole(1), "description": "the job's ID (or give JobNo)"})
    ID = field({"description": "read as JobId (a whole number, also as a string) when JobId is null or left out"})
    JobNo = field(rule.text(40))
    Title = field(rule.text())
    Ref1 = field(rule.text())
    Ref2 = field(rule.text())
    Ref3 = field(rule.text())
    Ref4 = field(rule.text())
    Ref5 = field(rule.text())
    Ref6 = field(rule.text())
    Ref7 = field(rule.text())
    Ref8 = field(rule.text())
    Ref9 = field(rule.text())
    Ref10 = field(rule.text())
    RequiredDateTime = field(rule.DATE)
    QuantityOrdered = field({**rule.whole(1), "description": "only before production starts"})
    OPENAPI_RULES = {"allOf": [
        {"anyOf": [*({"required": [name], "properties": {name: {"not": rule.NULL_ONLY}}} for name in ("JobId", "ID")),
                   {"required": ["JobNo"], "properties": {"JobNo": rule.text(40, given=True)}}]},
        {"anyOf": [{"required": ["JobId"], "properties": {"JobId": {"not": rule.NULL_ONLY}}},  # ID is read only without JobId
                   {"properties": {"ID": {"anyOf": [*rule.whole(1)["anyOf"], rule.NULL_ONLY]}}}]},
        {"anyOf": [{"required": [name], "properties": {name: {"not": rule.NULL_ONLY}}}
                   for name in ("Title", *REFS, "RequiredDateTime", "QuantityOrdered")]},
    ]}

