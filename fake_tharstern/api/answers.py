"""Schemas of the faked API's answers and bodies. They document the API (OpenAPI) and let
Schemathesis check every answer; the views serialise plain dicts themselves, for speed."""
from __future__ import annotations

from marshmallow import fields

from tharstern_kit.schema import Schema


class EnumValueSchema(Schema):
    Value = fields.Int()
    Name = fields.Str()


class TokenStateSchema(Schema):
    Status = fields.Nested(EnumValueSchema)
    ExpiresDateTime = fields.Str(allow_none=True)
    UserId = fields.Int()


class ApiStatusSchema(Schema):
    APIVersion = fields.Str()
    Success = fields.Bool()
    Token = fields.Nested(TokenStateSchema)
    Reasons = fields.List(fields.Str())
    Exceptions = fields.List(fields.Str())


class ModelStateAnswer(Schema):
    Message = fields.Str()
    ModelState = fields.Dict(keys=fields.Str(), values=fields.List(fields.Str()))


class MessageAnswer(Schema):
    Message = fields.Str()
    ExceptionMessage = fields.Str()
    ExceptionType = fields.Str()
    StackTrace = fields.Str(allow_none=True)


class AddressSchema(Schema):
    AddressLines = fields.List(fields.Str())
    City = fields.Str()
    Region = fields.Str()
    Country = fields.Str()
    Postcode = fields.Str()
    Telephone = fields.Str()


class ContactSchema(Schema):
    ID = fields.Int()
    CustomerCode = fields.Str()
    Name = fields.Str()
    Email = fields.Str()
    Telephone = fields.Str()
    Mobile = fields.Str()


class CustomerSchema(Schema):
    ID = fields.Int()
    Code = fields.Str()
    Name = fields.Str()
    Address = fields.Nested(AddressSchema)
    Contact = fields.Str()
    ContactEmail = fields.Str()
    Contacts = fields.List(fields.Nested(ContactSchema))
    UpliftPercentage = fields.Float(metadata={"description": "[fake] price uplift (negative: discount)"})
    Deleted = fields.Bool()


class TaxDetailsSchema(Schema):
    Code = fields.Str()
    Rate = fields.Float()


class LinkedCustomerSchema(Schema):
    CustomerCode = fields.Str()
    MinOrderQty = fields.Int()
    MaxOrderQty = fields.Int()


class StockItemSchema(Schema):
    ID = fields.Int()
    Code = fields.Str()
    Description = fields.Str()
    Type = fields.Nested(EnumValueSchema)
    ProductTypes_ID = fields.Int()
    ProductTypes_Name = fields.Str()
    ProductTypeID = fields.Int()
    UnitPrice = fields.Float()
    TaxDetails = fields.Nested(TaxDetailsSchema)
    Available = fields.Float()
    Balance = fields.Float()
    Weight = fields.Float()
    LinkedCustomers = fields.List(fields.Nested(LinkedCustomerSchema))


class ProcessSchema(Schema):
    ProcessTypeId = fields.Int()
    IsDefault = fields.Bool()
    IsRequired = fields.Bool()
    Name = fields.Str()
    SetupPrice = fields.Float()
    UnitPrice = fields.Float()


class PartSchema(Schema):
    ID = fields.Int()
    Name = fields.Str()
    IsDefault = fields.Bool()
    IsRequired = fields.Bool()
    DefaultPages = fields.Int()
    DefaultStockItemCode = fields.Str()
    UpsPerSheet = fields.Int()
    Processes = fields.List(fields.Nested(ProcessSchema))


class QuantityBreakSchema(Schema):
    MinQuantity = fields.Int()
    UnitPrice = fields.Float()


class PricingSchema(Schema):
    SetupPrice = fields.Float()
    QuantityBreaks = fields.List(fields.Nested(QuantityBreakSchema))
    ShippingBase = fields.Float()
    ShippingPerUnit = fields.Float()


class ProductTypeSchema(Schema):
    ID = fields.Int()
    Name = fields.Str()
    Description = fields.Str()
    WorkType = fields.Nested(EnumValueSchema)
    DefaultPageSize = fields.Str(metadata={"description": "a page size code, e.g. A4 (a string in the client model)"})
    MinimumQuantity = fields.Int()
    MaximumQuantity = fields.Int()
    QuantityIncrement = fields.Int()
    Processes = fields.List(fields.Nested(ProcessSchema))
    Parts = fields.List(fields.Nested(PartSchema))
    Pricing = fields.Nested(PricingSchema, metadata={"description": "[fake] what drives the fake's prices"})


class CurrencySchema(Schema):
    Abbreviation = fields.Str()
    Symbol = fields.Str()


class EstimateCustomerSchema(Schema):
    Code = fields.Str()
    Name = fields.Str()


class DimensionSchema(Schema):
    Code = fields.Str()
    Width = fields.Float()
    Depth = fields.Float()


class EstimatePartSchema(Schema):
    ProductTypePartID = fields.Int()
    Name = fields.Str()
    Pages = fields.Int()
    PaperCode = fields.Str()
    FinishedSize = fields.Nested(DimensionSchema)


class EstimateProcessSchema(Schema):
    ProcessTypeId = fields.Int()
    Name = fields.Str()


class EstimateSchema(Schema):
    ID = fields.Int()
    EstimateRef = fields.Str()
    CreatedDateTime = fields.Str()
    RequiredDate = fields.Str()
    Quantity = fields.Int()
    PriceExclShipping = fields.Float()
    Price = fields.Float()
    Currency = fields.Nested(CurrencySchema)
    Ordered = fields.Nested(EnumValueSchema, metadata={"description": "NotOrdered (0) or Ordered (1)"})
    JobCreated = fields.Str(metadata={"description": "the JobNo of the job made from the estimate; empty before"})
    LastModifiedDate = fields.Str()
    Title = fields.Str()
    IsRevision = fields.Bool()
    RevisedFromEstimateId = fields.Int(metadata={"description": "the estimate this one was made from (0: none)"})
    Customer = fields.Nested(EstimateCustomerSchema)
    Ref1 = fields.Str()
    Ref2 = fields.Str()
    Ref3 = fields.Str()
    Ref4 = fields.Str()
    Ref5 = fields.Str()
    Ref6 = fields.Str()
    Ref7 = fields.Str()
    Ref8 = fields.Str()
    Ref9 = fields.Str()
    Ref10 = fields.Str()
    ProductTypeId = fields.Int()
    Processes = fields.List(fields.Nested(EstimateProcessSchema))
    Parts = fields.List(fields.Nested(EstimatePartSchema))
    PriceBreakdown = fields.Dict(keys=fields.Str(), values=fields.Float(),
                                 metadata={"description": "[fake] how the fake's price was made"})
    IgnoreShipping = fields.Bool(metadata={"description": "[fake] the request's IgnoreShipping, kept for new quantities"})
    CustomerUpliftPercentage = fields.Float(metadata={"description": "[fake] the request's uplift, kept for new quantities"})


class EstimateOutcomeSchema(Schema):
    Success = fields.Bool()
    Problems = fields.List(fields.Str())


class EstimateResultSchema(Schema):
    Estimate = fields.Nested(EstimateSchema, allow_none=True)
    Result = fields.Nested(EstimateOutcomeSchema)


class SubmittedOrderSchema(Schema):
    ID = fields.Int()
    OrderNo = fields.Str()
    UniqueSubmitOrderID = fields.Str()
    StatusDetails = fields.Str()


class SubmitResultSchema(Schema):
    Orders = fields.List(fields.Nested(SubmittedOrderSchema))


class PartySchema(Schema):
    Code = fields.Str()
    Name = fields.Str()
    Address = fields.Nested(AddressSchema)
    Contact = fields.Str()
    ContactEmail = fields.Str()


class OrderItemSchema(Schema):
    LineID = fields.Int()
    StockItemID = fields.Int()
    StockItemCode = fields.Str()
    EstimateID = fields.Int()
    Description = fields.Str()
    Quantity = fields.Int()
    Value = fields.Dict(allow_none=True)
    RequiredDate = fields.Str(allow_none=True)
    Ref1 = fields.Str()
    Ref2 = fields.Str()
    DeliveryAddress = fields.Nested(PartySchema, allow_none=True)
    ChiliDocumentID = fields.Str()
    Metadata = fields.List(fields.Raw())
    Assets = fields.Dict()
    JobNo = fields.Str()


class OrderAssetEntrySchema(Schema):
    ID = fields.Int()
    Filename = fields.Str()
    ContentType = fields.Str()
    Size = fields.Int()
    SHA256 = fields.Str()
    UploadedDateTime = fields.Str()


class OrderAssetSchema(OrderAssetEntrySchema):
    OrderId = fields.Int()
    OrderNo = fields.Str()


class SalesOrderSchema(Schema):
    ID = fields.Int()
    OrderNo = fields.Str()
    UniqueSubmitOrderID = fields.Str()
    CompanyID = fields.Str()
    Status = fields.Nested(EnumValueSchema)
    InvoiceCustomer = fields.Nested(PartySchema)
    DeliveryCustomer = fields.Nested(PartySchema, allow_none=True)
    OrderDate = fields.Str()
    RequiredDate = fields.Str(allow_none=True)
    Ref1 = fields.Str()
    Ref2 = fields.Str()
    Shipping = fields.Dict(allow_none=True)
    Items = fields.List(fields.Nested(OrderItemSchema))
    CreatedDateTime = fields.Str()
    Assets = fields.List(fields.Nested(OrderAssetEntrySchema),
                         metadata={"description": "[fake shape] files sent with orders/submitorderasset"})


class TokenDetailsSchema(Schema):
    Token = fields.Str()
    ExpiresDateTime = fields.Str(allow_none=True)


def enveloped(details: type[Schema] | fields.Field | None, name: str, *, many: bool = False,
              nullable: bool = False) -> type[Schema]:
    """An answer schema ``{Status, Enums, Details}``; lists get ``{Items, TotalItemCount}``;
    ``details`` may also be a field, or None for any Details."""
    attrs: dict = {"Status": fields.Nested(ApiStatusSchema), "Enums": fields.List(fields.Raw())}
    if isinstance(details, fields.Field):
        attrs["Details"] = details
    elif many and details is not None:
        listing = type(f"{name}List", (Schema,), {
            "Items": fields.List(fields.Nested(details)), "TotalItemCount": fields.Int()})
        attrs["Details"] = fields.Nested(listing)
    elif details is None:
        attrs["Details"] = fields.Raw(allow_none=True)
    else:
        attrs["Details"] = fields.Nested(details, allow_none=nullable)
    return type(f"{name}Answer", (Schema,), attrs)


BareAnswer = enveloped(None, "Bare")
