"""Control-plane bodies and answers, for the OpenAPI document. The backend validates bodies."""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..body_schemas import ALLOWLIST_ENTRY, SEED_CUSTOMER, SEED_PRODUCT, SEED_PRODUCT_TYPE, SEED_USER
from ..fixtures import FIXTURES


class ResetBody(Schema):
    fixture = fields.Str(allow_none=True, validate=validate.OneOf(list(FIXTURES)), metadata={"description": "null: the start fixture"})
    seed = fields.Int(allow_none=True)


class SeedBody(Schema):
    fixture = fields.Str(allow_none=True, validate=validate.OneOf(list(FIXTURES)))
    seed = fields.Int()
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


def json_body(schema: type[Schema], required: bool = True) -> dict:
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema}}}}
