"""Schemas of departments, customers, their Connect Links and customer-code answers."""
from __future__ import annotations

from marshmallow import fields, validate

from tharstern_kit.schema import Schema

from ..models.customers import LINK_SOURCES
from .fields import Id, StrictBool, Text

CODE_CHARS = 40


class DepartmentIn(Schema):
    name = Text(required=True)
    code = Text(max_length=CODE_CHARS, load_default=None, allow_none=True,
                metadata={"description": "the Tharstern customer code (Connect Link ExternalId)"})


class DepartmentLinkIn(Schema):
    code = Text(required=True, allow_none=True, max_length=CODE_CHARS, metadata={"description": "null removes it"})
    verify = StrictBool(load_default=True, metadata={"description": "refuse a code Tharstern does not have"})


class DepartmentOut(Schema):
    id = fields.Integer()
    name = fields.String()
    code = fields.String(allow_none=True)
    customer_ids = fields.List(fields.Integer())


class CustomerIn(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = Text(load_default=None, allow_none=True, metadata={"description": "defaults to the e-mail's local part"})
    department_id = Id(load_default=None, allow_none=True)
    connect_id = Text(load_default=None, allow_none=True, max_length=CODE_CHARS,
                      metadata={"description": "a Tharstern customer code set by hand (checked in Tharstern unless "
                                               "verify is false)"})
    verify = StrictBool(load_default=True, metadata={"description": "refuse a connect_id Tharstern does not have"})


class CustomerPatch(Schema):
    email = fields.Email(validate=validate.Length(max=254))
    name = Text()
    department_id = Id(allow_none=True)
    connect_id = Text(allow_none=True, max_length=CODE_CHARS, metadata={
        "description": "link to a Tharstern customer code (checked unless verify is false); null unlinks"})
    verify = StrictBool(load_default=True, metadata={"description": "refuse a connect_id Tharstern does not have"})


class AmbiguousCandidateOut(Schema):
    code = fields.String()
    name = fields.String()
    id = fields.Integer()
    matched_on = fields.String(metadata={"description": "ContactEmail | contact"})


class AmbiguityOut(Schema):
    email = fields.String()
    chosen = fields.String(metadata={"description": "the code automatic linking chose"})
    rule = fields.String(metadata={"description": "how it chose (the same data always gives the same choice)"})
    candidates = fields.List(fields.Nested(AmbiguousCandidateOut), metadata={"description": "the chosen one first"})


class CodeAnswer(Schema):
    code = fields.String(allow_none=True)
    rule = fields.String(metadata={"description": "customer_link | department | auto_linked | auto_created | "
                                                  "storefront_default"})
    explanation = fields.String()
    ambiguity = fields.Nested(AmbiguityOut, allow_none=True, metadata={
        "description": "only when automatic linking chose among several Tharstern customers with the e-mail: "
                       "all of them and the rule"})


class CustomerOut(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    department_id = fields.Integer(allow_none=True)
    department_name = fields.String(allow_none=True)
    connect_id = fields.String(allow_none=True)
    link_source = fields.String(allow_none=True, metadata={"description": "manual | auto_linked | auto_created"})
    linked_at = fields.String(allow_none=True)
    customer_code = fields.Nested(CodeAnswer)


class CustomerLinkIn(Schema):
    connect_id = Text(required=True, allow_none=True, max_length=CODE_CHARS, metadata={"description": "null unlinks"})
    verify = StrictBool(load_default=True, metadata={"description": "refuse a code Tharstern does not have"})


class PopupQuery(Schema):
    q = Text(max_length=100, blank_ok=True, metadata={"description": "filters candidates by code, name or e-mail"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class TharsternCustomerOut(Schema):
    code = fields.String()
    name = fields.String()
    email = fields.String(allow_none=True)
    emails = fields.List(fields.String())


class CandidateOut(TharsternCustomerOut):
    matches_email = fields.Boolean()


class PopupOut(Schema):
    customer_id = fields.Integer()
    email = fields.String()
    connect_id = fields.String(allow_none=True)
    link_source = fields.String(allow_none=True, metadata={"enum": [*LINK_SOURCES, None]})
    link_status = fields.String(metadata={"description": "none | found | not_in_cached_list | not_found"})
    message = fields.String()
    linked_customer = fields.Nested(TharsternCustomerOut, allow_none=True)
    customer_code = fields.Nested(CodeAnswer)
    ambiguity = fields.Nested(AmbiguityOut, allow_none=True, metadata={
        "description": "several Tharstern customers have the e-mail: the one automatic linking chose (or, not linked "
                       "yet, would choose), every candidate and the rule"})
    candidates = fields.List(fields.Nested(CandidateOut))
    candidates_total = fields.Integer()
    candidates_cached_at = fields.String()
    candidates_from_cache = fields.Boolean()
