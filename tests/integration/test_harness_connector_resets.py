"""The connector's reset is left out only while nothing can have reached the connector since its
last reset (harness/run/connector_watch.py); whatever a scenario did to it, the next one sees it
fresh. The stand-in connector (tests/fixtures/harness.py) notes each call it gets; the last test
proves fresh state on the real connector."""
from __future__ import annotations

import pytest

import harness.run.connector_watch as connector_watch
from harness.explain import failure_text
from harness.run import LocalServers, ScenarioRunner
from harness.scenario import load_file
from harness.testing import Servers
from tests.fixtures.harness import stand_in_connector

USES_CONNECTOR = "scenario: uses it\nsteps:\n  - connector: GET /customers/9\n    expect: {status: 404}\n"
FAKE_ONLY = "scenario: fake only\nsteps:\n  - tharstern: GET /_fake/clock\n"
SUBSCRIBE_THE_CONNECTOR = """\
  - tharstern: POST /_fake/webhooks/subscriptions
    json: {Url: "{connector_url}/webhooks/tharstern/default", Events: [JobStatusChanged]}
    expect: {status: 201}
"""


@pytest.fixture
def connector_calls():
    return []


@pytest.fixture
def servers(connector_calls):
    with LocalServers(connector_factory=stand_in_connector(connector_calls)) as started:
        yield started


@pytest.fixture
def run(servers, write_scenario):
    runner = ScenarioRunner(servers)
    count = iter(range(1000))

    def run_text(text: str):
        result = runner.run(load_file(write_scenario(text, name=f"s{next(count)}")))
        assert result.status == "passed", failure_text(result)
        return result
    return run_text


def resets(calls) -> int:
    return sum(1 for method, path, _ in calls if (method, path) == ("POST", "/_control/reset"))


def test_a_connector_nobody_reached_since_its_reset_is_not_reset_again(run, connector_calls):
    run(USES_CONNECTOR)  # starts it; reset first
    run(FAKE_ONLY)  # reset: the scenario before used it
    connector_calls.clear()
    run(FAKE_ONLY)
    run(FAKE_ONLY)
    assert resets(connector_calls) == 0 and connector_calls == []


def test_a_scenario_after_one_that_used_the_connector_gets_it_reset(run, connector_calls):
    run(USES_CONNECTOR)
    run(FAKE_ONLY)
    connector_calls.clear()
    run(USES_CONNECTOR)  # untouched since the last reset: none needed before it ...
    assert resets(connector_calls) == 0
    run(USES_CONNECTOR)  # ... but after it, one is
    assert resets(connector_calls) == 1


def test_what_one_scenario_created_in_the_connector_is_gone_for_the_next(run, connector_calls):
    run("scenario: creates\nsteps:\n  - connector: POST /customers\n    json: {email: a@example.com}\n"
        "    expect: {status: 201, $.id: 1}\n")
    run(FAKE_ONLY)
    run("scenario: reads\nsteps:\n  - connector: GET /customers/1\n    expect: {status: 404}\n")


def test_a_clock_step_counts_as_reaching_the_connector(run, connector_calls):
    run(USES_CONNECTOR)
    run(FAKE_ONLY)
    run("scenario: clock\nsteps:\n  - clock: {advance_s: 5}\n")
    connector_calls.clear()
    run(FAKE_ONLY)
    assert resets(connector_calls) == 1


def test_telling_the_fake_the_connectors_address_counts_as_reaching_it(run, connector_calls):
    run(USES_CONNECTOR)
    run(FAKE_ONLY)
    run("scenario: subscribes the connector\nsteps:\n" + SUBSCRIBE_THE_CONNECTOR)
    connector_calls.clear()
    run(FAKE_ONLY)  # a delivery may land between its reset and the fake's: that reset is no clean one ...
    run(FAKE_ONLY)  # ... the fake's reset ended the subscription, so this one is
    run(FAKE_ONLY)
    assert resets(connector_calls) == 2


def test_telling_the_fake_the_address_after_using_the_connector_still_counts(run, connector_calls):
    run(USES_CONNECTOR)
    run(FAKE_ONLY)
    run("scenario: uses the connector, then subscribes it\nsteps:\n"
        "  - connector: GET /customers/9\n    expect: {status: 404}\n" + SUBSCRIBE_THE_CONNECTOR)
    connector_calls.clear()
    run(FAKE_ONLY)  # due anyway (the connector was used), and no clean one: a delivery may land after it
    run(FAKE_ONLY)
    run(FAKE_ONLY)
    assert resets(connector_calls) == 2


def test_another_fixture_is_always_a_reset(run, connector_calls):
    run(USES_CONNECTOR)
    run(FAKE_ONLY)
    connector_calls.clear()
    run("scenario: empty\ngiven:\n  connector: {fixture: empty}\nsteps:\n  - tharstern: GET /_fake/clock\n")
    assert [body for method, path, body in connector_calls if path == "/_control/reset"] == [{"fixture": "empty"}]


def test_an_old_reset_is_done_again(run, connector_calls, monkeypatch):
    run(USES_CONNECTOR)
    run(FAKE_ONLY)
    monkeypatch.setattr(connector_watch, "KEPT_FOR_S", 0.0)
    connector_calls.clear()
    run(FAKE_ONLY)
    assert resets(connector_calls) == 1


def test_once_its_address_is_handed_out_the_connector_is_reset_before_every_scenario(servers, run, connector_calls):
    python_api = Servers(servers)
    python_api.start_connector()  # the Python API gives your code its URL
    run(FAKE_ONLY)
    run(FAKE_ONLY)
    connector_calls.clear()
    run(FAKE_ONLY)
    assert resets(connector_calls) == 1


def test_a_connector_given_by_url_is_always_reset(harness_servers):
    from harness.run import LiveServers

    live = LiveServers(harness_servers.targets.tharstern_api_url, "http://127.0.0.1:9")
    try:
        assert live.connector_watch is None  # others may use it: the runner resets it every time
    finally:
        live.close()


def test_the_real_connector_is_fresh_for_the_scenario_after_one_that_changed_it(write_scenario):
    with LocalServers() as real:
        runner = ScenarioRunner(real)

        def run_text(text: str, name: str):
            result = runner.run(load_file(write_scenario(text, name=name)))
            assert result.status == "passed", failure_text(result)
            return result

        run_text("scenario: creates\nsteps:\n  - connector: POST /customers\n"
                 "    json: {email: leftover@example.org, name: Left Over}\n    expect: {status: 201}\n", "a")
        run_text(FAKE_ONLY, "b")
        third = run_text("scenario: lists\nsteps:\n  - connector: GET /customers\n    expect: {status: 200}\n", "c")
    setup, step = third.records[0], third.records[1]
    assert not [e for e in setup.exchanges if e.side == "connector"]  # no reset: none was needed ...
    assert "leftover@example.org" not in step.exchanges[0].response_body  # ... and nothing was left over
    assert "@" in step.exchanges[0].response_body  # the demo fixture's customers are there
