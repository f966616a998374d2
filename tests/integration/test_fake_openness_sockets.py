"""Fixture files, snapshots, the state file, stubs and fault headers over real sockets."""
from __future__ import annotations

import json

import pytest
import requests

from fake_tharstern.app import create_app
from harness.server_thread import ServerThread

API = "/TharsternAPI/api"


@pytest.fixture
def serve():
    started = []

    def start(config=None):
        app = create_app({"TESTING": True, **(config or {})})
        server = ServerThread(app, name="fake", poll_interval=0.05).start()
        started.append((app, server))
        http = requests.Session()
        http.trust_env = False
        return app, server.url, http
    yield start
    for app, server in started:
        server.stop()
        app.extensions["fake_tharstern"].close()


def token(http, url, email="integration@demo.test", password="tharstern"):
    answer = http.get(f"{url}{API}/authentication/generateapitoken", timeout=10,
                      params={"email": email, "password": password, "applicationId": "sockets"})
    return answer.json()["Details"]["Token"]


def test_a_fixture_file_served(serve, tmp_path):
    path = tmp_path / "world.json"
    path.write_text(json.dumps({"users": [{"Email": "me@mine.test", "Password": "pw"}],
                                "customers": [{"Code": "MINE01", "Name": "Mine"}],
                                "products": [{"Code": "SHELF", "Type": "Sundry", "UnitPrice": 1.5}]}))
    _, url, http = serve({"FIXTURE": str(path)})
    auth = (token(http, url, "me@mine.test", "pw"), "")
    items = http.get(f"{url}{API}/products", auth=auth, timeout=10).json()["Details"]["Items"]
    assert [(i["Code"], i["UnitPrice"]) for i in items] == [("SHELF", 1.5)]
    http.post(f"{url}/_fake/seed", json={"customers": [{"Code": "MORE", "Name": "More"}]}, timeout=10)
    assert http.post(f"{url}/_fake/reset", json={}, timeout=10).json()["counts"]["customers"] == 1


def test_stubs_and_fault_headers_over_the_wire(serve):
    _, url, http = serve()
    auth = (token(http, url), "")
    added = http.post(f"{url}/_fake/stubs", timeout=10, json={
        "method": "POST", "path": "jdf/preview", "json_contains": {"JobNo": "100001"}, "status": 201,
        "envelope": True, "json": {"JobNo": "{{ request.json.JobNo }}", "Pages": 4},
        "headers": {"Location": "/TharsternAPI/api/jdf/{{ request.json.JobNo }}"}, "times": 1})
    assert added.status_code == 201
    answer = http.post(f"{url}{API}/jdf/preview", auth=auth, json={"JobNo": "100001"}, timeout=10)
    assert answer.status_code == 201 and answer.headers["Location"] == "/TharsternAPI/api/jdf/100001"
    assert answer.json()["Details"] == {"JobNo": "100001", "Pages": 4}
    assert http.post(f"{url}{API}/jdf/preview", auth=auth, json={"JobNo": "100001"}, timeout=10).status_code == 404
    assert http.get(f"{url}/_fake/journal", params={"path": "jdf/preview"}, timeout=10).json()["items"][0]["stub"] == 1

    http.post(f"{url}/_fake/faults", json={"kind": "error", "status": 429, "path": "products", "times": 1,
                                           "headers": {"Retry-After": "7", "X-RateLimit-Remaining": "0"}}, timeout=10)
    limited = http.get(f"{url}{API}/products", auth=auth, timeout=10)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    assert limited.headers["X-RateLimit-Remaining"] == "0" and limited.json()["Status"]["Success"] is False


def test_a_snapshot_moves_a_world_from_one_server_to_another(serve):
    _, source, http = serve()
    _, target, _ = serve({"FIXTURE": "empty"})
    auth = (token(http, source), "")
    http.post(f"{source}/_fake/seed", json={"customers": [{"Code": "MOVED", "Name": "Moved"}]}, timeout=10)
    http.post(f"{source}/_fake/stubs", json={"path": "invoices", "json": []}, timeout=10)
    snapshot = http.get(f"{source}/_fake/snapshot", timeout=10).json()
    assert http.put(f"{target}/_fake/snapshot", json=snapshot, timeout=10).status_code == 200
    assert http.get(f"{target}{API}/customers", params={"customerCode": "MOVED"}, auth=auth,
                    timeout=10).json()["Details"]["TotalItemCount"] == 1
    assert http.get(f"{target}{API}/invoices", auth=auth, timeout=10).json() == []
    bad = http.put(f"{target}/_fake/snapshot", json={**snapshot, "seed": "x"}, timeout=10)
    assert bad.status_code == 400 and "seed" in bad.json()["errors"]


def test_the_state_file_follows_every_change_by_itself(serve, tmp_path):
    path = tmp_path / "state" / "fake.json"
    app, url, http = serve({"STATE_FILE": str(path)})
    state_file = app.extensions["fake_tharstern"].state_file
    assert json.loads(path.read_text())["format"] == "fake-tharstern-snapshot"
    http.post(f"{url}/_fake/seed", json={"customers": [{"Code": "LATER", "Name": "Later"}]}, timeout=10)
    revision = http.get(f"{url}/_fake/snapshot/save", timeout=10).json()["revision"]
    assert state_file.wait_saved(revision, 30), state_file.status()  # no explicit save: the saver wrote it
    codes = [c["Code"] for c in json.loads(path.read_text())["data"]["customers"]]
    assert "LATER" in codes
    assert [p.name for p in path.parent.iterdir()] == ["fake.json"]  # written atomically: no temporary left


def test_the_state_file_from_the_environment_restores_a_new_app(tmp_path, monkeypatch):
    path = tmp_path / "env-state.json"
    monkeypatch.setenv("FAKE_THARSTERN_STATE_FILE", str(path))
    first = create_app({"TESTING": True})
    client = first.test_client()
    client.post("/_fake/stubs", json={"path": "invoices", "json": {"kept": True}})
    client.post("/_fake/snapshot/save")
    first.extensions["fake_tharstern"].close()
    second = create_app({"TESTING": True})
    try:
        assert second.test_client().get("/_fake/stubs").json["items"][0]["json"] == {"kept": True}
        assert second.extensions["fake_tharstern"].state_file.path == path
    finally:
        second.extensions["fake_tharstern"].close()


def test_an_empty_state_file_starts_fresh_and_an_unwritable_one_stops_the_start(tmp_path):
    from fake_tharstern.backend.snapshots.statefile import StateFileError
    empty = tmp_path / "empty.json"
    empty.write_text("")
    app = create_app({"TESTING": True, "STATE_FILE": str(empty)})
    try:
        assert json.loads(empty.read_text())["version"] == 1
    finally:
        app.extensions["fake_tharstern"].close()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StateFileError, match="cannot be written"):
        create_app({"TESTING": True, "STATE_FILE": str(blocker / "state.json")})
