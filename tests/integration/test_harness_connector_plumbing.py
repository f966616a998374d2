"""How the runner drives a connector: start-up config, resets, given, paths, the clock. A stand-in
connector (tests/fixtures/harness.py) notes what it is asked; the real connector's own behaviour is
proven by the connector suites."""
from __future__ import annotations

import pytest

from harness.explain import failure_text
from harness.run import LocalServers, ScenarioRunner
from harness.scenario import load_file
from tests.fixtures.harness import stand_in_connector


@pytest.fixture
def connector_calls():
    return []


@pytest.fixture
def servers_with_connector(connector_calls):
    with LocalServers(connector_factory=stand_in_connector(connector_calls)) as servers:
        yield servers


def test_the_connector_starts_pointed_at_the_fake_with_its_test_controls(servers_with_connector, connector_calls,
                                                                         write_scenario):
    scenario = load_file(write_scenario("""
        scenario: A customer through the connector
        storefront: shop2
        given:
          connector:
            fixture: empty
            behaviour: {use_external_id_as_customer_code: true}
            customers: {buyer: {email: b@example.com}}
        steps:
          - connector: GET /customers/{buyer}
            expect: {json: {id: "{buyer}", email: b@example.com, storefront: shop2}}
          - clock: {advance_s: 30}
          - clock: {advance_s: 5, only: tharstern}
          - tharstern: GET /_fake/clock
            expect: {$.offset_s: 35}
        """))
    result = ScenarioRunner(servers_with_connector).run(scenario)
    assert result.status == "passed", failure_text(result)
    config = connector_calls[0][2]
    assert config["THARSTERN_URL"] == servers_with_connector.targets.tharstern_api_url
    assert config["TEST_CONTROLS"] is True and config["DATABASE_URL"].startswith("sqlite:///")
    asked = [(method, path, body) for method, path, body in connector_calls[1:]]
    assert asked == [
        ("POST", "/_control/reset", {"fixture": "empty"}),
        ("PATCH", "/api/storefronts/shop2/behaviour", {"use_external_id_as_customer_code": True}),
        ("POST", "/api/storefronts/shop2/customers", {"email": "b@example.com"}),
        ("GET", "/api/storefronts/shop2/customers/1", None),
        ("POST", "/_control/clock", {"advance_s": 30}),
    ]
    assert servers_with_connector.startup_s.keys() == {"tharstern", "connector"}


def test_a_running_connector_is_reset_even_for_a_fake_only_scenario(servers_with_connector, connector_calls,
                                                                    write_scenario):
    runner = ScenarioRunner(servers_with_connector)
    runner.run(load_file(write_scenario("scenario: uses it\nsteps:\n  - connector: GET /customers/9\n"
                                        "    expect: {status: 404}\n", name="a")))
    connector_calls.clear()
    result = runner.run(load_file(write_scenario("scenario: fake only\nsteps:\n  - clock: {advance_s: 1}\n", name="b")))
    assert result.status == "passed", failure_text(result)
    assert [(m, p) for m, p, _ in connector_calls] == [("POST", "/_control/reset"), ("POST", "/_control/clock")]


def test_without_the_connector_package_fake_only_scenarios_still_run(write_scenario, monkeypatch):
    import harness.run.environment as environment

    def missing():
        raise environment.ConnectorUnavailable("this scenario needs the connector, but it cannot be imported")

    monkeypatch.setattr(environment, "_import_connector_factory", missing)
    with LocalServers() as servers:
        runner = ScenarioRunner(servers)
        needs = runner.run(load_file(write_scenario("scenario: needs it\nsteps:\n  - connector: GET /customers\n", name="a")))
        fake_only = runner.run(load_file(write_scenario("scenario: fake only\nsteps:\n  - tharstern: GET products\n", name="b")))
    assert needs.status == "error" and "needs the connector" in needs.message
    assert fake_only.status == "passed", failure_text(fake_only)


def test_closing_local_servers_stops_the_connectors_outbox_thread():
    from harness.run.environment import LocalServers
    servers = LocalServers()
    try:
        servers.ensure_connector()
        app = servers._connector.app
        outbox = app.extensions["connector"].outbox
        outbox.kick()
        assert outbox.running or outbox.wait_idle(5)
    finally:
        servers.close()
    assert not outbox.running
    outbox.kick()  # a closed outbox starts no thread
    assert not outbox.running
