"""The admin pages' query strings (search boxes, the product-type diagnosis), validated by
marshmallow schemas.

A bad value never fails the page: the page is shown without it and the message stands next to
the field (``errors`` maps field name -> message). Unknown parameters are ignored. The limits are
the REST API's own (``OptionsQuery``, ``DiagnoseQuery``, ``PopupQuery``), so a search typed here
is one the API accepts.
"""
from __future__ import annotations

from typing import Any, Mapping

from marshmallow import fields, validate

from ..resources.schema import Schema

from ..models.orders import ORDER_STATES
from ..models.webhooks import OUTCOMES

MAX_SEARCH = 100


class SearchFilter(Schema):
    """``q``: part of a code, a name, a description or an e-mail."""
    q = fields.Str(validate=validate.Length(max=MAX_SEARCH))


class DiagnoseFilter(SearchFilter):
    product_type_id = fields.Int(validate=validate.Range(min=1, max=2**31 - 1))  # as DiagnoseQuery


def read_query(schema: Schema, args: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The valid values and a message per bad one. Empty values count as not given."""
    given = {k: v.strip() for k, v in args.items() if k in schema.fields and v.strip() != ""}
    problems = schema.validate(given)
    errors = {name: " ".join(_messages(problems[name])) for name in problems}
    values = schema.load({k: v for k, v in given.items() if k not in problems})
    return values, errors


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list):
        return [str(m) for m in value]
    return [str(value)]


class OrdersFilter(Schema):
    """The orders list: one state (the REST route's ``state``)."""
    state = fields.Str(validate=validate.OneOf(ORDER_STATES, error="Not one of the order states."))


class EventsFilter(Schema):
    """The webhook events list: one outcome (the REST route's ``outcome``)."""
    outcome = fields.Str(validate=validate.OneOf(OUTCOMES, error="Not one of the outcomes."))
