"""The request guard's pure rules (tharstern_kit): nesting depth, unstorable text, hosts, origins."""
from __future__ import annotations

import pytest

from tharstern_kit.request_guard import cross_site, is_json
from tharstern_kit.request_guard_body import too_deep, unstorable_text
from tharstern_kit.request_guard_hosts import HostPolicy, bound_hosts, host_names, split_host


@pytest.mark.parametrize("raw, limit, deep", [
    (b"[[[1]]]", 3, False),
    (b"[[[[1]]]]", 3, True),
    (b'{"a": {"b": {"c": {}}}}', 3, True),
    (b'{"a": "[[[[[[[[[[", "b": "{{{{{{{"}', 2, False),  # brackets inside strings do not nest
    (b'{"a": "say \\"[[[[[[\\"", "b": [1]}', 2, False),   # nor after escaped quotes
    (b"[]" * 10_000, 1, False),                          # many siblings, one level
    (b"[" * 100_000, 64, True),                          # not even valid JSON: still measured
])
def test_nesting_depth(raw, limit, deep):
    assert too_deep(raw, limit) is deep


@pytest.mark.parametrize("raw, refuse_nul, found", [
    (b'{"Name": "Bad\\ud800Co"}', False, "Name"),
    (b'{"a": [{"b": "x"}, {"c": "\\uDC00"}]}', False, "a[1].c"),
    (b'{"Name": "a\\u0000b"}', True, "Name"),
    (b'{"Name": "a\\u0000b"}', False, None),                     # NUL matters only where asked
    (b'{"Name": "\\ud83d\\ude00"}', True, None),                  # a whole pair is one character
    (b'{"Name": "\\\\ud800"}', True, None),                      # an escaped backslash, then text
    (b'"\\ud800"', True, "body"),
    (b'{"Name": "\\ud800', True, None),                          # not JSON: the route says so
])
def test_unstorable_text(raw, refuse_nul, found):
    result = unstorable_text(raw, refuse_nul=refuse_nul)
    assert (result[0] if result else None) == found


@pytest.mark.parametrize("host, expected", [
    ("localhost:8910", ("localhost", 8910)), ("[::1]:80", ("::1", 80)), ("Example.COM.", ("example.com", None)),
    ("::1", ("::1", None)), ("host:notaport", ("host", None)),
])
def test_split_host(host, expected):
    assert split_host(host) == expected


def test_host_policy():
    policy = HostPolicy(["fake.lan", ".ci.example", "10.1.2.3"])
    for host in ("localhost", "a.localhost", "127.9.9.9:1", "[::1]", "fake.lan:80", "ci.example", "x.ci.example",
                 "10.1.2.3:8910", None):
        assert policy.allows(host), host
    for host in ("evil.example", "fake.lan.evil.example", "xci.example", "10.1.2.4", "", "127.0.0.1.nip.io"):
        assert not policy.allows(host), host
    assert policy.allows("192.0.2.7:8910", local_address="192.0.2.7")  # the address the connection came in at
    assert not policy.allows("192.0.2.7", local_address="192.0.2.8")
    assert HostPolicy(["*"]).allows("anything.example")


def test_host_lists_from_the_environment():
    assert host_names('["a.example", "b.example"]') == ["a.example", "b.example"]
    assert host_names("a.example, .b.example") == ["a.example", ".b.example"]
    assert host_names(None) == [] and bound_hosts("0.0.0.0") == [] and bound_hosts("::") == []
    assert bound_hosts("192.0.2.7") == ["192.0.2.7"]


@pytest.mark.parametrize("headers, refused", [
    ({}, False),                                                              # not a browser
    ({"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://localhost:8910"}, False),
    ({"HTTP_SEC_FETCH_SITE": "none"}, False),                                 # typed in the address bar
    ({"HTTP_ORIGIN": "https://localhost:8910"}, False),                        # TLS ended at a proxy
    ({"HTTP_SEC_FETCH_SITE": "same-site"}, True),
    ({"HTTP_SEC_FETCH_SITE": "cross-site"}, True),
    ({"HTTP_ORIGIN": "null"}, True),
    ({"HTTP_ORIGIN": "http://localhost:8920"}, True),                         # another port is another origin
    ({"HTTP_ORIGIN": "http://evil.example"}, True),
    ({"HTTP_ORIGIN": "http://[::1"}, True),                                   # not a URL
])
def test_cross_site(headers, refused):
    assert bool(cross_site({"HTTP_HOST": "localhost:8910", **headers})) is refused


@pytest.mark.parametrize("content_type, json", [
    ("application/json", True), ("application/json; charset=utf-8", True), ("Application/JSON", True),
    ("application/merge-patch+json", True), ("text/plain", False), ("text/json", False), ("", False),
    ("application/x-www-form-urlencoded", False), ("multipart/form-data; boundary=x", False),
])
def test_is_json(content_type, json):
    assert is_json(content_type) is json
