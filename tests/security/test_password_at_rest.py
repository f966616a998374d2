"""The connection password at rest (issue 14, item 8): whoever reads the connector's database file
finds no password in it, in any encoding; the key lives in ``CONNECTOR_SECRET_KEY`` or in a key
file made on first start with mode 0600; a password an older connector stored in plain text is
sealed at the next start; a database opened with another key loses the password's use (Check
Connection asks for it again) but never shows it."""
from __future__ import annotations

import base64
import os
import re
import sqlite3
import stat

import pytest

from connector.app import close_app, create_app

PASSWORD = "s3cret-At-Rest-Ω"
ENCODINGS = [PASSWORD, PASSWORD.encode().hex(), base64.b64encode(PASSWORD.encode()).decode().rstrip("="),
             PASSWORD[::-1]]


@pytest.fixture
def start(tharstern, tmp_path):
    """A connector on a database file in tmp_path; each call is a fresh start on the same file."""
    apps = []

    def stop_all() -> None:  # as a process ends: its connections to the file close
        while apps:
            app = apps.pop()
            close_app(app)
            app.extensions["connector"].store.engine.dispose()

    def started(**config):
        stop_all()
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/connector.sqlite", "TEST_CONTROLS": True,
                          "THARSTERN_URL": tharstern.api_url, "SECRET_KEY_FILE": str(tmp_path / "keys" / "connector.key"),
                          **config})
        apps.append(app)
        return app.test_client()
    yield started
    stop_all()


def stored(tmp_path) -> list[str]:
    with sqlite3.connect(tmp_path / "connector.sqlite") as database:
        return [row[0] for row in database.execute("SELECT password FROM storefronts WHERE password IS NOT NULL")]


def whole_file(tmp_path) -> bytes:
    return b"".join((tmp_path / name).read_bytes() for name in os.listdir(tmp_path)
                    if name.startswith("connector.sqlite"))


def checks_out(client) -> bool:
    answer = client.post("/api/storefronts/default/connection/check")
    return answer.status_code == 200 and answer.json["ok"]


def test_the_database_file_holds_no_password(start, tmp_path):
    client = start()
    assert client.patch("/api/storefronts/default/connection", json={"password": PASSWORD}).status_code == 200
    assert client.patch("/api/storefronts/default/connection", json={"password": "tharstern"}).status_code == 200
    assert checks_out(client)  # the sealed password still reaches Tharstern
    assert client.patch("/api/storefronts/default/connection", json={"password": PASSWORD}).status_code == 200
    values = stored(tmp_path)
    assert values and all(v.startswith("fernet:") for v in values)
    content = whole_file(tmp_path)
    for spelling in ENCODINGS:
        assert spelling.encode() not in content, spelling
    answer = client.get("/api/storefronts/default/connection").json
    assert answer["password_set"] is True and "password" not in answer


def test_the_key_file_is_made_once_private_and_kept(start, tmp_path):
    first = start()
    key_file = tmp_path / "keys" / "connector.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes()
    assert checks_out(first)
    again = start()  # a restart reads the same key and opens what the first sealed
    assert key_file.read_bytes() == key and checks_out(again)


def test_plain_passwords_from_an_older_connector_are_sealed_at_start(start, tmp_path):
    start()
    with sqlite3.connect(tmp_path / "connector.sqlite") as database:
        database.execute("UPDATE storefronts SET password = 'tharstern'")
    assert "tharstern" in stored(tmp_path)
    client = start()
    assert all(v.startswith("fernet:") for v in stored(tmp_path))
    content = whole_file(tmp_path)  # not even in a freed page: only column names (tharstern_id, ...) are left
    assert not re.search(rb"tharstern(?!_)", content)
    assert checks_out(client)


def test_another_key_opens_nothing_and_shows_nothing(start, tmp_path, caplog):
    start(SECRET_KEY="the first key, as any text")
    client = start(SECRET_KEY="a different key")
    answer = client.post("/api/storefronts/default/connection/check")
    assert answer.status_code == 409 and "password" in answer.json["errors"]
    assert "tharstern" not in answer.get_data(as_text=True)
    assert "cannot be opened with this key" in caplog.text and "fernet:" not in caplog.text
    assert client.patch("/api/storefronts/default/connection", json={"password": "tharstern"}).status_code == 200
    assert checks_out(client)  # entering it again mends it


def test_a_fernet_key_from_the_environment_is_used_as_it_is(start, tmp_path):
    from cryptography.fernet import Fernet
    key = Fernet.generate_key().decode()
    client = start(SECRET_KEY=key)
    assert checks_out(client)
    assert Fernet(key).decrypt(stored(tmp_path)[0].removeprefix("fernet:").encode()) == b"tharstern"
    assert not (tmp_path / "keys").exists()  # no key file when the environment gives the key


def test_webhook_secrets_are_sealed_too_and_still_verify(start, tmp_path):
    client = start()
    assert client.post("/api/storefronts/default/subscriptions/sync").status_code == 200
    assert client.post("/api/storefronts/default/subscriptions/sync").status_code == 200  # a previous secret too
    with sqlite3.connect(tmp_path / "connector.sqlite") as database:
        [(secret, previous)] = database.execute("SELECT secret, previous_secret FROM webhook_subscriptions")
    assert secret.startswith("fernet:") and previous.startswith("fernet:")
    assert b"whsec_" not in whole_file(tmp_path)
    with sqlite3.connect(tmp_path / "connector.sqlite") as database:  # as an older connector left it
        database.execute("UPDATE webhook_subscriptions SET secret = 'whsec_b2xkZXItY29ubmVjdG9yLXNlY3JldC0zMmJ5dGVzIQ=='")
    start()
    assert b"whsec_" not in whole_file(tmp_path)
