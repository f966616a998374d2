"""Bad input at every operation of both servers' OpenAPI documents: malformed JSON, bodies of the
wrong type, bodies of unknown fields only, oversize bodies and junk query values. Operations that
take a body must refuse bad ones with a 4xx (413 when too large); nothing may answer 5xx.

New routes are covered as soon as they are in a document: the cases come from the documents.
"""
from __future__ import annotations

import re

import pytest

from connector.app import create_app as create_connector
from fake_tharstern.app import create_app as create_fake
from tests.fixtures.fake import basic, issue_token

PATH_VALUES = {"sf": "default", "job_no": "100001", "product_id": "1006", "product_type_id": "1"}
BAD_BODIES = {
    "malformed JSON": b'{"Orders": [{"Quantity": ',
    "a JSON list": b"[1, 2, 3]",
    "a JSON string": b'"just text"',
    "a JSON number": b"42",
    "unknown fields only": b'{"__surely_unknown__": {"nested": [1, {"x": null}]}}',
    "not UTF-8": b"\xff\xfe\xfa{",
}
JUNK_QUERY = ["\x00", "-1", "9" * 40, "true'--", "%%%", "[]", "null"]
# routes with a larger body limit than the usual 1 MB (PUT /_fake/snapshot: SNAPSHOT_MAX_CONTENT_LENGTH,
# set to 2 MB for these tests), and how much they take
BODY_LIMITS = {("PUT", "/_fake/snapshot"): 2_000_000}


def operations(app) -> list[tuple[str, str, bool, list[str]]]:
    spec = app.test_client().get("/openapi.json").json
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            query = [p["name"] for p in operation.get("parameters", []) + item.get("parameters", [])
                     if p.get("in") == "query"]
            body = operation.get("requestBody")  # a route reading no body documents any JSON, ignored
            found.append((method.upper(), path, body is not None and not body.get("x-body-ignored"), query))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), "1"), path)


FAKE_OPERATIONS = operations(create_fake())
CONNECTOR_OPERATIONS = operations(create_connector({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True,
                                                    "THARSTERN_URL": "http://127.0.0.1:9/TharsternAPI"}))


def ids(operations_list):
    return [f"{method} {path}" for method, path, _, _ in operations_list]


@pytest.fixture(scope="module")
def fake_for_bad_input():
    app = create_fake({"TESTING": False, "SNAPSHOT_MAX_CONTENT_LENGTH": BODY_LIMITS[("PUT", "/_fake/snapshot")]})
    yield app
    app.extensions["fake_tharstern"].close()


def check(client, method: str, path: str, takes_body: bool, query: list[str], headers: dict, after=None) -> None:
    problems = []

    def send(label: str, **kwargs):
        answer = client.open(path, method=method, headers=headers, **kwargs)
        if answer.status_code >= 500:
            problems.append(f"{label}: {answer.status_code} {answer.get_data(as_text=True)[:200]}")
        if after:
            after()
        return answer

    for value in JUNK_QUERY:
        send(f"query {value!r}", query_string={name: value for name in query})
    if method in {"POST", "PUT", "PATCH"}:
        for label, body in BAD_BODIES.items():
            answer = send(label, data=body, content_type="application/json")
            if takes_body and not 400 <= answer.status_code < 500:
                problems.append(f"{label}: expected a 4xx, got {answer.status_code}")
        size = BODY_LIMITS.get((method, path), 1_000_000) + 200_000
        huge = send(f"{size / 1e6:.1f} MB body", data=b'{"x": "' + b"a" * size + b'"}', content_type="application/json")
        if takes_body and huge.status_code != 413:
            problems.append(f"{size / 1e6:.1f} MB body: expected 413, got {huge.status_code}")
    assert not problems, f"{method} {path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("method, path, takes_body, query", FAKE_OPERATIONS, ids=ids(FAKE_OPERATIONS))
def test_the_fake_refuses_bad_input_without_a_server_error(fake_for_bad_input, method, path, takes_body, query):
    client = fake_for_bad_input.test_client()
    headers = basic(issue_token(client, "bad-input")) if path.startswith("/TharsternAPI") else {}
    check(client, method, concrete(path), takes_body, query, headers,
          after=lambda: client.post("/_fake/reset") if path.startswith("/_fake") else None)


@pytest.mark.parametrize("method, path, takes_body, query", CONNECTOR_OPERATIONS, ids=ids(CONNECTOR_OPERATIONS))
def test_the_connector_refuses_bad_input_without_a_server_error(connector, method, path, takes_body, query):
    check(connector.client, method, concrete(path), takes_body, query, {})
