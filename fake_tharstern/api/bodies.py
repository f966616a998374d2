"""Request bodies of the faked API, for the OpenAPI document. The backend reads bodies itself,
more leniently than these say: any letter case in names, numbers as strings, nulls for optional
fields, as the real .NET API does."""
from __future__ import annotations

from marshmallow import INCLUDE, fields, validate

from tharstern_kit.schema import Schema as StrictSchema

from .body_rules import OPTIONAL_DATE, number, text


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


class CodeRefSchema(Schema):
    Code = Text()


class DimensionBodySchema(Schema):
    Code = fields.Raw(metadata=text(40))
    Width = fields.Raw(metadata=number(minimum=0))
    Depth = fields.Raw(metadata=number(minimum=0))


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
    RequiredDateTime = fields.Raw(metadata=OPTIONAL_DATE)
    IgnoreShipping = fields.Bool()
    CustomerUpliftPercentage = fields.Float(validate=validate.Range(min=-90, max=500))
    Parts = fields.List(fields.Nested(EstimateRequestPartSchema))
    Processes = fields.List(fields.Nested(EstimateRequestProcessSchema))
    Ref1 = Text()
    Ref2 = Text()


class JdfJobSchema(Schema):
    JobId = fields.Int(required=True, validate=validate.Range(min=1))


class JdfSubmitSchema(Schema):
    Items = fields.List(fields.Nested(JdfJobSchema), required=True, validate=validate.Length(min=1))


def json_body(schema: type[Schema] | dict, description: str = "") -> dict:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}
