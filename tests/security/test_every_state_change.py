"""The class, not the examples: every state-changing route of both servers (read from their URL
maps, so a route added later is covered) refuses a cross-site request and a form post, except the
faked Tharstern API, which keeps Tharstern's rules."""
from __future__ import annotations

import re

import pytest

from connector.app import close_app
from connector.app import create_app as create_connector
from fake_tharstern.app import create_app as create_fake
from tests.fixtures.clients import plain_client

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
EVIL = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}


def concrete(rule: str) -> str:
    """``/api/storefronts/<string:sf>/orders/<int:oid>`` -> ``/api/storefronts/default/orders/1``."""
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>",
                  lambda m: "1" if m.group(1) in ("int", "float") else ("default" if m.group(2) == "sf" else "1"), rule)


def state_changes(app, skip: str | None = None) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if skip and rule.rule.lower().startswith(skip.lower()):
            continue
        found.extend((method, concrete(rule.rule)) for method in sorted(rule.methods & WRITES))
    return found


@pytest.fixture(scope="module")
def fake():
    app = create_fake({"TESTING": True})
    yield app
    app.extensions["fake_tharstern"].close()


@pytest.fixture(scope="module")
def connector():
    app = create_connector({"DATABASE_URL": "sqlite://", "TEST_CONTROLS": True, "TESTING": True})
    yield app
    close_app(app)


def test_both_servers_have_state_changes_to_guard(fake, connector):
    assert len(state_changes(fake, skip="/TharsternAPI")) > 20 and len(state_changes(connector)) > 25


def refuse_cross_site_form_posts_and_text_bodies(app, routes) -> None:
    for method, path in routes:
        client = plain_client(app)
        crossed = client.open(path, method=method, data="a=1", content_type="application/x-www-form-urlencoded",
                              headers=EVIL)
        assert crossed.status_code == 403, (method, path, crossed.status_code)
        text = client.open(path, method=method, data="{}", content_type="text/plain")
        assert text.status_code == 415, (method, path, text.status_code)


def test_every_control_plane_state_change_refuses_a_cross_site_form_post_and_a_text_body(fake):
    refuse_cross_site_form_posts_and_text_bodies(fake, state_changes(fake, skip="/TharsternAPI"))


def test_every_connector_state_change_refuses_a_cross_site_form_post_and_a_text_body(connector):
    refuse_cross_site_form_posts_and_text_bodies(connector, state_changes(connector))


def test_the_faked_api_checks_no_origin_as_tharstern_does(fake):
    for method, path in state_changes(fake):
        if not path.startswith("/TharsternAPI/"):
            continue
        answer = plain_client(fake).open(path, method=method, data="{}", content_type="application/json", headers=EVIL)
        assert answer.status_code != 403, (method, path)
