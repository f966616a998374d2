"""Request bodies of the faked API, for the OpenAPI document. The backend reads bodies itself,
more leniently than these say: any letter case in names, numbers as strings, nulls for optional
fields, as the real .NET API does."""
from __future__ import annotations

from marshmallow import INCLUDE, fields, validate

from tharstern_kit.schema import Schema as StrictSchema


class Text(fields.Raw):
    """Text in a body: the backend also takes a number and reads it as text ("2284")."""
    def __init__(self, **kwargs) -> None:
        metadata = {"anyOf": [{"type": "string"}, {"type": "number"}], **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)


class Schema(StrictSchema):
    """A body of the faked API: unknown fields are ignored and null is read as absent, as the
    real binder does."""
    class Meta:
        unknown = INCLUDE

    def on_bind_field(self, field_name, field_obj) -> None:
        if not field_obj.required:
            field_obj.allow_none = True

from .answers import AddressSchema


class CodeRefSchema(Schema):
    Code = Text()


class DimensionBodySchema(Schema):
    Code = fields.Str()
    Width = fields.Float()
    Depth = fields.Float()


class EstimateRequestPartSchema(Schema):
    ProductTypePartID = fields.Int(required=True)
    Pages = fields.Int(validate=validate.Range(min=1))
    PaperCode = Text()
    FinishedSize = fields.Nested(DimensionBodySchema)


class EstimateRequestProcessSchema(Schema):
    ProcessTypeId = fields.Int(required=True)


class EstimateRequestSchema(Schema):
    ProductTypeID = fields.Int(required=True, validate=validate.Range(min=1),
                               metadata={"description": "also accepted as ProductTypeId"})
    Quantity = fields.Int(required=True, validate=validate.Range(min=1))
    FinishedSize = fields.Nested(DimensionBodySchema)
    Customer = fields.Nested(CodeRefSchema)
    Title = Text()
    RequiredDateTime = fields.Str()
    IgnoreShipping = fields.Bool()
    CustomerUpliftPercentage = fields.Float(validate=validate.Range(min=-90, max=500))
    Parts = fields.List(fields.Nested(EstimateRequestPartSchema))
    Processes = fields.List(fields.Nested(EstimateRequestProcessSchema))
    Ref1 = Text()
    Ref2 = Text()


class SubmitAddressSchema(Schema):
    AddressLine1 = Text(allow_none=True)
    AddressLine2 = Text(allow_none=True)
    AddressLine3 = Text(allow_none=True)
    City = Text(allow_none=True)
    Region = Text(allow_none=True)
    Country = Text(allow_none=True)
    Postcode = Text(allow_none=True)
    Telephone = Text(allow_none=True)
    Fax = Text(allow_none=True)


class SubmitPartySchema(Schema):
    Code = Text(allow_none=True)
    Name = Text(allow_none=True)
    Address = fields.Nested(SubmitAddressSchema, allow_none=True)
    Contact = Text(allow_none=True)
    ContactEmail = Text(allow_none=True)


class MoneySchema(Schema):
    Net = fields.Float()
    Tax = fields.Float()


class SubmitAssetSchema(Schema):
    Filename = Text()
    IsContent = fields.Bool()
    Content_URL = Text()
    Visibility = fields.Dict(keys=fields.Str(), values=fields.Bool())


class SubmitAssetsSchema(Schema):
    Items = fields.List(fields.Nested(SubmitAssetSchema))


class SubmitItemSchema(Schema):
    StockItemID = fields.Int(validate=validate.Range(min=1), metadata={"description": "may be sent as a string"})
    StockItemCode = Text(allow_none=True)
    EstimateID = fields.Int(allow_none=True)
    Description = Text(allow_none=True)
    Quantity = fields.Int(required=True, validate=validate.Range(min=1))
    Value = fields.Nested(MoneySchema, allow_none=True)
    RequiredDate = fields.Str(allow_none=True)
    Ref1 = Text(allow_none=True)
    Ref2 = Text(allow_none=True)
    DeliveryAddress = fields.Nested(SubmitPartySchema, allow_none=True)
    ChiliDocumentID = Text(allow_none=True)
    Metadata = fields.List(fields.Raw())
    Assets = fields.Nested(SubmitAssetsSchema, allow_none=True)


class SubmitOrderSchema(Schema):
    CompanyID = Text(allow_none=True)
    UniqueSubmitOrderID = Text(allow_none=True)
    InvoiceCustomer = fields.Nested(SubmitPartySchema, required=True)
    DeliveryCustomer = fields.Nested(SubmitPartySchema, allow_none=True)
    RequiredDate = fields.Str(allow_none=True)
    OrderDate = fields.Str(allow_none=True)
    Ref1 = Text(allow_none=True)
    Ref2 = Text(allow_none=True)
    Shipping = fields.Dict(allow_none=True)
    Items = fields.List(fields.Nested(SubmitItemSchema), required=True, validate=validate.Length(min=1))


class SubmitOrdersSchema(Schema):
    Orders = fields.List(fields.Nested(SubmitOrderSchema), required=True, validate=validate.Length(min=1))


class OrderAssetBodySchema(Schema):
    OrderId = fields.Int(required=True, validate=validate.Range(min=1), metadata={"description": "the sales order's ID"})
    Filename = fields.Str(required=True, metadata={"description": "a file name, no folder"})
    Content_Base64 = fields.Str(required=True, validate=validate.Length(min=1),
                                metadata={"description": "the file, base64", "format": "byte"})


class JobUpdateSchema(Schema):
    JobId = fields.Int(metadata={"description": "the job's ID (or give JobNo)"})
    JobNo = fields.Str()
    Title = fields.Str()
    Ref1 = fields.Str()
    Ref2 = fields.Str()
    RequiredDateTime = fields.Str()
    QuantityOrdered = fields.Int(metadata={"description": "only before production starts"})


class JdfJobSchema(Schema):
    JobId = fields.Int(required=True, validate=validate.Range(min=1))


class JdfSubmitSchema(Schema):
    Items = fields.List(fields.Nested(JdfJobSchema), required=True, validate=validate.Length(min=1))


def json_body(schema: type[Schema] | dict, description: str = "") -> dict:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}
