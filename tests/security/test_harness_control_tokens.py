"""``tharness run --live`` against servers on another address: their control planes refuse the
harness unless it sends their tokens, which it takes from the variables the servers read
(``FAKE_THARSTERN_CONTROL_TOKEN``, ``CONNECTOR_CONTROL_TOKEN``)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from connector.app import close_app, create_app as create_connector
from fake_tharstern.app import create_app as create_fake
from harness.cli import main
from harness.server_thread import ServerThread
from tests.security.test_control_planes import non_loopback_address

SCENARIO = ("scenario: The connector's behaviour answers\ntags: [tokens]\nsteps:\n"
            "  - connector: GET /behaviour\n    expect: {status: 200}\n  - tharstern: GET products\n")


@pytest.fixture(scope="module")
def remote_servers(tmp_path_factory):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    fake_app = create_fake({"TESTING": True, "CONTROL_TOKEN": "fake-sesame"})
    with ServerThread(fake_app, host=address, name="remote-fake", poll_interval=0.05) as fake:
        connector_app = create_connector({"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('remote') / 'c.sqlite'}", "TEST_CONTROLS": True,
                                          "CONTROL_TOKEN": "connector-sesame",
                                          "THARSTERN_URL": f"{fake.url}/TharsternAPI"})
        try:
            with ServerThread(connector_app, host=address, name="remote-connector", poll_interval=0.05) as connector:
                yield fake.url, connector.url
        finally:
            close_app(connector_app)
            fake_app.extensions["fake_tharstern"].close()


def run(write_scenario, fake_url: str, connector_url: str):
    path = write_scenario(SCENARIO, name="tokens")
    return CliRunner().invoke(main, ["run", str(path), "--live", "--tharstern-url", f"{fake_url}/TharsternAPI",
                                     "--connector-url", connector_url], catch_exceptions=False)


def test_without_the_tokens_the_harness_is_refused(remote_servers, write_scenario, monkeypatch):
    monkeypatch.delenv("FAKE_THARSTERN_CONTROL_TOKEN", raising=False)
    monkeypatch.delenv("CONNECTOR_CONTROL_TOKEN", raising=False)
    result = run(write_scenario, *remote_servers)
    assert result.exit_code != 0 and "403" in result.output, result.output


def test_with_the_tokens_the_scenario_runs(remote_servers, write_scenario, monkeypatch):
    monkeypatch.setenv("FAKE_THARSTERN_CONTROL_TOKEN", "fake-sesame")
    monkeypatch.setenv("CONNECTOR_CONTROL_TOKEN", "connector-sesame")
    result = run(write_scenario, *remote_servers)
    assert result.exit_code == 0, result.output
