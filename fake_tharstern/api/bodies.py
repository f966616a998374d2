"""Request bodies of the faked API, for the OpenAPI document. The backend reads bodies itself,
more leniently than these say: any letter case in names, numbers as strings, nulls for optional
fields, as the real .NET API does."""
from __future__ import annotations

from marshmallow import fields

from tharstern_kit.schema import Schema

from .answers import AddressSchema


class CodeRefSchema(Schema):
    Code = fields.Str()


class DimensionBodySchema(Schema):
    Code = fields.Str()
    Width = fields.Float()
    Depth = fields.Float()


class EstimateRequestPartSchema(Schema):
    ProductTypePartID = fields.Int(required=True)
    Pages = fields.Int()
    PaperCode = fields.Str()
    FinishedSize = fields.Nested(DimensionBodySchema)


class EstimateRequestProcessSchema(Schema):
    ProcessTypeId = fields.Int(required=True)


class EstimateRequestSchema(Schema):
    ProductTypeID = fields.Int(required=True, metadata={"description": "also accepted as ProductTypeId"})
    Quantity = fields.Int(required=True)
    FinishedSize = fields.Nested(DimensionBodySchema)
    Customer = fields.Nested(CodeRefSchema)
    Title = fields.Str()
    RequiredDateTime = fields.Str()
    IgnoreShipping = fields.Bool()
    CustomerUpliftPercentage = fields.Float()
    Parts = fields.List(fields.Nested(EstimateRequestPartSchema))
    Processes = fields.List(fields.Nested(EstimateRequestProcessSchema))
    Ref1 = fields.Str()
    Ref2 = fields.Str()


class SubmitAddressSchema(Schema):
    AddressLine1 = fields.Str(allow_none=True)
    AddressLine2 = fields.Str(allow_none=True)
    AddressLine3 = fields.Str(allow_none=True)
    City = fields.Str(allow_none=True)
    Region = fields.Str(allow_none=True)
    Country = fields.Str(allow_none=True)
    Postcode = fields.Str(allow_none=True)
    Telephone = fields.Str(allow_none=True)
    Fax = fields.Str(allow_none=True)


class SubmitPartySchema(Schema):
    Code = fields.Str(allow_none=True)
    Name = fields.Str(allow_none=True)
    Address = fields.Nested(SubmitAddressSchema, allow_none=True)
    Contact = fields.Str(allow_none=True)
    ContactEmail = fields.Str(allow_none=True)


class MoneySchema(Schema):
    Net = fields.Float()
    Tax = fields.Float()


class SubmitAssetSchema(Schema):
    Filename = fields.Str()
    IsContent = fields.Bool()
    Content_URL = fields.Str()
    Visibility = fields.Dict(keys=fields.Str(), values=fields.Bool())


class SubmitAssetsSchema(Schema):
    Items = fields.List(fields.Nested(SubmitAssetSchema))


class SubmitItemSchema(Schema):
    StockItemID = fields.Int(metadata={"description": "may be sent as a string"})
    StockItemCode = fields.Str(allow_none=True)
    EstimateID = fields.Int(allow_none=True)
    Description = fields.Str(allow_none=True)
    Quantity = fields.Int(required=True)
    Value = fields.Nested(MoneySchema, allow_none=True)
    RequiredDate = fields.Str(allow_none=True)
    Ref1 = fields.Str(allow_none=True)
    Ref2 = fields.Str(allow_none=True)
    DeliveryAddress = fields.Nested(SubmitPartySchema, allow_none=True)
    ChiliDocumentID = fields.Str(allow_none=True)
    Metadata = fields.List(fields.Raw())
    Assets = fields.Nested(SubmitAssetsSchema, allow_none=True)


class SubmitOrderSchema(Schema):
    CompanyID = fields.Str(allow_none=True)
    UniqueSubmitOrderID = fields.Str(allow_none=True)
    InvoiceCustomer = fields.Nested(SubmitPartySchema, required=True)
    DeliveryCustomer = fields.Nested(SubmitPartySchema, allow_none=True)
    RequiredDate = fields.Str(allow_none=True)
    OrderDate = fields.Str(allow_none=True)
    Ref1 = fields.Str(allow_none=True)
    Ref2 = fields.Str(allow_none=True)
    Shipping = fields.Dict(allow_none=True)
    Items = fields.List(fields.Nested(SubmitItemSchema), required=True)


class SubmitOrdersSchema(Schema):
    Orders = fields.List(fields.Nested(SubmitOrderSchema), required=True)


class NewCustomerSchema(Schema):
    Name = fields.Str(required=True)
    ContactEmail = fields.Str()
    Code = fields.Str(metadata={"description": "generated from the name when omitted"})
    Contact = fields.Str()
    Address = fields.Nested(AddressSchema)


class OrderAssetBodySchema(Schema):
    OrderId = fields.Int(required=True, metadata={"description": "the sales order's ID"})
    Filename = fields.Str(required=True, metadata={"description": "a file name, no folder"})
    Content_Base64 = fields.Str(required=True, metadata={"description": "the file, base64"})


class JobUpdateSchema(Schema):
    JobId = fields.Int(metadata={"description": "the job's ID (or give JobNo)"})
    JobNo = fields.Str()
    Title = fields.Str()
    Ref1 = fields.Str()
    Ref2 = fields.Str()
    RequiredDateTime = fields.Str()
    QuantityOrdered = fields.Int(metadata={"description": "only before production starts"})


class JdfJobSchema(Schema):
    JobId = fields.Int(required=True)


class JdfSubmitSchema(Schema):
    Items = fields.List(fields.Nested(JdfJobSchema), required=True)


def json_body(schema: type[Schema], description: str = "") -> dict:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}
