"""A fake started from a fixture file: the API answers with its data, reset returns to it, and a
wrong file stops the start with every problem's file and line (nothing half-loaded)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fake_tharstern.app import create_app
from fake_tharstern.fixtures.files import FixtureFileError
from tests.fixtures.fake import basic

API = "/TharsternAPI/api"
WORLD = """\
seed: 7
users:
  - Email: buyer@mine.test
    Password: s3cret
customers:
  - Code: MINE01
    Name: My Shop
    Contacts:
      - Name: Ann
        Email: ann@mine.test
productTypes:
  - ID: 40
    Name: Stickers
    Parts: [{Name: Sheet}]
products:
  - Code: STK-1
    ProductTypes_ID: 40
    LinkedCustomers: [{CustomerCode: MINE01}]
  - Code: SHELF-1
    Type: Sundry
    UnitPrice: 2.5
allowlist:
  mode: forbidden
"""


def token(client, email="buyer@mine.test", password="s3cret"):
    answer = client.get(f"{API}/authentication/generateapitoken",
                        query_string={"email": email, "password": password, "applicationId": "t"})
    return answer.json["Details"]["Token"]


@pytest.fixture
def world_file(tmp_path):
    path = tmp_path / "world.yaml"
    path.write_text(WORLD)
    return path


def started(config):
    app = create_app({"TESTING": True, **config})
    return app, app.test_client()


def test_the_api_answers_with_the_files_world_and_reset_returns_to_it(world_file):
    app, client = started({"FIXTURE": str(world_file)})
    try:
        auth = basic(token(client))
        items = client.get(f"{API}/products?customerCode=MINE01", headers=auth).json["Details"]["Items"]
        assert [i["Code"] for i in items] == ["STK-1"] and items[0]["ProductTypes_Name"] == "Stickers"
        assert client.get(f"{API}/contacts?customerCode=MINE01", headers=auth).json["Details"]["Items"][0]["Email"] == "ann@mine.test"
        assert token(client, "integration@demo.test", "tharstern") != "00000000-0000-0000-0000-000000000000"  # base: empty
        state = client.get("/_fake/state?summary=true").json
        assert state["fixture"] == str(world_file) and state["seed"] == 42
        assert state["counts"]["customers"] == 1 and state["allowlist"]["mode"] == "forbidden"

        client.post("/_fake/seed", json={"fixture": "demo"})
        client.put("/_fake/allowlist", json={"mode": "drop"})
        assert client.get("/_fake/state?summary=true").json["counts"]["customers"] > 1
        summary = client.post("/_fake/reset").json
        assert summary["fixture"] == str(world_file) and summary["counts"]["customers"] == 1
        assert summary["counts"]["products"] == 2 and summary["allowlist"]["mode"] == "forbidden"
        client.post("/_fake/reset", json={"fixture": "demo"})
        named = client.post("/_fake/reset", json={"fixture": str(world_file)})  # by its path, as the document says
        assert named.status_code == 200 and named.json["fixture"] == str(world_file)
        assert named.json["counts"]["customers"] == 1
        other = client.post("/_fake/reset", json={"fixture": str(world_file) + ".other"})
        assert other.status_code == 400 and "fixture" in other.json["errors"]
    finally:
        app.extensions["fake_tharstern"].close()


def test_a_json_file_on_a_demo_base_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "more.json"
    path.write_text(json.dumps({"fixture": "demo", "customers": [{"Code": "EXTRA1", "Name": "Extra"}]}))
    monkeypatch.setenv("FAKE_THARSTERN_FIXTURE", str(path))
    app, client = started({})
    try:
        codes = [c["Code"] for c in client.get("/_fake/state").json["customers"]]
        assert "EXTRA1" in codes and "WEB001" in codes
    finally:
        app.extensions["fake_tharstern"].close()


def test_every_problem_is_named_with_its_line_and_nothing_starts(tmp_path):
    path = tmp_path / "wrong.yaml"
    path.write_text("customers:\n  - Code: OK\n    Name: Fine\n  - Name: No code\nproducts:\n"
                    "  - Code: P1\n    ProductTypes_ID: 999\nwidgets: []\n")
    with pytest.raises(FixtureFileError) as raised:
        create_app({"FIXTURE": str(path)})
    assert [str(p) for p in raised.value.problems] == [f"{path}:8: widgets: unknown key; a seed takes fixture, seed, "
                                                       "users, customers, productTypes, products, allowlist"]
    path.write_text(path.read_text().replace("widgets: []\n", "fixture: nope\n"))
    with pytest.raises(FixtureFileError) as raised:
        create_app({"FIXTURE": str(path)})
    assert [(p.line, p.message.split(":")[0]) for p in raised.value.problems] == [(8, "fixture")]
    path.write_text(path.read_text().replace("fixture: nope\n", ""))
    with pytest.raises(FixtureFileError) as raised:
        create_app({"FIXTURE": str(path)})
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (4, "customers[1].Code: is required"), (7, "products[0].ProductTypes_ID: product type 999 does not exist")]


def test_the_command_line_exits_2_naming_file_and_line(tmp_path):
    path = tmp_path / "wrong.json"
    path.write_text('{"customers": [\n  {"Code": "A", "Name": "x"},\n  {"Code": "B", "Name": 5, "Deleted": "maybe"}\n]}')
    done = subprocess.run([sys.executable, "-m", "fake_tharstern", "--port", "0", "--fixture", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"{path}:3: customers[1].Deleted: must be true or false" in done.stderr
    done = subprocess.run([sys.executable, "-m", "fake_tharstern", "--port", "0", "--fixture", "nowhere"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "neither a fixture" in done.stderr


def test_a_bad_allowlist_in_the_file_is_named_with_its_line(tmp_path):
    path = tmp_path / "walls.yml"
    path.write_text("customers: []\nallowlist:\n  mode: forbidden\n  ips:\n    - 127.0.0.1\n    - not-an-address\n")
    with pytest.raises(FixtureFileError) as raised:
        create_app({"FIXTURE": str(path)})
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (6, "allowlist.ips[1]: 'not-an-address' is not an IP address or network")]


def test_a_file_nested_too_deep(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FixtureFileError, match="nests deeper"):
        create_app({"FIXTURE": str(path)})
