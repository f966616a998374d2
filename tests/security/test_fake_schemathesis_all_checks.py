"""Schemathesis over the fake's document — the faked API and the control plane — with every
check, positive and negative data included: a schema-valid request must be accepted, a
schema-violating one refused, no server error, every 405 with Allow. So the document says what the
validation does. Kept small for CI (a few cases per operation and mode); the full run with the
CLI is in docs/security.md.

No operation is excused from a check. Rules that depend on the fake's state (a code already in
use, a reference that must exist, a limit compared with the one set) are declared in
``schemathesis.toml`` as the 400 those operations also expect for schema-valid requests; the
command line reads the same file.
"""
from __future__ import annotations

from pathlib import Path

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

from schemathesis.config import SchemathesisConfig

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, issue_token
from tests.fixtures.openapi_fuzz import negates_authorization, operation_labels

EXAMPLES = 6
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance,
          response_headers_conformance, missing_required_header, unsupported_method,
          positive_data_acceptance, negative_data_rejection]
OPERATIONS = operation_labels(create_app(), "^/(TharsternAPI|_fake)/")
CONFIG = Path(__file__).parents[1] / "schemathesis.toml"


@pytest.fixture(scope="module")
def fuzzed():
    app = create_app({"TESTING": True})
    yield app
    app.extensions["fake_tharstern"].close()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_check(fuzzed, label, mode):
    client = fuzzed.test_client()
    schema = schemathesis.openapi.from_wsgi("/openapi.json", fuzzed, config=SchemathesisConfig.from_path(CONFIG))
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def run(case):
        try:
            token = None if negates_authorization(case) else basic(issue_token(client, "schemathesis"))
            case.call_and_validate(headers=token, checks=CHECKS)
        finally:
            client.post("/_fake/reset", json={})  # also forgets the token

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE
        pytest.skip("nothing in this operation's document can be made invalid")
