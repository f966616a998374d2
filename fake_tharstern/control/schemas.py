"""Control-plane bodies and answers, for the OpenAPI document. The backend validates bodies."""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema


class ResetBody(Schema):
    fixture = fields.Str(validate=validate.OneOf(["demo", "empty", "large"]))
    seed = fields.Int()


class SeedBody(Schema):
    fixture = fields.Str(validate=validate.OneOf(["demo", "empty", "large"]))
    seed = fields.Int()
    users = fields.List(fields.Dict())
    customers = fields.List(fields.Dict())
    productTypes = fields.List(fields.Dict())
    products = fields.List(fields.Dict())
    allowlist = fields.Dict()


class AllowlistBody(Schema):
    ips = fields.List(fields.Str())
    mode = fields.Str(validate=validate.OneOf(["drop", "hang", "forbidden"]))
    hang_s = fields.Float()


class QuirksBody(Schema):
    estimate_failed_but_created = fields.Bool()
    bad_credentials_success = fields.Bool(metadata={"description": "on by default; off: Success=false"})
    estimate_failure_is_400 = fields.Bool()
    any_content_type = fields.Bool(metadata={"description": "read any body as JSON (default: 415 unless JSON)"})
    new_token_revokes_old = fields.Bool()
    jobs_visible_late = fields.Bool(metadata={"description": "new jobs stay out of GET jobs for 5 s of the fake's clock"})
    paging_start_index_is_page = fields.Bool()


class FaultBody(Schema):
    kind = fields.Str(required=True, validate=validate.OneOf(["error", "latency", "drop", "malformed", "html"]))
    method = fields.Str()
    path = fields.Str()
    status = fields.Int()
    delay_ms = fields.Int()
    times = fields.Int(allow_none=True)
    probability = fields.Float()
    seed = fields.Int(allow_none=True)
    message = fields.Str()
    when = fields.Str(validate=validate.OneOf(["before", "after"]), metadata={
        "description": "drop only: before (default) the fake handles the request — nothing happens, as a firewall "
                       "that drops — or after: the request takes effect and only the answer is lost"})


class ClockBody(Schema):
    advance_s = fields.Float(required=True)


class ProductEdit(Schema):
    UnitPrice = fields.Float()
    Available = fields.Float()
    Balance = fields.Float()
    Visible = fields.Bool()


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
