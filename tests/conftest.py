"""Shared fixtures: the fake as an app, a test client, tokens, and real servers on loopback."""
from __future__ import annotations

import base64

import pytest

from fake_tharstern.app import create_app as create_fake
from harness.servers import ServerThread

DEMO_EMAIL = "integration@demo.test"
DEMO_PASSWORD = "tharstern"


def basic(token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{token}:".encode()).decode()}


@pytest.fixture
def fake_app():
    return create_fake({"TESTING": True})


@pytest.fixture
def fake_client(fake_app):
    return fake_app.test_client()


@pytest.fixture
def fake_backend(fake_app):
    return fake_app.extensions["fake_tharstern"]


def issue_token(client, application_id: str = "tests") -> str:
    answer = client.get("/TharsternAPI/api/authentication/generateapitoken",
                        query_string={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "applicationId": application_id})
    assert answer.status_code == 200, answer.json
    return answer.json["Details"]["Token"]


@pytest.fixture
def auth(fake_client) -> dict[str, str]:
    """Authorization headers with a fresh demo token."""
    return basic(issue_token(fake_client))


@pytest.fixture
def fake_server(fake_app):
    with ServerThread(fake_app, name="fake") as server:
        yield server
