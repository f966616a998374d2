"""Schemathesis over the fake's document — the faked API and the control plane — with every
check, positive and negative data included: a schema-valid request must be accepted, a
schema-violating one refused, no server error, every 405 with Allow. So the document says what the
validation does. Kept small for CI (a few cases per operation and mode); the full run with the
CLI is in docs/security.md.

``KNOWN_GAPS``: rules the document cannot state in OpenAPI 3.0 (they depend on the fake's state
or tie two fields together); those operations run every other check.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
)
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, issue_token
from tests.fixtures.openapi_fuzz import operation_labels

EXAMPLES = 6
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance,
          response_headers_conformance, missing_required_header, unsupported_method,
          positive_data_acceptance, negative_data_rejection]
KNOWN_GAPS = {
    "POST /TharsternAPI/api/customers/create": "a Code already in use is a 400 (the fake's state decides)",
    "POST /_fake/customers": "a Code or ID already in use is a 400 (the fake's state decides)",
    "POST /TharsternAPI/api/orders/submit": "each item needs StockItemID or StockItemCode (one of two fields)",
    "PUT /_fake/webhooks/policy": "backoff_cap_s must be at least backoff_base_s (two fields, or the current one)",
    "POST /_fake/seed": "seeded entities refer to each other (product types, customer codes)",
    "POST /TharsternAPI/api/estrequest": "RequiredDateTime is read in several date formats",
    "POST /TharsternAPI/api/job/update": "JobId or JobNo names the job (one of two fields)",
    "GET /TharsternAPI/api/jobs": "unknown query parameters are ignored, as ASP.NET's binding does",
    "GET /TharsternAPI/api/products": "unknown query parameters are ignored, as ASP.NET's binding does",
}
OPERATIONS = operation_labels(create_app(), "^/(TharsternAPI|_fake)/")


@pytest.fixture(scope="module")
def fuzzed():
    app = create_app({"TESTING": True})
    yield app
    app.extensions["fake_tharstern"].close()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_check(fuzzed, label, mode):
    client = fuzzed.test_client()
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzzed)
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    checks = [c for c in CHECKS if label not in KNOWN_GAPS or c not in (positive_data_acceptance,
                                                                        negative_data_rejection)]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def run(case):
        try:
            case.call_and_validate(headers=basic(issue_token(client, "schemathesis")), checks=checks)
        finally:
            client.post("/_fake/reset", json={})  # also forgets the token

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE
        pytest.skip("nothing in this operation's document can be made invalid")
