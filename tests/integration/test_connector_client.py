"""The Tharstern client against the fake over loopback: tokens, renewals, retries, paging,
typed errors, outgoing address."""
from __future__ import annotations

import logging

import pytest

from tharstern_kit.clock import Clock
from connector.tharstern import errors
from connector.tharstern.client import ClientOptions, ConnectionSettings, TharsternClient
from connector.tharstern.tokens import TokenCache
from connector.tharstern.transport import HttpSessions


@pytest.fixture
def make_client(tharstern):
    clock = Clock()
    sessions = HttpSessions(retries=2, backoff_s=0)
    tokens = TokenCache(clock, renew_margin_s=60, fallback_ttl_s=900)

    def make(*, api_url=None, password="tharstern", outgoing_ip="127.0.0.1", page_size=100, read_timeout_s=5.0):
        settings = ConnectionSettings(api_url=api_url or tharstern.api_url, email="integration@demo.test",
                                      password=password, application_id="client-tests", outgoing_ip=outgoing_ip)
        return TharsternClient(settings, sessions.for_source(outgoing_ip), tokens,
                               ClientOptions(connect_timeout_s=2, read_timeout_s=read_timeout_s, page_size=page_size))

    make.clock = clock
    yield make
    sessions.close()


def test_the_token_is_reused_until_it_nears_expiry_on_the_connector_clock(make_client, tharstern):
    client = make_client()
    client.product_type(1)
    client.product_type(2)
    assert tharstern.calls("authentication/generateapitoken") == 1
    make_client.clock.advance(3600 - 30)  # inside the renewal margin of the fake's 60-minute token
    client.product_type(3)
    assert tharstern.calls("authentication/generateapitoken") == 2


def test_a_token_refused_with_401_is_renewed_once(make_client, tharstern):
    client = make_client()
    client.product_type(1)
    tharstern.advance_clock(7200)  # the fake expires the token; the connector's clock does not know
    assert client.product_type(2).name == "A5 Flyers"
    statuses = [(e["path"].rsplit("/", 1)[-1], e["status"]) for e in tharstern.journal()]
    assert statuses == [("generateapitoken", 200), ("producttypes", 200), ("producttypes", 401),
                        ("generateapitoken", 200), ("producttypes", 200)]


def test_a_second_401_is_an_auth_error_not_a_loop(make_client, tharstern):
    client = make_client()
    client.token()
    tharstern.fault(method="GET", path="*/api/producttypes", kind="error", status=401, times=2)
    with pytest.raises(errors.AuthRejected):
        client.product_type(1)
    assert tharstern.calls("producttypes") == 2


def test_idempotent_calls_are_retried_after_a_503(make_client, tharstern):
    client = make_client()
    tharstern.fault(method="GET", path="*/api/producttypes", kind="error", status=503, times=2)
    assert client.product_type(1).name == "Business Cards"
    assert tharstern.calls("producttypes") == 3


def test_a_dropped_connection_is_retried_for_get(make_client, tharstern):
    client = make_client()
    tharstern.fault(method="GET", path="*/api/producttypes", kind="drop", times=1)
    assert client.product_type(1) is not None


def test_posts_are_not_retried_after_an_error(make_client, tharstern):
    client = make_client()
    tharstern.fault(method="POST", path="*/api/estrequest", kind="error", status=503, times=1)
    with pytest.raises(errors.UpstreamError) as raised:
        client.create_estimate({"ProductTypeID": 1, "Quantity": 100, "Customer": {"Code": "WEB001"}})
    assert raised.value.status == 503
    assert tharstern.calls("estrequest", "POST") == 1


def test_retries_run_out_into_a_typed_error(make_client, tharstern):
    client = make_client()
    tharstern.fault(method="GET", path="*/api/producttypes", kind="error", status=503)
    with pytest.raises(errors.UpstreamError):
        client.product_type(1)
    assert tharstern.calls("producttypes") == 3


def test_a_truncated_answer_is_not_tharstern(make_client, tharstern):
    client = make_client()
    tharstern.fault(method="GET", path="*/api/producttypes", kind="malformed", times=1)
    with pytest.raises(errors.NotTharsternAnswer):
        client.product_type(1)


def test_a_400_carries_the_model_state(make_client, tharstern):
    client = make_client()
    with pytest.raises(errors.InvalidRequest) as raised:
        client.create_estimate({"ProductTypeID": 1, "Quantity": 0, "Customer": {"Code": "WEB001"}})
    assert "estRequestProduct.Quantity" in raised.value.details["model_state"]


def test_a_hang_becomes_a_timeout_that_is_not_retried(make_client, tharstern):
    client = make_client(read_timeout_s=0.3)
    client.token()
    tharstern.fault(method="GET", path="*/api/producttypes", kind="latency", delay_ms=2000, times=1)
    try:
        with pytest.raises(errors.TimedOut):
            client.product_type(1)
    finally:
        tharstern.reset()
    assert isinstance(errors.TimedOut("x"), errors.Unreachable)


def test_lists_are_read_page_by_page(make_client, tharstern):
    client = make_client(page_size=4)
    items = client.stock_items("WEB001")
    assert len(items) == 9 and len({i.id for i in items}) == 9
    assert tharstern.calls("products") == 3  # ⌈9 / 4⌉


def test_paging_that_counts_pages_is_detected(make_client, tharstern):
    tharstern.quirks(paging_start_index_is_page=True)
    client = make_client(page_size=4)
    items = client.stock_items("WEB001")
    assert sorted(i.code for i in items) == sorted(i.code for i in make_client(page_size=100).stock_items("WEB001"))


def test_the_api_url_may_carry_api_and_slashes(make_client, tharstern):
    for url in (tharstern.api_url + "/", tharstern.api_url + "/api", tharstern.api_url + "/API/", " " + tharstern.api_url):
        assert make_client(api_url=url).product_type(1).id == 1
    assert all(e["path"].startswith("/TharsternAPI/api/") for e in tharstern.journal())


def test_bad_credentials_raise_and_leave_no_password_in_messages_or_logs(make_client, tharstern, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(password="s3cret-Pa55")
    with pytest.raises(errors.BadCredentials) as raised:
        client.product_type(1)
    assert "s3cret-Pa55" not in str(raised.value) and "s3cret-Pa55" not in repr(client.settings)
    assert "s3cret-Pa55" not in caplog.text
    assert "generateapitoken" in caplog.text  # urllib3 logged the call, masked


def test_connection_errors_leave_no_password_in_messages(make_client, tharstern):
    client = make_client(api_url="http://127.0.0.1:1/TharsternAPI", password="s3cret-Pa55")
    with pytest.raises(errors.ConnectionRefused) as raised:
        client.token()
    assert "s3cret-Pa55" not in str(raised.value)
    assert raised.value.__suppress_context__


def test_calls_come_from_the_outgoing_ip(make_client, tharstern):
    make_client(outgoing_ip="127.0.0.3").product_type(1)
    assert {e["client"] for e in tharstern.journal()} == {"127.0.0.3"}


def test_created_customers_come_back_with_their_code(make_client, tharstern):
    created = make_client().create_customer(name="Brand New Ltd", email="owner@brand-new.example")
    assert created.code and created.emails == ("owner@brand-new.example",)
    assert tharstern.customers_with_email("owner@brand-new.example")[0]["Code"] == created.code
