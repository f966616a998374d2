"""What a hostile client sends to the connector's own routes (issue 14, items 4, 5 and 10): a body
that is not JSON (a form post, ``text/plain`` as a page on another site sends it, none at all on
a PUT) is a 415 and changes nothing, where ``main`` read it as "no fields" and reset the
behaviour settings; JSON nested thousands deep is a 400, not a ``RecursionError``, on every route
and in the signed webhook receiver; a method a path does not take is a 405 with ``Allow``.
"Changes nothing" is checked on every table of the database."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from connector.models import Base, WebhookEvent, WebhookSubscription
from tests.security.test_webhook_refusals import sign

NOT_JSON = {
    "a form post": {"data": {"markup_percent": "0", "handles_pricing": "false"},
                    "content_type": "application/x-www-form-urlencoded"},
    "text/plain JSON": {"data": '{"markup_percent": 0}', "content_type": "text/plain"},
    "multipart": {"data": {"name": "x"}, "content_type": "multipart/form-data"},
    "no body at all": {},
}
DEEP = {"330 deep": 330, "5,000 deep": 5000, "100,000 deep": 100_000}


def database(connector) -> dict[str, list]:
    with connector.runtime().store.sessions() as session:
        return {table.name: [tuple(row) for row in session.execute(select(table))]
                for table in Base.metadata.sorted_tables}


def routes(connector, methods: set[str]) -> list[tuple[str, str]]:
    found = []
    for rule in connector.app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:int:)?(\w+)>", lambda m: "default" if m.group(1) == "sf" else "1", rule.rule)
        found += [(method, path) for method in sorted(rule.methods & methods)]
    return found


def nested(depth: int) -> str:
    return '{"name": ' + "[" * depth + "]" * depth + "}"


def test_put_behaviour_with_a_form_body_changes_nothing(connector, tharstern):
    before = connector.sf("GET", "/behaviour").json
    answer = connector.sf("PUT", "/behaviour", data={"markup_percent": "0"})
    assert answer.status_code == 415, answer.json
    assert "Content-Type" in answer.json["errors"]["json"]
    assert connector.sf("GET", "/behaviour").json == before


@pytest.mark.parametrize("body", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_no_put_or_patch_takes_a_body_that_is_not_json(connector, tharstern, body):
    before = database(connector)
    attacked = routes(connector, {"PUT", "PATCH"})
    assert len(attacked) >= 10
    for method, path in attacked:
        answer = connector.client.open(path, method=method, **body)
        assert answer.status_code in (404, 415), (method, path, answer.status_code, answer.json)
        if answer.status_code == 415:
            assert answer.json["errors"]["json"]["Content-Type"], (method, path)
    assert database(connector) == before


@pytest.mark.parametrize("depth", DEEP.values(), ids=DEEP.keys())
def test_deep_json_is_refused_on_every_route(connector, tharstern, depth):
    before = database(connector)
    for method, path in routes(connector, {"POST", "PUT", "PATCH"}):
        answer = connector.client.open(path, method=method, data=nested(depth), content_type="application/json")
        assert answer.status_code in (400, 404, 413), (method, path, answer.status_code)
        if answer.status_code == 400:
            assert "Invalid JSON body" in json.dumps(answer.json), (method, path, answer.json)
    assert database(connector) == before


@pytest.mark.parametrize("depth", DEEP.values(), ids=DEEP.keys())
def test_a_signed_deep_event_is_a_400_and_stores_nothing(connector, tharstern, depth):
    assert connector.sf("POST", "/subscriptions/sync").status_code == 200
    with connector.runtime().store.sessions() as session:
        secret = connector.runtime().passwords.open(session.scalar(select(WebhookSubscription.secret)))
    body = json.dumps({"EventId": "evt_deep", "Event": "JobStatusChanged", "Sequence": 1,
                       "Data": {"JobNo": "900001"}}).encode()[:-2] + b', "Deep": ' + b"[" * depth + b"]" * depth + b"}}"
    headers = sign(secret, "evt_deep", int(connector.runtime().clock.time()), body)
    answer = connector.client.post("/webhooks/tharstern/default", data=body, headers=headers,
                                   content_type="application/json")
    assert answer.status_code == 400, answer.data[:300]
    with connector.runtime().store.sessions() as session:
        assert session.scalar(select(WebhookEvent.id)) is None


def test_every_405_says_which_methods_the_path_takes(connector, tharstern):
    for rule in connector.app.url_map.iter_rules():
        if rule.rule.startswith(("/_static", "/admin/static")):
            continue
        path = re.sub(r"<(?:int:|path:)?(\w+)>", lambda m: "default" if m.group(1) == "sf" else "1", rule.rule)
        for method in ("TRACE", "DELETE", "PUT"):
            if method in rule.methods:
                continue
            answer = connector.client.open(path, method=method)
            if answer.status_code != 405:
                continue  # another rule takes this method on the same path
            allowed = {m.strip() for m in answer.headers.get("Allow", "").split(",") if m.strip()}
            assert rule.methods <= allowed, (method, path, answer.headers.get("Allow"))
            assert answer.json["code"] == 405


@pytest.mark.parametrize("path", ["/imported-products?site=%00", "/customers/1/link?q=a%00b", "/connect-link/options?q=%00"])
def test_nul_in_a_querys_text_is_a_422_naming_the_field(connector, tharstern, path):
    """The document says no text holds NUL; the request guard checks bodies, ``Text`` checks queries."""
    answer = connector.sf("GET", path)
    assert answer.status_code == 422, (path, answer.status_code, answer.json)
    assert "NUL" in json.dumps(answer.json["errors"]["query"]), answer.json
