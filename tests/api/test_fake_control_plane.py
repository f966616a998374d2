"""The control plane /_fake through the test client."""
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest

from fake_tharstern.app import create_app

API = "/TharsternAPI/api"


def test_reset_returns_to_the_start_fixture(fake_client, auth):
    fake_client.post("/_fake/seed", json={"fixture": "empty"})
    assert fake_client.get("/_fake/state?summary=true").json["counts"]["products"] == 0
    summary = fake_client.post("/_fake/reset").json
    assert summary["fixture"] == "demo" and summary["counts"]["products"] == 16
    assert summary["counts"]["tokens"] == 0


def test_reset_to_another_fixture_and_bad_reset_bodies(fake_client):
    assert fake_client.post("/_fake/reset", json={"fixture": "empty"}).json["counts"]["customers"] == 0
    bad = fake_client.post("/_fake/reset", json={"fixture": "nope", "colour": 1})
    assert bad.status_code == 400 and "colour" in bad.json["errors"]
    assert fake_client.post("/_fake/reset", json={"fixture": "nope"}).json["errors"]["fixture"]


def test_seed_entities_then_use_them_through_the_api(fake_client, auth):
    answer = fake_client.post("/_fake/seed", json={
        "customers": [{"Code": "SEEDED", "Name": "Seeded Ltd", "UpliftPercentage": -50}],
        "productTypes": [{"ID": 40, "Name": "Stickers", "Parts": [{"Name": "Sheet", "DefaultStockItemCode": "DIG GLO 130"}],
                          "Pricing": {"SetupPrice": 0, "QuantityBreaks": [{"MinQuantity": 1, "UnitPrice": 1}],
                                      "ShippingBase": 0, "ShippingPerUnit": 0}}],
        "products": [{"Code": "STK-1", "ProductTypes_ID": 40, "LinkedCustomers": [{"CustomerCode": "SEEDED"}]}],
    })
    assert answer.status_code == 200 and answer.json["applied"] == {"users": 0, "customers": 1, "productTypes": 1, "products": 1}
    items = fake_client.get(f"{API}/products?customerCode=SEEDED", headers=auth).json["Details"]["Items"]
    assert [i["ProductTypes_Name"] for i in items] == ["Stickers"]
    part_id = fake_client.get(f"{API}/producttypes?id=40", headers=auth).json["Details"]["Items"][0]["Parts"][0]["ID"]
    estimate = fake_client.post(f"{API}/estrequest", headers=auth, json={
        "ProductTypeID": 40, "Quantity": 10, "Customer": {"Code": "SEEDED"},
        "Parts": [{"ProductTypePartID": part_id}]}).json
    # 10 x 1.00 run + 10 sheets x 0.04 paper = 10.40, less the customer's 50 %
    assert estimate["Details"]["Estimate"]["Price"] == 5.2


def test_seed_errors_name_every_field_and_apply_nothing(fake_client):
    answer = fake_client.post("/_fake/seed", json={"customers": [{"Name": "No code"}], "widgets": []})
    assert answer.status_code == 400
    assert set(answer.json["errors"]) == {"widgets"}
    answer = fake_client.post("/_fake/seed", json={"customers": [{"Name": "No code"}, {"Code": "OK1", "Name": "Fine"}]})
    assert set(answer.json["errors"]) == {"customers[0].Code"}
    assert "OK1" not in [c["Code"] for c in fake_client.get("/_fake/state").json["customers"]]
    assert fake_client.post("/_fake/seed", data="not json").status_code == 400


def test_state_leaves_passwords_out(fake_client):
    state = fake_client.get("/_fake/state").get_data(as_text=True)
    assert "integration@demo.test" in state and "tharstern\"" not in state and "Password" not in state


def test_journal_records_api_calls_with_masked_passwords(fake_client, auth):
    fake_client.get(f"{API}/customers?customerCode=ACME01", headers=auth)
    entries = fake_client.get("/_fake/journal").json["items"]
    assert [e["path"] for e in entries] == [f"{API}/authentication/generateapitoken", f"{API}/customers"]
    assert "password=***" in entries[0]["query"] and "tharstern" not in entries[0]["query"]
    assert entries[1]["status"] == 200 and entries[1]["client"] == "127.0.0.1"
    assert entries[1]["query"] == "customerCode=ACME01" and '"ACME01"' in entries[1]["response_body"]
    filtered = fake_client.get("/_fake/journal?path=customers&method=GET").json
    assert filtered["count"] == 1
    assert fake_client.delete("/_fake/journal").json["count"] == 0
    assert fake_client.get("/_fake/journal").json["count"] == 0


def test_journal_keeps_the_original_spelling_of_the_path(fake_client, auth):
    fake_client.get("/tharsternapi/API/Customers", headers=auth)
    assert fake_client.get("/_fake/journal?limit=1").json["items"][0]["path"] == "/tharsternapi/API/Customers"


def test_error_fault_answers_with_the_status_once(fake_client, auth):
    rule = fake_client.post("/_fake/faults", json={"kind": "error", "status": 503, "path": "*/products", "times": 1})
    assert rule.status_code == 201
    first = fake_client.get(f"{API}/products", headers=auth)
    second = fake_client.get(f"{API}/products", headers=auth)
    assert first.status_code == 503 and first.json["Status"]["Reasons"] == ["Injected fault"]
    assert second.status_code == 200
    journal = fake_client.get("/_fake/journal?path=products").json["items"]
    assert journal[0]["fault"] == [{"id": rule.json["id"], "kind": "error"}] and "fault" not in journal[1]
    assert fake_client.get("/_fake/faults").json["items"][0]["fired"] == 1


def test_malformed_fault_sends_broken_json(fake_client, auth):
    fake_client.post("/_fake/faults", json={"kind": "malformed", "path": "*/customers"})
    answer = fake_client.get(f"{API}/customers", headers=auth)
    assert answer.status_code == 200
    with pytest.raises(ValueError):
        __import__("json").loads(answer.get_data(as_text=True))


def test_html_fault_answers_a_web_page_where_the_api_should_be(fake_client, auth):
    fake_client.post("/_fake/faults", json={"kind": "html", "path": "*/authentication/*", "times": 1})
    answer = fake_client.get(f"{API}/authentication/generateapitoken?email=a@b.c&password=x&applicationId=a")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert b"<title>Tharstern - Sign in</title>" in answer.data
    assert fake_client.get("/_fake/journal?path=generateapitoken").json["items"][-1]["fault"][0]["kind"] == "html"


def test_latency_fault_delays_then_answers_normally(fake_client, auth):
    fake_client.post("/_fake/faults", json={"kind": "latency", "delay_ms": 5, "path": "*/customers"})
    assert fake_client.get(f"{API}/customers", headers=auth).status_code == 200
    assert fake_client.get("/_fake/journal?path=customers").json["items"][0]["fault"][0]["kind"] == "latency"


def test_faults_never_touch_the_control_plane(fake_client):
    fake_client.post("/_fake/faults", json={"kind": "error", "status": 500, "path": "*"})
    assert fake_client.get("/_fake/state?summary=true").status_code == 200


def test_faults_can_be_listed_removed_and_cleared(fake_client):
    first = fake_client.post("/_fake/faults", json={"kind": "drop"}).json
    fake_client.post("/_fake/faults", json={"kind": "malformed"})
    assert fake_client.delete(f"/_fake/faults/{first['id']}").json["count"] == 1
    assert fake_client.delete(f"/_fake/faults/{first['id']}").status_code == 404
    assert fake_client.delete("/_fake/faults").json["count"] == 0


def test_bad_fault_is_400_naming_fields(fake_client):
    answer = fake_client.post("/_fake/faults", json={"kind": "error", "status": "five hundred"})
    assert answer.status_code == 400 and set(answer.json["errors"]) == {"status"}


def test_allowlist_forbidden_mode_answers_403_for_others_only(fake_client):
    assert fake_client.put("/_fake/allowlist", json={"ips": ["127.0.0.2"], "mode": "forbidden"}).status_code == 200
    blocked = fake_client.get(f"{API}/authentication/generateapitoken")
    assert blocked.status_code == 403 and "127.0.0.1 is not allowed" in blocked.json["Status"]["Reasons"][0]
    allowed = fake_client.get(f"{API}/authentication/generateapitoken?email=integration@demo.test&password=tharstern"
                              "&applicationId=x", environ_base={"REMOTE_ADDR": "127.0.0.2"})
    assert allowed.status_code == 200
    assert fake_client.get("/_fake/state?summary=true").status_code == 200  # control plane unaffected
    assert fake_client.get("/_fake/journal").json["items"][0]["blocked"] == "forbidden"


def test_allowlist_validation(fake_client):
    answer = fake_client.put("/_fake/allowlist", json={"ips": "127.0.0.2", "mode": "sulk"})
    assert answer.status_code == 400 and set(answer.json["errors"]) == {"ips", "mode"}


def test_forwarded_for_is_honoured_only_with_trust_proxy():
    for trust, status in ((False, 403), (True, 200)):
        client = create_app({"TRUST_PROXY": trust, "ALLOWLIST": ["35.177.47.232"], "ALLOWLIST_MODE": "forbidden"}).test_client()
        answer = client.get(f"{API}/authentication/generateapitoken?email=integration@demo.test&password=tharstern"
                            "&applicationId=x", headers={"X-Forwarded-For": "35.177.47.232, 10.0.0.1"})
        assert answer.status_code == status


def test_clock_moves_forward_only(fake_client):
    before = fake_client.get("/_fake/clock").json
    after = fake_client.post("/_fake/clock", json={"advance_s": 7200}).json
    assert after["offset_s"] == before["offset_s"] + 7200
    assert fake_client.post("/_fake/clock", json={"advance_s": -5}).status_code == 400
    assert fake_client.post("/_fake/clock", json={"advance_s": "soon"}).json["errors"]["advance_s"]


def test_the_date_header_is_the_fake_clock_so_a_moved_clock_moves_it(fake_client, auth):
    def date_of(answer) -> float:
        return parsedate_to_datetime(answer.headers["Date"]).timestamp()
    before = date_of(fake_client.get(f"{API}/customers", headers=auth))
    fake_client.post("/_fake/clock", json={"advance_s": 2 * 86400})
    after = fake_client.get(f"{API}/customers", headers=auth)  # the token has expired by now: a 401, dated too
    assert date_of(after) - before >= 2 * 86400
    clock_now = datetime.fromisoformat(fake_client.get("/_fake/clock").json["now"].replace("Z", "+00:00"))
    assert abs(date_of(after) - clock_now.timestamp()) < 60  # the same clock, a few requests apart


def test_quirks_round_trip(fake_client):
    assert fake_client.put("/_fake/quirks", json={"estimate_failed_but_created": True}).json["estimate_failed_but_created"]
    assert fake_client.get("/_fake/quirks").json["estimate_failed_but_created"]
    assert fake_client.put("/_fake/quirks", json={"nope": True}).status_code == 400


def test_direct_edits_by_a_tharstern_user(fake_client, auth):
    created = fake_client.post("/_fake/customers", json={"Name": "Walk In", "ContactEmail": "walk@in.example"})
    assert created.status_code == 201 and created.json["Code"] == "WALKIN001"
    edited = fake_client.patch("/_fake/products/1006", json={"UnitPrice": 2.0, "Available": 0})
    assert edited.json["UnitPrice"] == 2.0
    item = fake_client.get(f"{API}/products?productCode=PEN-BRAND", headers=auth).json["Details"]["Items"][0]
    assert item["UnitPrice"] == 2.0 and item["Available"] == 0
    assert fake_client.patch("/_fake/products/1", json={"UnitPrice": 1}).status_code == 404


def test_coverage_counts_operations_and_faults_across_resets(fake_client, auth):
    fake_client.get(f"{API}/products", headers=auth)
    fake_client.post("/_fake/faults", json={"kind": "error", "status": 502, "times": 1})
    fake_client.get(f"{API}/customers", headers=auth)
    fake_client.post("/_fake/reset")
    report = fake_client.get("/_fake/coverage").json
    assert report["operations"]["hit"]["GET products"] == 1
    assert "GET authentication/generateapitoken" in report["operations"]["hit"]
    assert "POST orders/submit" in report["operations"]["missed"]
    assert report["faults"]["hit"] == {"error": 1} and "drop" in report["faults"]["missed"]


def test_control_plane_refuses_non_loopback_callers_without_the_token():
    client = create_app({"CONTROL_TOKEN": "sesame"}).test_client()
    remote = {"REMOTE_ADDR": "192.0.2.10"}
    assert client.get("/_fake/state", environ_base=remote).status_code == 403
    assert client.get("/_fake/state", environ_base=remote, headers={"X-Control-Token": "wrong"}).status_code == 403
    assert client.get("/_fake/state", environ_base=remote, headers={"X-Control-Token": "sesame"}).status_code == 200
    assert client.get("/_fake/state").status_code == 200
