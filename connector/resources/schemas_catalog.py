"""Schemas of the storefront catalog, Connect Links, attribute mapping and the Connect Link list."""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from tharstern_kit.schema import Schema

from ..domain.node_paths import PATTERN as NODE_PATTERN
from ..domain.node_paths import NodePathError, parse_node_path
from .fields import Id, IdList, StrictBool, Text

MAX_CODE_CHARS = 20_000


def check_node(value: str) -> None:
    try:
        parse_node_path(value)
    except NodePathError as error:
        raise ValidationError(str(error)) from None


class NodeValue(fields.Raw):
    """What an attribute value puts at its node: a string, a number or true/false."""

    def _deserialize(self, value: Any, attr, data, **kwargs) -> Any:
        if value is None or isinstance(value, (dict, list)):
            raise ValidationError("Must be a string, a number or true/false.")
        if isinstance(value, float) and value != value:
            raise ValidationError("Must be a finite number.")
        if isinstance(value, str) and len(value) > 500:
            raise ValidationError("At most 500 characters.")
        return value

    def openapi_rules(self, ret: dict[str, Any]) -> dict[str, Any]:
        kinds = [{"type": "string", "maxLength": 500}, {"type": "number"}, {"type": "boolean"}]
        return {"anyOf": kinds + ([{"type": "object", "nullable": True, "enum": [None]}] if self.allow_none else [])}


# -- storefront catalog -------------------------------------------------------------------------
class ProductIn(Schema):
    name = Text(required=True)
    sku = Text(max_length=100, load_default=None, allow_none=True)
    description = Text(max_length=2000, load_default=None, allow_none=True, blank_ok=True)


class VariantIn(Schema):
    name = Text(required=True)
    sku = Text(max_length=100, load_default=None, allow_none=True)


class AttributeValueIn(Schema):
    OPENAPI_RULES = {"anyOf": [  # node and value together, or neither
        {"required": ["node", "value"], "properties": {"node": {"type": "string"}, "value": {"not": {"enum": [None]}}}},
        {"properties": {"node": {"enum": [None]}, "value": {"enum": [None]}}}]}
    name = Text(required=True)
    node = Text(max_length=300, validate=[check_node], load_default=None, allow_none=True,
                metadata={"description": "estimate request node, e.g. Parts[0].PaperCode", "pattern": NODE_PATTERN})
    value = NodeValue(load_default=None, allow_none=True)

    @validates_schema
    def _pair(self, data: dict, **_kwargs) -> None:
        if (data.get("node") is None) != (data.get("value") is None):
            raise ValidationError("give node and value together, or neither", "node")


class AttributeIn(Schema):
    name = Text(required=True)
    values = fields.List(fields.Nested(AttributeValueIn), required=True, validate=validate.Length(min=1, max=100))


class AttributeValueOut(Schema):
    id = fields.Integer()
    name = fields.String()
    node = fields.String(allow_none=True)
    value = fields.Raw(allow_none=True)


class AttributeOut(Schema):
    id = fields.Integer()
    name = fields.String()
    values = fields.List(fields.Nested(AttributeValueOut))


class OptionOut(Schema):
    id = fields.Integer()
    name = fields.String()
    is_required = fields.Boolean()
    is_default = fields.Boolean()
    selected = fields.Boolean()


class LinkOut(Schema):
    variant_id = fields.Integer()
    linked = fields.Boolean()
    stock_item_id = fields.Integer(allow_none=True)
    stock_item_code = fields.String(allow_none=True)
    stock_item_description = fields.String(allow_none=True)
    stock_item_type = fields.String(allow_none=True)
    product_type_id = fields.Integer(allow_none=True)
    product_type_name = fields.String(allow_none=True)
    use_estimate_pricing = fields.Boolean(allow_none=True)
    pricing = fields.String(allow_none=True, metadata={"description": "estimate | price_list"})
    parts = fields.List(fields.Nested(OptionOut))
    processes = fields.List(fields.Nested(OptionOut))
    selected_part_ids = fields.List(fields.Integer())
    selected_process_ids = fields.List(fields.Integer())
    estimate_template = fields.Dict(allow_none=True)
    sample_request = fields.Dict(allow_none=True)
    template_source = fields.String(allow_none=True, metadata={"description": "selection | manual | mapping_code"})
    manual_edit = fields.Boolean()
    mapping_code = fields.String(allow_none=True)
    linked_at = fields.String(allow_none=True)
    warnings = fields.List(fields.String())


class VariantOut(Schema):
    id = fields.Integer()
    product_id = fields.Integer()
    name = fields.String()
    sku = fields.String(allow_none=True)
    link = fields.Nested(LinkOut)


class ProductOut(Schema):
    id = fields.Integer()
    name = fields.String()
    sku = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    variants = fields.List(fields.Nested(VariantOut))
    attributes = fields.List(fields.Nested(AttributeOut))


class ProductSummary(Schema):
    id = fields.Integer()
    name = fields.String()
    sku = fields.String(allow_none=True)
    variant_ids = fields.List(fields.Integer())


# -- Connect Links ------------------------------------------------------------------------------
class LinkIn(Schema):
    stock_item_id = Id(required=True, metadata={"description": "a stock item of the Connect Link list"})
    use_estimate_pricing = StrictBool(load_default=True)


class SelectionIn(Schema):
    part_ids = IdList(required=True)
    process_ids = IdList(required=True)


class TemplateIn(Schema):
    """Exactly one: ``template`` (the estimate request JSON, edited by hand) or ``mapping_code``
    (a Jinja2 template whose output is that JSON)."""
    OPENAPI_RULES = {"oneOf": [{"required": ["template"]}, {"required": ["mapping_code"]}]}
    template = fields.Dict(keys=fields.String())
    mapping_code = fields.String(validate=validate.Length(min=1, max=MAX_CODE_CHARS))

    @validates_schema
    def _one(self, data: dict, **_kwargs) -> None:
        if ("template" in data) == ("mapping_code" in data):
            raise ValidationError("give exactly one of template and mapping_code", "template")


class AttributeValueLinkIn(Schema):
    node = Text(required=True, max_length=300, validate=[check_node], metadata={"pattern": NODE_PATTERN})
    value = NodeValue(required=True)


class AttributeValueLinkOut(AttributeValueOut):
    attribute_id = fields.Integer()
    attribute_name = fields.String()
    warnings = fields.List(fields.String())


class OptionsQuery(Schema):
    q = Text(max_length=100, blank_ok=True, metadata={"description": "part of the code, description or product type"})


class ConnectLinkOption(Schema):
    stock_item_id = fields.Integer()
    code = fields.String()
    description = fields.String()
    type = fields.String()
    product_type_id = fields.Integer()
    product_type_name = fields.String(allow_none=True)
    work_type = fields.String(allow_none=True)
    unit_price = fields.Float(allow_none=True)
    available = fields.Float(allow_none=True, metadata={"description": "stock Tharstern reports as available"})
    pricing = fields.String(metadata={"description": "estimate (product type > 0) | price_list"})


class DiagnoseQuery(Schema):
    product_type_id = fields.Integer(required=True, validate=validate.Range(min=1, max=2**31 - 1))


class DiagnosisOut(Schema):
    visible = fields.Boolean()
    reason = fields.String(metadata={"description": "listed | filtered_out_by_type | not_linked_to_storefront_code | "
                                                    "no_stock_item | product_type_not_found | tharstern_unreachable"})
    escalate_to = fields.String(metadata={"description": "tharstern | connector"})
    message = fields.String()
    details = fields.Dict()
