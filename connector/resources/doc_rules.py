"""The OpenAPI document says exactly what validation does: what marshmallow's validators say on
their own (lengths, ranges, choices, patterns) apispec writes already; what the connector's own
fields and schema-level rules check is added here.

- a field may define ``openapi_rules(ret)`` returning JSON Schema keywords to merge into its
  property (``Text``: not blank; ``NodeValue``: a string, a number or true/false);
- a string holds no NUL (``not`` NUL_TEXT: the request guard refuses it, docs/security.md);
- a ``Range`` that leaves out its ends says so (``exclusiveMinimum``/``exclusiveMaximum``);
- a nested object that may be ``null`` is documented as that object or ``null`` (apispec writes
  "any object or null", which says every object is accepted);
- a schema may define ``OPENAPI_RULES``: keywords merged into its component (``anyOf`` of the
  combinations a ``validates_schema`` rule accepts).
"""
from __future__ import annotations

from typing import Any

from apispec import BasePlugin
from marshmallow import fields, validate

NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}  # OpenAPI 3.0's way to say "only null"
# text holding NUL, which the request guard refuses (PostgreSQL's text cannot store it)
NUL_TEXT = {"type": "string", "pattern": r"\x00"}


def field_rules(self, field: fields.Field, ret: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if hasattr(field, "openapi_rules"):
        extra.update(field.openapi_rules(ret))
    if isinstance(field, fields.String):
        extra["not"] = NUL_TEXT
    for rule in field.validators:
        if isinstance(rule, validate.Range) and rule.min is not None and not rule.min_inclusive:
            extra["exclusiveMinimum"] = True
        if isinstance(rule, validate.Range) and rule.max is not None and not rule.max_inclusive:
            extra["exclusiveMaximum"] = True
    if isinstance(field, fields.Nested) and field.allow_none and isinstance(ret.get("anyOf"), list):
        extra["anyOf"] = [branch if "$ref" in branch else NULL_ONLY for branch in ret["anyOf"]]
    return extra


class SchemaRules(BasePlugin):
    """Merges a schema class's ``OPENAPI_RULES`` into its component."""

    def schema_helper(self, name: str, definition: dict, **kwargs: Any) -> dict | None:
        schema = kwargs.get("schema")
        rules = getattr(schema, "OPENAPI_RULES", None)
        return dict(definition, **rules) if rules else None


def install(api) -> None:
    api.ma_plugin.converter.add_attribute_function(field_rules)
