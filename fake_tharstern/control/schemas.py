"""Control-plane bodies and answers, for the OpenAPI document. The backend validates bodies."""
from __future__ import annotations

from typing import Any

from marshmallow import INCLUDE, fields, validate

from tharstern_kit.schema import Schema

from ..backend.controls.api_faults import HEADER_NAME
from ..api import body_rules as rule
from ..api.body_rules import NOT_WS
from ..backend.records import enums
from ..fixtures import FIXTURES
from ..body_schemas import ALLOWLIST_ENTRY, SEED_CUSTOMER, SEED_PRODUCT, SEED_PRODUCT_TYPE, SEED_USER


FIXTURE_FIELD = {"enum": [*FIXTURES, None],
                 "description": "demo, empty or large (or the fixture file the fake started with, its path as "
                                "given); null or left out: the start fixture"}


class ResetBody(Schema):
    fixture = fields.Str(allow_none=True, metadata=FIXTURE_FIELD)
    seed = fields.Int(allow_none=True, metadata={"description": "null or left out: the start seed"})


class SeedBody(Schema):
    fixture = fields.Str(allow_none=True, metadata=FIXTURE_FIELD)
    seed = fields.Int(allow_none=True)
    users = fields.List(fields.Dict(metadata=SEED_USER), allow_none=True)
    customers = fields.List(fields.Dict(metadata=SEED_CUSTOMER), allow_none=True)
    productTypes = fields.List(fields.Dict(metadata=SEED_PRODUCT_TYPE), allow_none=True)
    products = fields.List(fields.Dict(metadata=SEED_PRODUCT), allow_none=True)
    allowlist = fields.Nested("AllowlistBody", allow_none=True)


class AllowlistBody(Schema):
    ips = fields.List(fields.Str(metadata=ALLOWLIST_ENTRY))
    mode = fields.Str(validate=validate.OneOf(["drop", "hang", "forbidden"]))
    hang_s = fields.Float(validate=validate.Range(min=0, max=600))


class QuirksBody(Schema):
    estimate_failed_but_created = fields.Bool()
    bad_credentials_success = fields.Bool(metadata={"description": "on by default; off: Success=false"})
    estimate_failure_is_400 = fields.Bool()
    any_content_type = fields.Bool(metadata={"description": "read any body as JSON (default: 415 unless JSON)"})
    new_token_revokes_old = fields.Bool()
    jobs_visible_late = fields.Bool(metadata={"description": "new jobs stay out of GET jobs for 5 s of the fake's clock"})
    paging_start_index_is_page = fields.Bool()


class StubBody(Schema):
    # an answer is json or body, not both (a null counts as given); the envelope wraps json only
    OPENAPI_RULES: dict[str, Any] | None = {"allOf": [
        {"not": {"required": ["json", "body"]}},
        {"not": {"required": ["envelope", "body"],
                 "properties": {"envelope": {"type": "boolean", "enum": [True]}, "body": {"type": "string"}}}}]}
    method = fields.Str(validate=validate.Regexp(r"^(\*|[A-Za-z]{1,20})$"),
                        metadata={"description": "an HTTP method, or * (default)"})
    path = fields.Str(required=True, validate=validate.Length(min=1, max=2000),
                      metadata={"pattern": NOT_WS, "description": "not blank; a case-insensitive glob; without a leading slash it matches "
                                               "the end of the path after /api/ (invoices/*)"})
    query = fields.Dict(keys=fields.Str(), values=fields.Str(), allow_none=True,
                        metadata={"not": {"required": [""]},
                                  "description": "parameters that must be present: name (any case, not empty) to glob"})
    json_contains = fields.Raw(allow_none=True, metadata={"description": "the request body must be JSON containing this"})
    status = fields.Int(validate=validate.Range(min=200, max=599), metadata={"description": "default 200"})
    headers = fields.Dict(keys=fields.Str(validate=validate.Regexp(HEADER_NAME)),
                          values=fields.Str(validate=validate.Length(min=1, max=1000)), allow_none=True,
                          metadata={"description": "headers of the answer (templates allowed): one line of "
                                                   "ISO-8859-1 each; not Content-Length, Transfer-Encoding or "
                                                   "Connection"})
    json = fields.Raw(allow_none=True, metadata={"description": "the JSON answer (strings may be templates)"})
    body = fields.Str(allow_none=True, metadata={"description": "a text answer instead of json (a template)"})
    envelope = fields.Bool(metadata={"description": "wrap json as Details in the Tharstern envelope"})
    times = fields.Int(allow_none=True, validate=validate.Range(min=1),
                       metadata={"description": "answer this many requests (null: no limit)"})
    override = fields.Bool(metadata={"description": "answer even where a modelled route would"})


class StubAnswer(StubBody):
    OPENAPI_RULES = None  # the rules are the request's
    id = fields.Int()
    hits = fields.Int()
    remaining = fields.Int(allow_none=True)


class SnapshotBody(Schema):
    class Meta:
        unknown = "include"

    format = fields.Str(required=True, validate=validate.Equal("fake-tharstern-snapshot"))
    version = fields.Int(required=True, validate=validate.Equal(1))
    fixture = fields.Str(required=True)
    seed = fields.Int(required=True)
    clock = fields.Dict(required=True)
    data = fields.Dict(required=True)
    quirks = fields.Dict(required=True)
    allowlist = fields.Dict(required=True)
    faults = fields.Dict(required=True)
    stubs = fields.Dict(required=True)
    jobs_auto = fields.Dict(required=True)
    webhooks = fields.Dict(required=True)
    rng = fields.List(fields.Raw(), required=True)


class StateFileAnswer(Schema):
    path = fields.Str()
    revision = fields.Int(metadata={"description": "changes counted since start"})
    saved_revision = fields.Int(metadata={"description": "the change the file holds"})
    saved_at = fields.Float(allow_none=True, metadata={"description": "Unix time of the last write"})
    error = fields.Str(allow_none=True, metadata={"description": "why the last write failed, if it did"})


class LinkedCustomerIn(Schema):
    """A link to a customer code (``records/entities.make_linked_customer``): names in any letter
    case, null as absent, other fields ignored."""
    class Meta:
        unknown = INCLUDE

    CustomerCode = fields.Raw(required=True, metadata=rule.text(40, given=True))
    MinOrderQty = fields.Raw(allow_none=True, metadata=rule.whole(0))
    MaxOrderQty = fields.Raw(allow_none=True, metadata={**rule.whole(0), "description": "0: no maximum"})


class TaxIn(Schema):
    class Meta:
        unknown = INCLUDE

    Code = fields.Raw(allow_none=True, metadata=rule.text())
    Rate = fields.Raw(allow_none=True, metadata=rule.PERCENT)


class StockItemIn(Schema):
    """A new stock item in the API's field names, as ``records/entities.make_product`` reads it
    (errors keyed by field): names in any letter case, null as absent, other fields ignored."""
    class Meta:
        unknown = INCLUDE

    ID = fields.Raw(allow_none=True, metadata={**rule.whole(1), "description": "default: the next free ID"})
    Code = fields.Raw(required=True, metadata=rule.text(60, given=True))
    Description = fields.Raw(allow_none=True, metadata=rule.text())
    Type = fields.Raw(allow_none=True, metadata={**rule.enum_value(enums.STOCK_ITEM_TYPES),
                                                 "description": "a stock item type's name or number; default Finished"})
    ProductTypes_ID = fields.Raw(allow_none=True, metadata={
        **rule.whole(0), "description": "0: no product type (sold at its unit price)"})
    ProductTypeID = fields.Raw(allow_none=True, metadata={
        "description": "read as ProductTypes_ID (a whole number, at least 0) when that is null or left out"})
    UnitPrice = fields.Raw(allow_none=True, metadata=rule.number(0))
    Available = fields.Raw(allow_none=True, metadata=rule.number(0))
    Balance = fields.Raw(allow_none=True, metadata=rule.number(0))
    Weight = fields.Raw(allow_none=True, metadata=rule.number(0))
    TaxDetails = fields.Nested(TaxIn, allow_none=True)
    Visible = fields.Raw(allow_none=True, metadata=rule.FLAG)
    LinkedCustomers = fields.List(fields.Nested(LinkedCustomerIn), allow_none=True)
    # ProductTypeID is read only without ProductTypes_ID
    OPENAPI_RULES = {"anyOf": [
        {"required": ["ProductTypes_ID"], "properties": {"ProductTypes_ID": {"not": rule.NULL_ONLY}}},
        {"properties": {"ProductTypeID": {"anyOf": [*rule.whole(0)["anyOf"], rule.NULL_ONLY]}}}]}


class JournalQuery(Schema):
    method = fields.Str()
    path = fields.Str(metadata={"description": "case-insensitive glob; 'customers/create' matches the end"})
    since = fields.Int(metadata={"description": "only entries with a larger seq"})
    status = fields.Int()
    limit = fields.Int(validate=validate.Range(min=0, max=100_000))


class StateQuery(Schema):
    summary = fields.Bool()


class AnyAnswer(Schema):
    class Meta:
        unknown = "include"


class ListAnswer(Schema):
    items = fields.List(fields.Dict())
    count = fields.Int()


def json_body(schema: type[Schema] | dict[str, Any], required: bool = True) -> dict[str, Any]:
    """``@blp.doc`` arguments for a JSON request body: a marshmallow schema, or a JSON Schema
    object (``body_schemas``) the backend validates with."""
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema}}}}
