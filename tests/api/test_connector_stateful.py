"""Stateful Schemathesis over the connector: sequences that create something and follow the
document's links with the id it answered (create a customer → read it, its customer code, its
popup; a product → its variants and attributes → the variant's link; an order → read and approve
it; a department → link it), with the fake Tharstern behind. No server errors, every answer
matches the document, and what was just created can be read (``ensure_resource_availability``).

Each scenario starts from the demo fixture. Modest: a few scenarios of a few steps, in CI."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ensure_resource_availability

from connector.app import close_app, create_app
from tests.fixtures.connector import FAST
from tests.fixtures.openapi_fuzz import CHECKS

LINKED = r"^/api/storefronts/\{sf\}/(customers|products|departments|orders|variants/\{vid\}(/link)?$)"


@pytest.fixture(scope="module")
def stateful_connector(tharstern_server):
    app = create_app({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True,
                      "THARSTERN_URL": f"{tharstern_server.url}/TharsternAPI", **FAST})
    yield app
    close_app(app)


def test_the_documents_links_lead_where_they_say(stateful_connector):
    """Every link names an operation of the document and only parameters that operation has."""
    spec = stateful_connector.test_client().get("/openapi.json").json
    links = [(path, method, link) for path, item in spec["paths"].items() for method, op in item.items()
             if isinstance(op, dict) for answer in op.get("responses", {}).values()
             for link in answer.get("links", {}).values()]
    assert len(links) >= 18
    for path, method, link in links:
        target_path, target_method = link["operationRef"].removeprefix("#/paths/").rsplit("/", 1)
        target_path = target_path.replace("~1", "/").replace("~0", "~")
        target = spec["paths"][target_path]
        names = {p["name"] for p in target.get("parameters", []) + target[target_method].get("parameters", [])}
        assert set(link["parameters"]) <= names, (path, method, link)


def test_create_then_follow_links(stateful_connector, tharstern):
    client = stateful_connector.test_client()
    schema = schemathesis.openapi.from_wsgi("/openapi.json", stateful_connector).include(path_regex=LINKED)
    base = schema.as_state_machine()
    calls: list[tuple[str, str, int]] = []

    class Machine(base):
        def setup(self):
            assert client.post("/_control/reset", json={"fixture": "demo"}).status_code == 200

        def before_call(self, case):
            if "sf" in (case.path_parameters or {}):
                case.path_parameters["sf"] = "default"  # links carry it on; the first call picks it

        def after_call(self, response, case):
            super().after_call(response, case)
            calls.append((case.method, case.path, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, additional_checks=[ensure_resource_availability])

    Machine.run(settings=settings(max_examples=20, stateful_step_count=5, deadline=None, derandomize=True,
                                  suppress_health_check=list(HealthCheck)))
    created = {path for method, path, status in calls if method == "POST" and status == 201}
    followed = {(method, path) for method, path, status in calls if "{" in path.removeprefix("/api/storefronts/{sf}")
                and status < 300}
    assert len(created) >= 2 and len(followed) >= 2, (created, followed)  # links were followed to existing ids
