"""The admin pages' query strings (search boxes, the product-type diagnosis), validated by
marshmallow schemas.

A bad value never fails the page: the page is shown without it and the message stands next to
the field (the page kit's ``read_query``). The limits are
the REST API's own (``OptionsQuery``, ``DiagnoseQuery``, ``PopupQuery``), so a search typed here
is one the API accepts.
"""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..models.orders import ORDER_STATES
from ..models.webhooks import OUTCOMES

MAX_SEARCH = 100


class SearchFilter(Schema):
    """``q``: part of a code, a name, a description or an e-mail."""
    q = fields.Str(validate=validate.Length(max=MAX_SEARCH))


class DiagnoseFilter(SearchFilter):
    product_type_id = fields.Int(validate=validate.Range(min=1, max=2**31 - 1))  # as DiagnoseQuery


class OrdersFilter(Schema):
    """The orders list: one state (the REST route's ``state``)."""
    state = fields.Str(validate=validate.OneOf(ORDER_STATES, error="Not one of the order states."))


class EventsFilter(Schema):
    """The webhook events list: one outcome (the REST route's ``outcome``)."""
    outcome = fields.Str(validate=validate.OneOf(OUTCOMES, error="Not one of the outcomes."))


class ImportFilter(SearchFilter):
    """The Pressero import page: the site whose imported SKUs are crossed out, the page of
    Tharstern products, and the conversion helper's External User ID and product."""
    site = fields.Str(validate=validate.Length(max=253))
    page = fields.Int(validate=validate.Range(min=1, max=100_000))
    convert_user = fields.Str(validate=validate.Regexp(r"^[A-Za-z0-9]{1,40}$",
                                                       error="Letters and digits (Aleyant gives it)."))
    convert_item = fields.Int(validate=validate.Range(min=1, max=2**31 - 1))
