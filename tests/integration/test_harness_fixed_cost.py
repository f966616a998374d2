"""The runner's fixed cost per scenario: a phase of resets alone reads no journal, and the webhook
deliveries are read only when the scenario could have any (a subscription was made)."""
from __future__ import annotations

import pytest

from harness.run.http import RecordingClient

SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


@pytest.fixture
def sent(monkeypatch):
    calls: list[str] = []
    original = RecordingClient.send

    def counting(self, side, method, url, **kwargs):
        calls.append(f"{method} {url.split('/', 3)[-1].split('?')[0]}")
        return original(self, side, method, url, **kwargs)
    monkeypatch.setattr(RecordingClient, "send", counting)
    return calls


def test_a_trivial_scenario_costs_a_reset_and_one_journal_read(run_scenario, sent):
    result = run_scenario("""
        scenario: Trivial
        steps:
          - tharstern: GET /_fake/clock
        """)
    assert result.passed
    assert sent == ["POST _fake/reset", "GET _fake/clock", "GET _fake/journal"]  # the last read, at collect


def test_a_call_to_the_api_is_read_with_its_step(run_scenario, sent):
    result = run_scenario("""
        scenario: One API call
        steps:
          - tharstern: GET products
        """)
    assert result.passed
    assert sent == ["POST _fake/reset", "GET TharsternAPI/api/authentication/generateapitoken",
                    "GET TharsternAPI/api/products", "GET _fake/journal", "GET _fake/journal"]
    assert [c["path"] for c in result.records[1].tharstern_calls][-1] == "/TharsternAPI/api/products"


def test_calls_made_in_given_are_still_read_apart_from_the_steps(run_scenario, sent):
    result = run_scenario("""
        scenario: Given and steps
        given:
          tharstern: {customers: [{Code: NEW01, Name: New}]}
        steps:
          - tharstern: GET customers
          - expect_journal:
              tharstern: [{path: customers, count: 1}]
        """)
    assert result.passed, result.message
    assert "GET _fake/webhooks/deliveries" not in sent


def test_deliveries_are_read_when_a_subscription_was_made(run_scenario, sent):
    result = run_scenario(f"""
        scenario: Subscribed
        steps:
          - tharstern: POST webhooks/subscriptions
            json: {{Url: "http://127.0.0.1:9/nobody", Events: [JobStatusChanged], Secret: "{SECRET}"}}
        """)
    assert result.passed, result.message
    assert sent[-2:] == ["GET _fake/webhooks/deliveries", "GET _fake/journal"]
