"""Reading Tharstern's answers, building its URLs, and classifying transport failures."""
from __future__ import annotations

import errno
import socket
from http.client import RemoteDisconnected

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError

from connector.tharstern import errors, wire
from connector.tharstern.error_mapping import transport_error
from connector.tharstern.tokens import parse_expiry
from connector.tharstern.urls import api_root, endpoint, host_and_port


def test_stock_items_are_read_in_any_letter_case_and_spelling():
    item = wire.stock_item({"id": "1001", "CODE": "BC", "description": "Cards", "type": {"value": 1, "name": "Finished"},
                            "ProductTypeID": "3", "unitprice": "0.06",
                            "linkedCustomers": [{"customercode": "WEB001", "MinOrderQty": "10"}, {"CustomerCode": ""}]})
    assert (item.id, item.code, item.type, item.product_type_id, item.unit_price) == (1001, "BC", "Finished", 3, 0.06)
    assert item.linked_customers[0].min_order_qty == 10 and len(item.linked_customers) == 1
    assert wire.stock_item({"ID": 5, "Code": "X", "ProductTypes_ID": 0, "Type": "Material"}).type == "Material"
    assert wire.stock_item({"ID": 5, "Code": "X"}).product_type_id == 0
    assert wire.stock_item({"Code": "no id"}) is None


def test_product_types_and_customers_are_read_case_insensitively():
    product_type = wire.product_type({"Id": 2, "name": "Flyers", "WorkType": {"Value": 2, "Name": "Digital"},
                                      "Parts": [{"ID": 102, "Name": "Flyer", "IsRequired": "true", "IsDefault": True}],
                                      "Processes": [{"ProcessTypeID": 13, "Name": "Trim", "IsRequired": True}, {"Name": "bad"}]})
    assert (product_type.id, product_type.work_type, product_type.parts[0].is_required) == (2, "Digital", True)
    assert [p.id for p in product_type.processes] == [13]
    customer = wire.customer({"id": 1, "code": "ACME01", "name": "Acme", "contactEmail": "a@acme.example",
                              "contacts": [{"email": "b@acme.example"}, {"Email": "a@acme.example"}]})
    assert customer.emails == ("a@acme.example", "b@acme.example")
    assert wire.customer({"ID": 1, "Code": ""}) is None


@pytest.mark.parametrize("value, expected", [
    ({"Value": 1, "Name": "Finished"}, "Finished"), ({"value": 7}, "7"), ("Finished", "Finished"), (7, "7"),
    (None, None), ({"Name": ""}, None)])
def test_enums_come_as_objects_names_or_numbers(value, expected):
    assert wire.enum_name(value) == expected
    assert wire.enum_name(1, {1: "Finished"}) == "Finished"


def test_numbers_may_be_strings_but_not_booleans():
    assert (wire.to_int("2284"), wire.to_int(3.0), wire.to_int("3.5"), wire.to_int(True), wire.to_int("x")) == (
        2284, 3, None, None, None)
    assert (wire.to_float("0.5"), wire.to_float("nan"), wire.to_float(False)) == (0.5, None, None)


@pytest.mark.parametrize("typed", [
    "https://mis.example.com/TharsternAPI", "https://mis.example.com/TharsternAPI/", " https://mis.example.com/TharsternAPI/api ",
    "HTTPS://mis.example.com/TharsternAPI/API/", "https://mis.example.com/TharsternAPI//api//"])
def test_the_api_root_tolerates_slashes_and_a_typed_api(typed):
    assert api_root(typed) == "https://mis.example.com/TharsternAPI"
    assert endpoint(typed, "/products") == "https://mis.example.com/TharsternAPI/api/products"


def test_host_and_port_default_by_scheme():
    assert host_and_port("https://h/x") == ("h", 443)
    assert host_and_port("http://h:8910/x") == ("h", 8910)
    assert host_and_port("http://h:99999/x") == ("h", 80)


def wrapped(reason: BaseException) -> requests.ConnectionError:
    return requests.ConnectionError(MaxRetryError(None, "/secret?password=x", reason))


def classify(error):
    return transport_error(error, where="h:80", source_ip="127.0.0.2", timeout_s=1)


def test_transport_failures_become_typed_errors_without_the_url():
    refused = NewConnectionError(None, "refused")
    refused.__cause__ = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    not_ours = NewConnectionError(None, "bind")
    not_ours.__cause__ = OSError(errno.EADDRNOTAVAIL, "cannot assign")
    cases = {
        type(classify(wrapped(refused))): errors.ConnectionRefused,
        type(classify(wrapped(not_ours))): errors.SourceAddressUnavailable,
        type(classify(wrapped(ProtocolError("aborted", RemoteDisconnected("closed"))))): errors.ConnectionDropped,
        type(classify(wrapped(ReadTimeoutError(None, "/x", "timed out")))): errors.TimedOut,
        type(classify(requests.ConnectTimeout("x"))): errors.TimedOut,
        type(classify(wrapped(NewConnectionError(None, "x").with_traceback(None)))): errors.Unreachable,
        type(classify(requests.exceptions.MissingSchema("x"))): errors.NotTharsternAnswer,
    }
    for got, expected in cases.items():
        assert got is expected
    gai = NewConnectionError(None, "dns")
    gai.__cause__ = socket.gaierror(-2, "Name or service not known")
    assert isinstance(classify(wrapped(gai)), errors.HostNotFound)
    assert "password" not in classify(wrapped(refused)).message
    assert classify(wrapped(refused)).to_dict()["problem"] == "unreachable"


def test_token_expiry_is_read_as_utc():
    assert parse_expiry("2026-01-01T00:00:00Z") == parse_expiry("2026-01-01T00:00:00") == 1767225600
    assert parse_expiry("2026-01-01T01:00:00+01:00") == 1767225600
    assert parse_expiry("soon") is None and parse_expiry(None) is None
