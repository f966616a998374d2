"""Schemathesis over the connector's OpenAPI document with every check, in both generation modes
(issue 14, item 10): schema-valid requests are accepted unless a documented rule beyond the schema
refuses them, schema-invalid ones are refused, no answer is a 5xx or off the document, every 405
carries ``Allow``; ``tests/schemathesis.toml`` declares the rules OpenAPI 3.0 cannot state (a body
a route ignores still passes the request guard). A modest number of cases per operation here; ``docs/security.md`` gives the
command and the figures of a longer run.

Positive cases are steered towards the demo world as in ``tests/api/test_connector_schemathesis.py``
(or nearly every case is a 404); negative cases are left as generated, since steering could mend
the very part that was made invalid."""
from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from connector.app import create_app
from tests.api.test_connector_schemathesis import OPERATIONS, demo_world_case
from tests.fixtures.connector import FAST
from tests.fixtures.schemathesis_rules import EVERY_CHECK

EXAMPLES = 4
CONFIG = SchemathesisConfig.from_path(Path(__file__).parents[1] / "schemathesis.toml")


@pytest.fixture(scope="module")
def fuzzed_connector(tharstern_server):
    return create_app({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True,
                       "THARSTERN_URL": f"{tharstern_server.url}/TharsternAPI", **FAST})


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_check(fuzzed_connector, tharstern, label, mode):
    client = fuzzed_connector.test_client()
    client.post("/_control/reset", json={"fixture": "demo"})
    method, path = label.split(" ", 1)
    operation = schemathesis.openapi.from_wsgi("/openapi.json", fuzzed_connector, config=CONFIG)[path][method]
    strategy = demo_world_case(operation) if mode is GenerationMode.POSITIVE else operation.as_strategy(mode)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def run(case):
        try:
            case.call_and_validate(checks=EVERY_CHECK)
        finally:
            if method != "GET":
                client.post("/_control/reset", json={"fixture": "demo"})

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE, label  # nothing in this operation's input can be made invalid
