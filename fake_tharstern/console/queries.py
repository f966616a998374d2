"""The console's filters: query strings of its GET forms, validated by marshmallow schemas.

A bad value never fails the page: the page is shown without that filter and the message stands
next to the field (``errors`` maps field name -> message). Unknown parameters are ignored. The
journal and delivery filters are the control plane's own query schemas, so they accept exactly
what ``GET /_fake/journal`` and ``GET /_fake/webhooks/deliveries`` accept.
"""
from __future__ import annotations

from typing import Any, Mapping

from marshmallow import fields, validate

from tharstern_kit.pages.queries import read_query as kit_read_query
from tharstern_kit.schema import Schema

from ..backend.records import enums
from ..control.schemas import JournalQuery
from ..control.webhooks import DeliveryQuery

__all__ = ["CustomerFilter", "StockFilter", "ListFilter", "JobFilter", "JournalQuery", "DeliveryQuery", "read_query"]

MAX_TEXT = 200
def page_field() -> fields.Int:
    return fields.Int(validate=validate.Range(min=1, max=1_000_000))

TEXT: dict[str, Any] = {"validate": validate.Length(max=MAX_TEXT)}


class CustomerFilter(Schema):
    keyword = fields.Str(**TEXT)
    page = page_field()


class StockFilter(Schema):
    keyword = fields.Str(**TEXT)
    type = fields.Str(validate=validate.OneOf(list(enums.STOCK_ITEM_TYPES)))
    customer = fields.Str(**TEXT)
    visible = fields.Str(validate=validate.OneOf(["yes", "no"]))
    page = page_field()


class ListFilter(Schema):
    keyword = fields.Str(**TEXT)
    page = page_field()


class JobFilter(Schema):
    keyword = fields.Str(**TEXT)
    status = fields.Str(validate=validate.OneOf(list(enums.JOB_STATUSES)))
    page = page_field()


def read_query(schema: Schema, args: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The page kit's ``read_query``, values kept as typed (a keyword's spaces count)."""
    return kit_read_query(schema, args, trim=False)
