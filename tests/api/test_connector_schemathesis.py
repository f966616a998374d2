"""Schemathesis over the connector's OpenAPI document, with the fake Tharstern running behind it:
no server errors, and every answer matches the document.

Generated cases are steered towards the demo world, or nearly every case would be a 404: the
storefront is mostly ``default`` (sometimes ``acme`` or one that does not exist), ids in the path
and in bodies are mostly small (the demo's ids), stock item ids mostly the fake's. Cases that may
change state (anything but GET) are followed by a reset of the connector, so each case starts
from the same world and connection settings a case made up (an API URL, an outgoing IP) are
never used by a later one.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.app import create_app
from tests.fixtures.connector import FAST
from tests.fixtures.openapi_fuzz import CHECKS, operation_labels

OPERATIONS = operation_labels(create_app({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True}), "^/(api|_control)/")
EXAMPLES = 15
STOREFRONTS = st.sampled_from(["default"] * 6 + ["acme", "nope"])
SMALL_ID = st.one_of(st.integers(1, 9), st.integers(1, 9), st.integers(10, 2**40))
STOCK_ITEM = st.one_of(st.integers(1001, 1016), st.integers(1, 2**40))
QUANTITY = st.one_of(st.sampled_from([1, 25, 50, 100, 250, 500, 1000]), st.integers(1, 10**7))
BODY_IDS = {"variant_id": SMALL_ID, "customer_id": SMALL_ID, "department_id": SMALL_ID, "stock_item_id": STOCK_ITEM,
            "quantity": QUANTITY}


@st.composite
def demo_world_case(draw, operation):
    case = draw(operation.as_strategy())
    for name in list(case.path_parameters or {}):
        case.path_parameters[name] = draw(STOREFRONTS) if name == "sf" else draw(SMALL_ID)
    if isinstance(case.body, dict):
        for key, strategy in BODY_IDS.items():
            if isinstance(case.body.get(key), int) and not isinstance(case.body[key], bool) and draw(st.booleans()):
                case.body[key] = draw(strategy)
        for key in ("attribute_value_ids", "part_ids", "process_ids"):
            if isinstance(case.body.get(key), list) and draw(st.booleans()):
                case.body[key] = draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, 6, 7, 11, 13, 101, 102]), max_size=2))
    return case


@pytest.fixture(scope="module")
def fuzzed_connector(tharstern_server):
    return create_app({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True,
                       "THARSTERN_URL": f"{tharstern_server.url}/TharsternAPI", **FAST})


@pytest.mark.parametrize("label", OPERATIONS)
def test_connector_operation(fuzzed_connector, tharstern, label):
    client = fuzzed_connector.test_client()
    client.post("/_control/reset", json={"fixture": "demo"})
    method, path = label.split(" ", 1)
    operation = schemathesis.openapi.from_wsgi("/openapi.json", fuzzed_connector)[path][method]

    @given(case=demo_world_case(operation))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def run(case):
        try:
            case.call_and_validate(checks=CHECKS)
        finally:
            if method != "GET":
                client.post("/_control/reset", json={"fixture": "demo"})

    run()
