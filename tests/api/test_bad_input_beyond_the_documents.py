"""Bad input beyond what test_bad_input_everywhere covers: every route that is not in an OpenAPI
document (the connector's admin pages, the fake's console, docs and static files) survives junk
in the address bar and bodies it does not take (4xx, never 5xx), and the connector names an
unknown field in a body instead of ignoring it. Routes are read from the apps' URL maps, so a new
page is covered as soon as it exists."""
from __future__ import annotations

import json
import re

import pytest

from connector.app import close_app, create_app as create_connector
from fake_tharstern.app import create_app as create_fake
from tests.api.test_bad_input_everywhere import BAD_BODIES, CONNECTOR_OPERATIONS, JUNK_QUERY, concrete

ARGUMENTS = {"sf": "default", "vid": "1", "cid": "1", "job_no": "100001", "filename": "x.css", "anything": "nowhere"}
HUGE = b'{"x": "' + b"a" * 1_200_000 + b'"}'


def page_routes(app) -> list[str]:
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", p) for p in app.test_client().get("/openapi.json").json["paths"]}
    found = []
    for rule in app.url_map.iter_rules():
        plain = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
        if plain in documented or rule.endpoint in ("static",) or plain.startswith("/TharsternAPI"):
            continue
        found.append(re.sub(r"<(\w+)>", lambda m: ARGUMENTS.get(m.group(1), "1"), plain))
    return sorted(set(found))


def pages_of(make):
    app = make()
    try:
        return page_routes(app)
    finally:
        close(app)


def close(app) -> None:
    if "connector" in app.extensions:
        close_app(app)
    else:
        app.extensions["fake_tharstern"].close()


def new_connector():
    return create_connector({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True,
                             "THARSTERN_URL": "http://127.0.0.1:9/TharsternAPI"})


CONNECTOR_PAGES = pages_of(new_connector)
FAKE_PAGES = pages_of(lambda: create_fake({"TESTING": True}))


def survive(client, path: str) -> list[str]:
    problems = []
    for value in JUNK_QUERY + ["<script>alert(1)</script>", "x" * 5000]:
        answer = client.get(path, query_string={"q": value, "page": value, "product_type_id": value})
        if answer.status_code >= 500:
            problems.append(f"GET ?{value[:20]!r}: {answer.status_code}")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for label, body in [*BAD_BODIES.items(), ("1.2 MB", HUGE)]:
            answer = client.open(path, method=method, data=body, content_type="application/json")
            if not 400 <= answer.status_code < 500:
                problems.append(f"{method} {label}: {answer.status_code}")
    return problems


@pytest.mark.parametrize("path", CONNECTOR_PAGES)
def test_every_connector_page_survives_bad_input(connector, path):
    assert not survive(connector.client, path), survive(connector.client, path)


@pytest.mark.parametrize("path", FAKE_PAGES)
def test_every_fake_page_survives_bad_input(fake_client, path):
    problems = survive(fake_client, path)
    assert not problems, problems


def test_the_page_lists_are_not_empty():
    assert "/admin/default/connection" in CONNECTOR_PAGES and "/docs" in CONNECTOR_PAGES
    assert "/_fake/ui/jobs" in FAKE_PAGES and "/_fake/ui/jobs/100001" in FAKE_PAGES


BODY_OPERATIONS = [(method, path) for method, path, takes_body, _ in CONNECTOR_OPERATIONS
                   if takes_body and not path.startswith("/webhooks/")]


@pytest.mark.parametrize("method, path", BODY_OPERATIONS, ids=[f"{m} {p}" for m, p in BODY_OPERATIONS])
def test_the_connector_names_an_unknown_field(connector, method, path):
    answer = connector.client.open(concrete(path), method=method, json={"__surely_unknown__": 1})
    assert 400 <= answer.status_code < 500, answer.status_code
    assert "__surely_unknown__" in json.dumps(answer.json.get("errors", {})), answer.json
