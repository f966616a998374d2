"""Snapshots through the test client: the whole state out and back in, the same state (and the same
future) after the round trip, and a bad snapshot refused field by field with nothing changed."""
from __future__ import annotations

import copy

import pytest

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, comparable_state, issue_token
from tests.fixtures.webhooks import SECRET

API = "/TharsternAPI/api"


@pytest.fixture
def fakes():
    made = []

    def make(config=None):
        app = create_app({"TESTING": True, **(config or {})})
        made.append(app)
        return app.test_client()
    yield make
    for app in made:
        app.extensions["fake_tharstern"].close()


def busy_world(client):
    """A fake with something of everything: tokens, an order with jobs moved on, a plan, a
    subscription with deliveries held back by a delay fault, faults, a stub, quirks, allowlist,
    an advanced clock."""
    auth = basic(issue_token(client))
    client.post(f"{API}/webhooks/subscriptions", headers=auth,
                json={"Url": "http://127.0.0.1:9/hooks", "Events": ["JobStatusChanged"], "Secret": SECRET})
    assert client.post("/_fake/webhooks/faults", json={"kind": "delay", "delay_s": 86400}).status_code == 201
    order = client.post(f"{API}/orders/submit", headers=auth, json={"Orders": [{
        "InvoiceCustomer": {"Code": "WEB001"}, "UniqueSubmitOrderID": "SNAP-1",
        "Items": [{"StockItemID": 1006, "Quantity": 10}, {"StockItemID": 1006, "Quantity": 20}]}]}).json
    order_no = order["Details"]["Orders"][0]["OrderNo"]
    jobs = client.get(f"{API}/jobs", headers=auth).json["Details"]["Items"]
    first, second = sorted(j["JobNo"] for j in jobs if j["SalesOrderNo"] == order_no)
    assert client.post(f"/_fake/jobs/{first}/status", json={"Status": "InProduction"}).status_code == 200
    assert client.post(f"/_fake/jobs/{second}/auto", json={"to": "Completed", "after_s": 600}).status_code == 200
    assert client.put("/_fake/jobs/auto", json={"to": "OutOnProof", "after_reads": 2}).status_code == 200
    assert client.post("/_fake/faults", json={"kind": "error", "status": 429, "path": "customers*", "times": 3,
                                              "headers": {"Retry-After": "120"}, "probability": 0.5, "seed": 3}).status_code == 201
    assert client.post("/_fake/stubs", json={"path": "invoices/*", "json": {"No": "{{ request.query.no }}"},
                                             "envelope": True, "times": 5}).status_code == 201
    client.put("/_fake/quirks", json={"paging_start_index_is_page": True})
    client.put("/_fake/allowlist", json={"ips": ["127.0.0.0/8"], "mode": "forbidden"})
    client.post("/_fake/clock", json={"advance_s": 90})
    return auth


def test_a_round_trip_gives_the_same_state_and_the_same_future(fakes):
    source = fakes()
    busy_world(source)
    snapshot = source.get("/_fake/snapshot").json
    assert snapshot["format"] == "fake-tharstern-snapshot" and snapshot["version"] == 1
    assert snapshot["data"]["jobs"][0]["StatusHistory"] and snapshot["webhooks"]["deliveries"]["items"]
    assert snapshot["webhooks"]["subscriptions"]["items"][0]["Secret"] == SECRET
    assert snapshot["data"]["users"][0]["Password"] == "tharstern"

    target = fakes({"FIXTURE": "empty"})
    answer = target.put("/_fake/snapshot", json=snapshot)
    assert answer.status_code == 200, answer.json
    assert comparable_state(target.get("/_fake/state").json) == comparable_state(source.get("/_fake/state").json)
    again = target.get("/_fake/snapshot").json
    assert {**again, "taken_at": None} == {**snapshot, "taken_at": None}
    assert target.get("/_fake/stubs").json == source.get("/_fake/stubs").json
    assert target.get("/_fake/faults").json == source.get("/_fake/faults").json

    # the future: the next token, order number and event are the ones the source gives
    for client in (source, target):
        client.put("/_fake/allowlist", json={"ips": []})
    tokens = [issue_token(c, "next") for c in (source, target)]
    assert tokens[0] == tokens[1]
    numbers = [c.post(f"{API}/orders/submit", headers=basic(t), json={"Orders": [{
        "InvoiceCustomer": {"Code": "WEB001"}, "Items": [{"StockItemID": 1006, "Quantity": 1}]}]}).json
        ["Details"]["Orders"][0]["OrderNo"] for c, t in zip((source, target), tokens, strict=True)]
    assert numbers[0] == numbers[1]
    events = [c.get("/_fake/webhooks/deliveries?limit=1").json["items"][0]["event_id"] for c in (source, target)]
    assert events[0] == events[1]


def test_a_snapshot_keeps_working_state_the_old_fake_had(fakes):
    source = fakes()
    auth = busy_world(source)
    target = fakes()
    target.put("/_fake/snapshot", json=source.get("/_fake/snapshot").json)
    target.put("/_fake/allowlist", json={"ips": []})
    # the token issued before the snapshot still works, the 429 fault and the stub still answer
    assert target.get(f"{API}/products", headers=auth).status_code == 200
    stubbed = target.get(f"{API}/invoices/7?no=7", headers=auth)
    assert stubbed.status_code == 200 and stubbed.json["Details"] == {"No": "7"}
    plans = target.get("/_fake/state").json["jobAutoDefault"]
    assert plans["to"] == "OutOnProof" and plans["after_reads"] == 2


BAD = [
    (lambda s: s.update(version=2), "version"),
    (lambda s: s.pop("webhooks"), "snapshot"),
    (lambda s: s["data"]["jobs"][0]["Status"].update(Name="Flying"), "data.jobs[0].Status.Name"),
    (lambda s: s["data"]["jobs"][0].pop("InvoiceCustomer"), "data.jobs[0]"),
    (lambda s: s["data"]["orders"][0]["Status"].update(Name="Lost"), "data.orders[0].Status.Name"),
    (lambda s: s["data"]["customers"][0].update(Code=""), "data.customers[0].Code"),
    (lambda s: s["data"]["products"][0].update(ProductTypes_ID=999), "data.products[0].ProductTypes_ID"),
    (lambda s: s["data"]["tokens"][0].update(email="nobody@x.test"), "data.tokens[0].email"),
    (lambda s: s["faults"]["items"][0].update(status=200), "faults.items[0].status"),
    (lambda s: s["faults"]["items"][0]["headers"].update({"Content-Length": "1"}), "faults.items[0].headers.Content-Length"),
    (lambda s: s["stubs"]["items"][0].update(json="{{ oops"), "stubs.items[0].json"),
    (lambda s: s["stubs"]["items"][0].pop("id"), "stubs.items[0].id"),
    (lambda s: s["webhooks"]["subscriptions"]["items"][0].update(Url="ftp://x"), "webhooks.subscriptions.items[0].Url"),
    (lambda s: s["webhooks"]["deliveries"]["items"][0].update(subscription_id=77),
     "webhooks.deliveries.items[0].subscription_id"),
    (lambda s: s["webhooks"]["policy"].update(max_attempts=0), "webhooks.policy.max_attempts"),
    (lambda s: s["quirks"].update(made_up=True), "quirks.made_up"),
    (lambda s: s["allowlist"].update(mode="sulk"), "allowlist.mode"),
    (lambda s: s["jobs_auto"]["plans"].update({"424242": s["jobs_auto"]["plans"][next(iter(s["jobs_auto"]["plans"]))]}),
     "jobs_auto.plans.424242"),
    (lambda s: s.update(rng=[3, [1, 2], None]), "rng"),
    (lambda s: next(iter(s["jobs_auto"]["plans"].values())).update(colour="red"), "jobs_auto.plans.100002"),
    (lambda s: s["data"]["tokens"][0].update(scope="all"), "data.tokens[0]"),
    (lambda s: s["clock"].update(offset_s=-5), "clock.offset_s"),
]


@pytest.mark.parametrize(("spoil", "field"), BAD, ids=[f for _, f in BAD])
def test_a_bad_snapshot_is_refused_naming_the_field_and_changes_nothing(fakes, spoil, field):
    client = fakes()
    busy_world(client)
    before = comparable_state(client.get("/_fake/state").json)
    snapshot = client.get("/_fake/snapshot").json
    client.post("/_fake/reset")
    reset_state = comparable_state(client.get("/_fake/state").json)
    spoil(snapshot)
    answer = client.put("/_fake/snapshot", json=snapshot)
    assert answer.status_code == 400, answer.json
    assert field in answer.json["errors"], answer.json["errors"]
    assert comparable_state(client.get("/_fake/state").json) == reset_state != before


def test_bodies_that_are_not_snapshots(fakes):
    client = fakes()
    assert client.put("/_fake/snapshot", data="nope", content_type="application/json").status_code == 400
    assert client.put("/_fake/snapshot", json=[1, 2]).json["errors"] == {"snapshot": ["[1, 2] is not of type 'object'"]}
    assert client.post("/_fake/snapshot/save").status_code == 409


def test_a_ten_thousand_item_world_goes_out_and_back_in(fakes):
    source = fakes({"FIXTURE": "large"})
    snapshot = source.get("/_fake/snapshot")
    assert len(snapshot.data) > 1_048_576  # beyond the usual body limit: PUT /_fake/snapshot takes more
    target = fakes({"FIXTURE": "empty"})
    answer = target.put("/_fake/snapshot", data=snapshot.data, content_type="application/json")
    assert answer.status_code == 200 and answer.json["counts"]["products"] > 10_000
    assert comparable_state(target.get("/_fake/state").json) == comparable_state(source.get("/_fake/state").json)


def test_the_snapshot_schema_asks_for_every_field_the_job_rules_read():
    from fake_tharstern.backend.production.jobs import EVENT_FIELDS
    from fake_tharstern.backend.snapshots.snapshot_schema import JOB
    assert set(EVENT_FIELDS) <= set(JOB["required"])


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, path + (key,))
    elif isinstance(value, list) and value and not (len(value) > 100):
        for index, inner in enumerate(value):
            yield from leaves(inner, path + (index,))
    else:
        yield path


def test_junk_anywhere_in_a_snapshot_is_a_400_never_a_server_error(fakes):
    import random
    client = fakes()
    busy_world(client)
    snapshot = client.get("/_fake/snapshot").json
    paths = sorted(set(leaves(snapshot)), key=str)
    rng = random.Random(7)
    removed = object()
    for path in rng.sample(paths, min(50, len(paths))):
        for junk in (None, "x", -1, {}, removed):
            spoiled = copy.deepcopy(snapshot)
            target = spoiled
            for step in path[:-1]:
                target = target[step]
            if not path:
                continue
            if junk is removed:
                if not isinstance(target, dict):
                    continue
                del target[path[-1]]
            else:
                target[path[-1]] = junk
            answer = client.put("/_fake/snapshot", json=spoiled)
            assert answer.status_code in (200, 400), (path, junk, answer.get_data(as_text=True)[:300])
            if answer.status_code == 200:  # still a working fake, whatever was accepted
                for page in ("/_fake/state", "/_fake/ui/", "/_fake/ui/jobs", "/_fake/ui/orders", "/_fake/ui/estimates",
                             "/_fake/ui/webhooks", "/_fake/ui/stubs", "/_fake/ui/clock"):
                    assert client.get(page).status_code == 200, (path, junk, page)
                client.delete("/_fake/faults")  # an injected fault may answer 5xx on purpose
                client.put("/_fake/allowlist", json={"ips": []})
                token = client.get(f"{API}/authentication/generateapitoken", query_string={
                    "email": "integration@demo.test", "password": "tharstern", "applicationId": "j"}).json
                if token["Status"]["Success"]:
                    for read in ("jobs", "orders", "estimates", "customers", "products", "webhooks/subscriptions"):
                        assert client.get(f"{API}/{read}", headers=basic(token["Details"]["Token"])).status_code < 500, \
                            (path, junk, read)
