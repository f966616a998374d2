"""Query-string schemas of the faked API. ``data_key`` is the name on the wire; the attribute
name is the keyword the backend method takes."""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..backend.records.paging import MAX_PAGE


class PagingQuery(Schema):
    start_index = fields.Int(data_key="paging_startIndex", validate=validate.Range(min=0),
                             metadata={"description": "0-based row offset of the first item"})
    number = fields.Int(data_key="paging_numberOfRecords", validate=validate.Range(min=1, max=MAX_PAGE),
                        metadata={"description": f"items per page (default 50, at most {MAX_PAGE})"})


class SortedPagingQuery(PagingQuery):
    sort_column = fields.Str(data_key="sortColumn")
    sort_direction = fields.Str(data_key="sortDirection", validate=validate.OneOf(
        ["Ascending", "Descending", "ascending", "descending"]))


class TokenQuery(Schema):
    email = fields.Str()
    password = fields.Str()
    application_id = fields.Str(data_key="applicationId")


class CustomerQuery(SortedPagingQuery):
    customer_code = fields.Str(data_key="customerCode")
    keyword = fields.Str()
    ids = fields.List(fields.Int(), data_key="id")
    email = fields.Str(metadata={"description": "[fake] exact e-mail of the customer or one of its contacts"})


class ContactQuery(PagingQuery):
    customer_code = fields.Str(data_key="customerCode")


class ProductQuery(SortedPagingQuery):
    ids = fields.List(fields.Int(), data_key="id")
    product_code = fields.Str(data_key="productCode")
    keyword = fields.Str()
    customer_code = fields.Str(data_key="customerCode")
    types = fields.List(fields.Str(), metadata={"description": "stock item type names or numbers, repeatable"})
    include_generic = fields.Bool(data_key="includeGeneric")


class ProductTypeQuery(SortedPagingQuery):
    ids = fields.List(fields.Int(), data_key="id")
    name = fields.Str()


class EstimateQuery(SortedPagingQuery):
    ids = fields.List(fields.Int(), data_key="id")
    estimate_ref = fields.Str(data_key="estimateRef")
    keyword = fields.Str()
    customer_code = fields.Str(data_key="customerCode")


class OrderQuery(PagingQuery):
    order_nos = fields.List(fields.Str(), data_key="orderNos")
    ids = fields.List(fields.Int(), data_key="orderIDs")
    customer_codes = fields.List(fields.Str(), data_key="customerCode")
    statuses = fields.List(fields.Str())
    keyword = fields.Str()


class JobQuery(PagingQuery):
    job_nos = fields.List(fields.Str(), data_key="jobNo")
    ids = fields.List(fields.Int(), data_key="id")
    estimate_id = fields.Int(data_key="estimateId")
    ref1 = fields.Str()
    customer_code = fields.Str(data_key="customerCode")
