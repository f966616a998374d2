"""Tenants through the test client: ``/t/{name}/...`` is a fake of its own, plain paths the default."""
from __future__ import annotations

import pytest

from fake_tharstern.app import create_app
from tests.fixtures.fake import DEMO_EMAIL, DEMO_PASSWORD, basic
from tests.fixtures.processes import wait_for

API = "/TharsternAPI/api"


def token(client, root: str = "") -> str:
    answer = client.get(f"{root}{API}/authentication/generateapitoken",
                        query_string={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "applicationId": "tenants"})
    return answer.json["Details"]["Token"]


@pytest.fixture
def app():
    app = create_app({"TESTING": True, "MAX_TENANTS": 3})
    yield app
    app.extensions["fake_tharstern_tenants"].close()
    app.extensions["fake_tharstern"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def test_a_tenant_is_made_on_first_use_from_the_start_fixture(client):
    client.post("/_fake/seed", json={"fixture": "empty"})
    assert client.get("/_fake/state?summary=true").json["counts"]["customers"] == 0
    state = client.get("/t/ci-1/_fake/state?summary=true").json
    assert state["fixture"] == "demo" and state["counts"]["customers"] > 0
    assert [t["name"] for t in client.get("/_fake/tenants").json["items"]] == ["default", "ci-1"]


def test_data_and_tokens_are_per_tenant(client):
    client.post("/t/a/_fake/seed", json={"customers": [{"Code": "ONLYA", "Name": "Only in A"}]})
    a, b = basic(token(client, "/t/a")), basic(token(client, "/t/b"))
    assert client.get(f"/t/a{API}/customers?keyword=ONLYA", headers=a).json["Details"]["TotalItemCount"] == 1
    assert client.get(f"/t/b{API}/customers?keyword=ONLYA", headers=b).json["Details"]["TotalItemCount"] == 0
    client.post("/t/b/_fake/reset", json={})  # b's tokens go; a's stay
    assert client.get(f"/t/b{API}/customers", headers=b).status_code == 401
    assert client.get(f"/t/a{API}/customers", headers=a).status_code == 200


def test_faults_journal_clock_quirks_and_allowlist_stay_in_their_tenant(client):
    client.post("/t/a/_fake/faults", json={"kind": "error", "status": 503, "path": "*"})
    client.post("/t/a/_fake/clock", json={"advance_s": 86400})
    client.put("/t/a/_fake/quirks", json={"estimate_failure_is_400": True})
    client.put("/t/a/_fake/allowlist", json={"ips": ["10.9.9.9"], "mode": "forbidden"})
    assert client.get(f"/t/a{API}/authentication/generateapitoken").status_code == 403  # allowlist first
    b = basic(token(client, "/t/b"))
    assert client.get(f"/t/b{API}/customers", headers=b).status_code == 200
    assert client.get("/t/b/_fake/faults").json["items"] == []
    assert client.get("/t/b/_fake/clock").json["offset_s"] == 0
    assert client.get("/t/b/_fake/quirks").json["estimate_failure_is_400"] is False
    assert client.get("/t/b/_fake/allowlist").json["ips"] == []
    assert client.get("/_fake/allowlist").json["ips"] == []
    journal = client.get("/t/a/_fake/journal").json["items"]
    assert [(e["path"], e["status"]) for e in journal] == [(f"{API}/authentication/generateapitoken", 403)]
    assert all(e["path"].startswith(API) for e in client.get("/t/b/_fake/journal").json["items"])
    assert client.get("/_fake/journal").json["items"] == []


def test_webhook_subscriptions_are_per_tenant(client):
    made = client.post("/t/a/_fake/webhooks/subscriptions", json={"Url": "http://127.0.0.1:9/hook", "Events": ["JobStatusChanged"]})
    assert made.status_code in (200, 201), made.json
    assert len(client.get("/t/a/_fake/webhooks/subscriptions").json["items"]) == 1
    assert client.get("/t/b/_fake/webhooks/subscriptions").json["items"] == []


def test_plain_paths_and_t_default_are_the_same_tenant(client):
    client.post("/_fake/seed", json={"customers": [{"Code": "DEF1", "Name": "Default"}]})
    assert client.get("/t/default/_fake/state?summary=true").json == client.get("/_fake/state?summary=true").json


@pytest.mark.parametrize("path", ["/t/bad name/_fake/state", "/t/-x/TharsternAPI/api/products", "/t/a%3Fb/_fake/ui/"])
def test_a_bad_tenant_name_is_a_400_naming_it(client, path):
    answer = client.get(path)
    assert answer.status_code == 400
    assert "tenant name" in answer.json["message"] and answer.json["errors"]["tenant"]


def test_past_the_cap_a_new_tenant_is_a_503_saying_how_to_free_one(client):
    for name in ("a", "b", "c"):
        assert client.get(f"/t/{name}/_fake/state").status_code == 200
    full = client.get("/t/d/_fake/state")
    assert full.status_code == 503 and "FAKE_THARSTERN_MAX_TENANTS" in full.json["message"]
    listed = client.get("/_fake/tenants").json
    assert listed["count"] == 4 and listed["max_tenants"] == 3 and listed["idle_clock"].startswith("real time")
    assert client.delete("/_fake/tenants/a", json={}).json == {"removed": "a"}
    assert client.get("/t/d/_fake/state").status_code == 200


def test_removing_a_tenant_forgets_its_state_and_stops_its_webhook_worker(client, app):
    client.post("/t/a/_fake/faults", json={"kind": "error", "status": 500})
    registry = app.extensions["fake_tharstern_tenants"]
    tenant = registry.enter("a")
    registry.leave(tenant)
    worker = tenant.backend.webhooks.dispatcher.worker
    worker.kick()  # the dispatcher thread runs, as after a first delivery
    assert worker.running
    assert client.delete("/t/a/_fake/tenant", json={}).status_code == 200
    assert worker.closed and not worker.running
    assert client.get("/t/a/_fake/faults").json["items"] == []  # a fresh tenant under the old name


def test_removal_errors_name_the_problem(client):
    assert client.delete("/_fake/tenants/nope", json={}).status_code == 404
    assert client.delete("/_fake/tenants/default", json={}).status_code == 409
    assert client.delete("/_fake/tenant", json={}).status_code == 409  # plain path: the default tenant
    assert client.delete("/_fake/tenants/bad%20name", json={}).json["errors"]["name"]


def test_the_console_shows_and_switches_the_tenant(client):
    page = client.get("/t/a/_fake/ui/").get_data(as_text=True)
    assert 'name="name" value="a"' in page
    assert 'href="/t/a/_fake/ui/faults"' in page  # links stay in the tenant
    assert client.get("/t/a/_fake/ui/tenant?name=b").location == "/t/b/_fake/ui/"
    assert client.get("/t/a/_fake/ui/tenant?name=default").location == "/_fake/ui/"
    assert client.get("/_fake/ui/tenant?name=no%20good").status_code == 400
    assert client.get("/t/a").location == "/t/a/_fake/ui/"


def test_the_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FAKE_THARSTERN_MAX_TENANTS", "7")
    monkeypatch.setenv("FAKE_THARSTERN_TENANT_IDLE_S", "90")
    app = create_app({"TESTING": True})
    listed = app.test_client().get("/_fake/tenants").json
    assert (listed["max_tenants"], listed["idle_s"]) == (7, 90)


def test_an_idle_tenant_expires_on_real_time_and_its_webhook_worker_stops():
    app = create_app({"TESTING": True, "TENANT_IDLE_S": 0.2})
    client = app.test_client()
    # the fake's clock does not count; a request is done when its answer is closed, as servers do
    client.post("/t/a/_fake/clock", json={"advance_s": 10 * 86400}).close()
    registry = app.extensions["fake_tharstern_tenants"]
    tenant = registry.enter("a")
    registry.leave(tenant)
    worker = tenant.backend.webhooks.dispatcher.worker
    worker.kick()
    wait_for(lambda: [t["name"] for t in client.get("/_fake/tenants").json["items"]] == ["default"], 30,
             "tenant a to expire")
    assert worker.closed and not worker.running
    assert client.get("/t/a/_fake/clock").json["offset_s"] == 0  # the name makes a fresh tenant
    registry.close()
    app.extensions["fake_tharstern"].close()


def test_stubs_and_snapshots_are_per_tenant(client):
    made = client.post("/t/a/_fake/stubs", json={"method": "GET", "path": "Invoices/*", "envelope": True,
                                                  "json": {"Total": 1}})
    assert made.status_code in (200, 201), made.json
    a, b = basic(token(client, "/t/a")), basic(token(client, "/t/b"))
    assert client.get(f"/t/a{API}/invoices/list", headers=a).json["Details"] == {"Total": 1}
    assert client.get(f"/t/b{API}/invoices/list", headers=b).status_code == 404
    assert client.get("/t/b/_fake/stubs").json["items"] == []
    client.post("/t/a/_fake/seed", json={"customers": [{"Code": "SNAP1", "Name": "In the snapshot"}]})
    snapshot = client.get("/t/a/_fake/snapshot").json
    assert client.put("/t/c/_fake/snapshot", json=snapshot).status_code == 200  # a copy of a in c
    c = basic(token(client, "/t/c"))
    assert client.get(f"/t/c{API}/customers?keyword=SNAP1", headers=c).json["Details"]["TotalItemCount"] == 1
    default = basic(token(client))
    assert client.get(f"{API}/customers?keyword=SNAP1", headers=default).json["Details"]["TotalItemCount"] == 0


def test_a_stranger_cannot_make_tenants_to_fill_the_slots():
    # the attack: a caller that may reach the API (not loopback, no control token) asks for new
    # tenants one after another, to take every slot from the team's CI jobs
    app = create_app({"TESTING": True, "MAX_TENANTS": 2, "CONTROL_TOKEN": "s3cret"})
    stranger = {"REMOTE_ADDR": "203.0.113.9"}
    try:
        client = app.test_client()
        for name in ("spam-1", "spam-2", "spam-3"):
            refused = client.get(f"/t/{name}{API}/authentication/generateapitoken", environ_base=stranger,
                                 query_string={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "applicationId": "x"})
            assert refused.status_code == 403 and "X-Control-Token" in refused.json["errors"]["tenant"][0]
        assert [t["name"] for t in client.get("/_fake/tenants").json["items"]] == ["default"]
        # a CI job from another machine makes its tenant through the control plane, with the token
        made = client.get("/t/ci-7/_fake/state?summary=true", environ_base=stranger,
                          headers={"X-Control-Token": "s3cret"})
        assert made.status_code == 200
        # then its client (no control token) calls the tenant's API like any other
        answer = client.get(f"/t/ci-7{API}/authentication/generateapitoken", environ_base=stranger,
                            query_string={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "applicationId": "x"})
        assert answer.status_code == 200 and answer.json["Details"]["Token"]
        assert [t["name"] for t in client.get("/_fake/tenants").json["items"]] == ["default", "ci-7"]
    finally:
        app.extensions["fake_tharstern_tenants"].close()
        app.extensions["fake_tharstern"].close()
