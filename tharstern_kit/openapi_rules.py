"""Rules both servers' OpenAPI documents share, so a document says what validation does:

* ``SchemaRules``: an apispec plugin that merges a marshmallow schema class's ``OPENAPI_RULES``
  (JSON Schema keywords: an ``anyOf`` of the field combinations a rule beyond single fields
  accepts, say) into its component;
* ``exact_nullable_nested``: a nested object that may be ``null`` is that object or ``null``.
"""
from __future__ import annotations

from typing import Any

from apispec import BasePlugin
from marshmallow import fields


class SchemaRules(BasePlugin):
    """Merges a schema class's ``OPENAPI_RULES`` into its component."""

    def schema_helper(self, name: str, definition: dict[str, Any], **kwargs: Any) -> dict[str, Any] | None:
        schema = kwargs.get("schema")
        rules = getattr(schema, "OPENAPI_RULES", None)
        return dict(definition, **rules) if rules else None


NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}  # OpenAPI 3.0's way to say "only null"


def exact_nullable_nested(self: Any, field: Any, ret: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """An apispec attribute function: a nested object that may be ``null`` is documented as that
    object or ``null`` (apispec writes "any object or null", which says every object is taken)."""
    if isinstance(field, fields.Nested) and field.allow_none and isinstance(ret.get("anyOf"), list):
        return {"anyOf": [branch if "$ref" in branch else NULL_ONLY for branch in ret["anyOf"]]}
    return {}
