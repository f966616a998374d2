"""The Python API (harness.testing), its pytest fixtures, and ``tharness webhooks subscribe``:
the example in docs/python-api.md runs as written."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from harness.cli import main
from harness.testing import ControlError, fake_tharstern

ROOT = Path(__file__).resolve().parents[2]


def test_the_documented_example_runs_as_written():
    text = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    example = text.split("## Example", 1)[1]
    code = re.search(r"```python\n(.*?)```", example, re.S).group(1)
    assert "test_product_codes_survive_one_503()" in code  # the block calls its own test
    exec(compile(code, "docs/python-api.md", "exec"), {"__name__": "python_api_example"})


def test_the_context_manager_starts_and_stops_the_fake_and_its_control_client_works():
    with fake_tharstern(fixture="empty", config={"TOKEN_TTL_S": 60}) as tharstern:
        assert re.match(r"^http://127\.0\.0\.1:\d+/TharsternAPI$", tharstern.api_url)
        assert tharstern.control.state(summary=True)["counts"]["customers"] == 0
        tharstern.control.seed(customers=[{"Code": "NEW01", "Name": "New Company"}])
        token = tharstern.token()
        answer = requests.get(f"{tharstern.api_url}/api/customers", auth=(token, ""), timeout=10)
        assert [c["Code"] for c in answer.json()["Details"]["Items"]] == ["NEW01"]
        assert tharstern.control.journal(path="customers")[0]["status"] == 200
        with pytest.raises(ControlError) as refused:
            tharstern.control.add_fault(kind="explode")
        assert refused.value.status == 400 and "kind" in json.dumps(refused.value.body)
        tharstern.control.reset()
        assert tharstern.control.journal() == []
        url = tharstern.url
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/_fake/state", timeout=2)


def test_the_connector_can_be_started_alongside():
    with fake_tharstern(connector=True) as both:
        check = requests.post(f"{both.connector_url}/api/storefronts/default/connection/check", timeout=30,
                              headers={"Content-Type": "application/json"})
        assert check.status_code == 200 and check.json()["ok"] is True, check.text
        both.reset()


PLUGIN_TEST = '''
import requests

def test_fake(fake_tharstern):
    fake_tharstern.control.add_fault(kind="error", status=502, path="products")
    answer = requests.get(fake_tharstern.api_url + "/api/products", auth=(fake_tharstern.token(), ""), timeout=10)
    assert answer.status_code == 502

def test_reset_between_tests(fake_tharstern):
    assert fake_tharstern.control.journal() == []
    answer = requests.get(fake_tharstern.api_url + "/api/products", auth=(fake_tharstern.token(), ""), timeout=10)
    assert answer.status_code == 200
'''


def test_the_plugin_offers_fixtures_reset_before_each_test(pytester):
    pytester.makepyfile(test_mine=PLUGIN_TEST)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_webhooks_subscribe_prints_the_secret_or_the_subscription(fake_server):
    plain = invoke("webhooks", "subscribe", "--url", "http://127.0.0.1:9/hooks", "--tharstern-url", fake_server.url)
    assert plain.exit_code == 0, plain.output
    assert re.fullmatch(r"whsec_[A-Za-z0-9+/=]+\n", plain.output)
    as_json = invoke("webhooks", "subscribe", "--url", "http://127.0.0.1:9/other", "--events", "JobDespatched",
                     "JobStatusChanged", "--tharstern-url", f"{fake_server.url}/TharsternAPI", "--json")
    subscription = json.loads(as_json.output)
    assert subscription["Url"] == "http://127.0.0.1:9/other"
    assert subscription["Events"] == ["JobDespatched", "JobStatusChanged"]
    assert subscription["Secret"].startswith("whsec_")
    listed = requests.get(f"{fake_server.url}/_fake/webhooks/subscriptions", timeout=10).json()["items"]
    assert [s["Url"] for s in listed] == ["http://127.0.0.1:9/hooks", "http://127.0.0.1:9/other"]


def test_webhooks_subscribe_says_what_is_wrong(fake_server):
    bad = invoke("webhooks", "subscribe", "--url", "ftp://x", "--events", "Nope", "--tharstern-url", fake_server.url)
    assert bad.exit_code == 1
    assert "Url" in bad.output and "Nope" in bad.output
    unreachable = invoke("webhooks", "subscribe", "--url", "http://127.0.0.1:9/h", "--tharstern-url", "http://127.0.0.1:9")
    assert unreachable.exit_code == 1 and "cannot reach the fake Tharstern" in unreachable.output
    assert invoke("webhooks", "subscribe", "--url", "http://127.0.0.1:9/h", "JobDespatched").exit_code == 2
