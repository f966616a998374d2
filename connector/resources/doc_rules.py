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
  combinations a ``validates_schema`` rule accepts; ``tharstern_kit/openapi_rules.py``).
"""
from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from tharstern_kit.openapi_rules import exact_nullable_nested

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
    extra.update(exact_nullable_nested(self, field, ret))
    return extra


def install(api) -> None:
    api.ma_plugin.converter.add_attribute_function(field_rules)
