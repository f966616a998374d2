"""Stateful Schemathesis over the fake's API: create a customer, price an estimate request,
subscribe a webhook, then follow the document's links with the id answered (read the customer,
read the estimate, delete the subscription). No server errors, answers match the document.
Modest: a few scenarios of a few steps, from a reset fake each time."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, issue_token
from tests.fixtures.openapi_fuzz import CHECKS

LINKED = r"^/TharsternAPI/api/(customers(/create)?|estimates|estrequest|webhooks/subscriptions.*)$"


@pytest.fixture(scope="module")
def stateful_fake():
    app = create_app({"TESTING": True})
    yield app
    app.extensions["fake_tharstern"].close()


def test_create_then_follow_links(stateful_fake):
    client = stateful_fake.test_client()
    schema = schemathesis.openapi.from_wsgi("/openapi.json", stateful_fake).include(path_regex=LINKED)
    links = [link for item in client.get("/openapi.json").json["paths"].values() for op in item.values()
             if isinstance(op, dict) for answer in op.get("responses", {}).values() for link in answer.get("links", {})]
    assert sorted(links) == ["DeleteSubscription", "ReadCustomer", "ReadEstimate", "ReadEstimate"]  # estrequest, newestimatefromexisting
    calls: list[tuple[str, str, int]] = []

    class Machine(schema.as_state_machine()):
        def setup(self):
            assert client.post("/_fake/reset").status_code == 200
            self.headers = basic(issue_token(client, "stateful"))

        def get_call_kwargs(self, case):
            return {"headers": self.headers}

        def after_call(self, response, case):
            super().after_call(response, case)
            calls.append((case.method, case.path, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, headers=self.headers)

    Machine.run(settings=settings(max_examples=15, stateful_step_count=4, deadline=None, derandomize=True,
                                  suppress_health_check=list(HealthCheck)))
    assert any(method == "DELETE" and status == 200 for method, _, status in calls), calls
