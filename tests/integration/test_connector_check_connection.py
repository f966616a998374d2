"""Check Connection produced for real against the fake over loopback: each problem the
connector can meet, what it says, and that the advice names what to fix."""
from __future__ import annotations

import socket

import requests
from flask import Flask

from harness.server_thread import ServerThread
from tests.fixtures.connector import SF


def check(base_url: str) -> dict:
    answer = requests.post(f"{base_url}{SF}/connection/check", timeout=30,
                           headers={"Content-Type": "application/json"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def patch_connection(base_url: str, **changes) -> None:
    answer = requests.patch(f"{base_url}{SF}/connection", json=changes, timeout=10)
    assert answer.status_code == 200, answer.text


def test_good_settings_connect_and_report_the_storefront_customer(connector_server, tharstern):
    result = check(connector_server.url)
    assert result["ok"] is True and result["problem"] is None
    assert result["details"]["customer_name"] == "Web Orders"
    assert result["details"]["stock_items_visible"] == 9
    assert "WEB001" in result["message"]


def test_wrong_password_is_bad_credentials(connector_server, tharstern):
    patch_connection(connector_server.url, password="not-the-password")
    result = check(connector_server.url)
    assert (result["ok"], result["problem"]) == (False, "bad_credentials")
    assert "Application ID" in result["advice"]
    assert "not-the-password" not in str(result)
    # the token call was made, and nothing after it
    assert tharstern.calls("authentication/generateapitoken") == 1
    assert tharstern.calls("customers") == 0


def test_bad_credentials_are_found_even_when_tharstern_says_success(connector_server, tharstern):
    tharstern.quirks(bad_credentials_success=True)
    patch_connection(connector_server.url, application_id="other-app", password="wrong")
    assert check(connector_server.url)["problem"] == "bad_credentials"


def test_allowlist_drop_is_unreachable_and_names_the_outgoing_ip_and_port(connector_server, tharstern):
    tharstern.allowlist(["127.0.0.2"], mode="drop")
    result = check(connector_server.url)  # the connector calls from 127.0.0.1
    assert (result["ok"], result["problem"]) == (False, "unreachable")
    assert result["details"]["error"] == "ConnectionDropped"
    port = tharstern.url.rsplit(":", 1)[1]
    assert "127.0.0.1" in result["advice"] and f"port {port}" in result["advice"]
    assert "allowlist" in result["advice"]
    blocked = tharstern.journal("authentication/generateapitoken")
    assert blocked and all(e["blocked"] == "drop" and e["client"] == "127.0.0.1" for e in blocked)


def test_the_outgoing_ip_is_the_address_tharstern_sees(connector_server, tharstern):
    tharstern.allowlist(["127.0.0.2"], mode="drop")
    patch_connection(connector_server.url, outgoing_ip="127.0.0.2")
    assert check(connector_server.url)["ok"] is True
    assert {e["client"] for e in tharstern.journal()} == {"127.0.0.2"}


def test_a_firewall_that_answers_403_is_also_unreachable(connector_server, tharstern):
    tharstern.allowlist(["127.0.0.2"], mode="forbidden")
    result = check(connector_server.url)
    assert result["problem"] == "unreachable"
    assert "403" in result["message"] and "127.0.0.1" in result["advice"]


def test_a_hanging_firewall_times_out_with_a_short_timeout(make_connector, tharstern):
    connector = make_connector(THARSTERN_READ_TIMEOUT_S=0.3)
    tharstern.allowlist(["127.0.0.9"], mode="hang", hang_s=3)
    try:
        result = connector.sf("POST", "/connection/check").json
    finally:
        tharstern.reset()  # lets the held request go
    assert result["problem"] == "unreachable"
    assert result["details"]["error"] == "TimedOut"
    assert "allowlist the outgoing IP 127.0.0.1" in result["advice"]


def test_wrong_url_answers_404(connector_server, tharstern):
    patch_connection(connector_server.url, api_url=f"{tharstern.url}/NotTharstern")
    result = check(connector_server.url)
    assert (result["problem"], result["details"]["error"]) == ("wrong_url", "NotFoundAtUrl")
    assert "/TharsternAPI" in result["advice"]


def test_a_url_without_a_path_gets_a_hint(connector_server, tharstern):
    patch_connection(connector_server.url, api_url=tharstern.url)
    result = check(connector_server.url)
    assert result["problem"] == "wrong_url"
    assert "no path" in result["advice"]


def test_an_answer_without_the_envelope_is_wrong_url(connector_server, tharstern):
    imposter = Flask("imposter")
    imposter.add_url_rule("/TharsternAPI/api/authentication/generateapitoken", "token", lambda: {"token": "abc"})
    with ServerThread(imposter, name="imposter") as other:
        patch_connection(connector_server.url, api_url=f"{other.url}/TharsternAPI")
        result = check(connector_server.url)
    assert (result["problem"], result["details"]["error"]) == ("wrong_url", "NotTharsternAnswer")


def test_a_typed_api_suffix_and_trailing_slash_are_tolerated(connector_server, tharstern):
    patch_connection(connector_server.url, api_url=f"{tharstern.api_url}/api/")
    assert check(connector_server.url)["ok"] is True


def test_nothing_listening_is_unreachable_with_host_and_port_advice(connector_server, tharstern):
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    patch_connection(connector_server.url, api_url=f"http://127.0.0.1:{port}/TharsternAPI")
    result = check(connector_server.url)
    assert (result["problem"], result["details"]["error"]) == ("unreachable", "ConnectionRefused")
    assert f"127.0.0.1:{port}" in result["advice"]


def test_an_outgoing_ip_that_is_not_ours_is_reported(connector_server, tharstern):
    patch_connection(connector_server.url, outgoing_ip="192.0.2.10")  # TEST-NET: binding fails before any packet
    result = check(connector_server.url)
    assert (result["problem"], result["details"]["error"]) == ("unreachable", "SourceAddressUnavailable")
    assert "192.0.2.10" in result["advice"]


def test_unknown_storefront_customer_code(connector_server, tharstern):
    patch_connection(connector_server.url, storefront_customer_code="WEB999")
    result = check(connector_server.url)
    assert (result["ok"], result["problem"]) == (False, "unknown_customer_code")
    assert "WEB999" in result["message"]


def test_a_code_without_stock_items_connects_but_warns(connector_server, tharstern):
    patch_connection(connector_server.url, storefront_customer_code="INITECH")
    result = check(connector_server.url)
    assert result["ok"] is True and result["details"]["stock_items_visible"] == 0
    assert "Connect Link list will be empty" in result["message"]


def test_incomplete_settings_are_a_409_naming_what_is_missing(connector, tharstern):
    connector.reset("empty")
    answer = connector.sf("POST", "/connection/check")
    assert answer.status_code == 409
    assert set(answer.json["errors"]) == {"api_url", "email", "password", "application_id", "storefront_customer_code"}
