"""Schemathesis over the fake's OpenAPI document: no server errors, answers match their schemas.

The faked API runs with a valid token. Control-plane cases run with a reset after each one, since
their writes (faults, allowlist, clock) would otherwise shape the cases after them.
"""
from __future__ import annotations

import pytest

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, issue_token
from tests.fixtures.openapi_fuzz import fuzz_operation, operation_labels

API_OPERATIONS = operation_labels(create_app(), "^/TharsternAPI/")
CONTROL_OPERATIONS = operation_labels(create_app(), "^/_fake/")


@pytest.fixture(scope="module")
def fuzzed_fake():
    return create_app({"TESTING": True})


@pytest.mark.parametrize("label", API_OPERATIONS)
def test_faked_api_operation(fuzzed_fake, label):
    client = fuzzed_fake.test_client()
    fuzz_operation(fuzzed_fake, label, headers=lambda: basic(issue_token(client, "schemathesis")))


@pytest.mark.parametrize("label", CONTROL_OPERATIONS)
def test_control_plane_operation(fuzzed_fake, label):
    client = fuzzed_fake.test_client()
    fuzz_operation(fuzzed_fake, label, after_each=lambda: client.post("/_fake/reset"))
