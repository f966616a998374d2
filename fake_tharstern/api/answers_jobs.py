"""Answer schemas for jobs: ``GET jobs``, ``POST job/update`` and ``POST jdf/submitjobs``. The job
follows the client model (C-TAPI ``Job``): ``RequiredDateTime``, ``QuantityOrdered``,
``InvoiceCustomer``, ``OutOnProof`` (a boolean); fields marked [fake] are the fake's own."""
from __future__ import annotations

from marshmallow import fields
from tharstern_kit.schema import Schema

from .answers import EnumValueSchema, EstimateCustomerSchema


class DeliverySchema(Schema):
    DeliveryNoteID = fields.Int()
    TrackingNumber = fields.Str()
    Courier = fields.Str()
    DespatchedDate = fields.Str()


class StatusChangeSchema(Schema):
    Status = fields.Nested(EnumValueSchema)
    ChangedDateTime = fields.Str()
    Source = fields.Str(metadata={"description": "order, control (a user's change) or auto (a progression plan)"})
    TrackingNumber = fields.Str()
    Courier = fields.Str()


class JobSchema(Schema):
    ID = fields.Int()
    JobNo = fields.Str()
    Title = fields.Str()
    CreatedDateTime = fields.Str()
    UpdatedDateTime = fields.Str()
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
    InvoiceCustomer = fields.Nested(EstimateCustomerSchema)
    QuantityOrdered = fields.Int()
    QuantityDelivered = fields.Int()
    SalesOrderNo = fields.Str()
    SalesOrderLineId = fields.Int()
    Status = fields.Nested(EnumValueSchema)
    FinishedProductionDate = fields.Str(allow_none=True)
    CompletedDate = fields.Str(allow_none=True)
    CancelledDate = fields.Str(allow_none=True)
    RequiredDateTime = fields.Str()
    OutOnProof = fields.Bool()
    EstimateId = fields.Int()
    EstimateRef = fields.Str()
    SalesOrderId = fields.Int(metadata={"description": "[fake]"})
    StockItemCode = fields.Str(metadata={"description": "[fake]"})
    Description = fields.Str(metadata={"description": "[fake]"})
    Deliveries = fields.List(fields.Nested(DeliverySchema), metadata={"description": "[fake] one entry per despatch"})
    StatusHistory = fields.List(fields.Nested(StatusChangeSchema),
                                metadata={"description": "[fake] every status the job has had, oldest first"})
    JdfSubmittedDateTime = fields.Str(metadata={"description": "[fake] when jdf/submitjobs last sent the job"})


class UpdatedJobSchema(Schema):
    UpdatedJob = fields.Nested(JobSchema, allow_none=True)


class JdfItemResultSchema(Schema):
    JobId = fields.Int()
    JobNo = fields.Str()
    Submitted = fields.Bool()
    Message = fields.Str()


class JdfSubmitResultSchema(Schema):
    Items = fields.List(fields.Nested(JdfItemResultSchema))
