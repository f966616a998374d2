"""A recording of one fake becomes a fixture whose fake (started with ``--fixture FILE``) answers
the same reads identically."""
from __future__ import annotations

import json

import requests
import yaml
from click.testing import CliRunner

from fake_tharstern.app import create_app as create_fake
from harness.calibration.fixture import fixture_from_recording
from harness.cli import main as tharness
from harness.server_thread import ServerThread
from tests.fixtures.calibration import REAL_EMAIL, REAL_PASSWORD

READS = ["products", "products?customerCode=WEB001", "products?customerCode=WEB001&includeGeneric=true",
         "producttypes", "customers", "customers?keyword=acme", "contacts?customerCode=WEB001",
         "contacts?customerCode=ACME01"]


def token_of(api: str, email: str, password: str) -> str:
    answer = requests.get(f"{api}/api/authentication/generateapitoken", timeout=30,
                          params={"email": email, "password": password, "applicationId": "fixture-test"})
    return answer.json()["Details"]["Token"]


def read_all(api: str, token: str) -> dict[str, object]:
    return {read: requests.get(f"{api}/api/{read}", auth=(token, ""), timeout=30).json()["Details"] for read in READS}


def test_a_fake_seeded_from_a_recording_answers_the_same_reads_with_the_same_data(recording_proxy, tmp_path):
    token = token_of(recording_proxy.api, REAL_EMAIL, REAL_PASSWORD)
    recorded_answers = read_all(recording_proxy.api, token)
    output = tmp_path / "mine.yaml"
    result = CliRunner().invoke(tharness, ["fixture", "from-recording", str(recording_proxy.folder), "-o", str(output),
                                           "--password", "local-pw"])
    assert result.exit_code == 0, result.output
    assert "2 users" not in result.output and "1 users" in result.output
    seed = yaml.safe_load(output.read_text())
    assert seed["users"] == [{"Email": REAL_EMAIL, "Password": "local-pw", "UserId": seed["users"][0]["UserId"]}]
    assert REAL_PASSWORD not in output.read_text()

    app = create_fake({"TESTING": True, "FIXTURE": str(output)})   # what --fixture FILE does
    with ServerThread(app, name="from-recording", poll_interval=0.05) as other:
        api = other.url + "/TharsternAPI"
        replayed = read_all(api, token_of(api, REAL_EMAIL, "local-pw"))
        requests.post(f"{other.url}/_fake/reset", json={}, timeout=30)   # reset returns to the file's world
        assert read_all(api, token_of(api, REAL_EMAIL, "local-pw")) == replayed
    app.extensions["fake_tharstern"].close()
    assert replayed == recorded_answers
    assert recorded_answers["products"]["TotalItemCount"] > 5   # not trivially equal
    as_json = tmp_path / "mine.json"
    CliRunner().invoke(tharness, ["fixture", "from-recording", str(recording_proxy.folder), "-o", str(as_json),
                                  "--password", "local-pw"])
    assert json.loads(as_json.read_text()) == seed


def test_what_the_recording_cannot_tell_is_a_warning(recording_proxy):
    token = token_of(recording_proxy.api, REAL_EMAIL, REAL_PASSWORD)
    requests.get(f"{recording_proxy.api}/api/products?paging_numberOfRecords=2", auth=(token, ""), timeout=30)
    requests.get(f"{recording_proxy.api}/api/contacts?customerCode=ACME01", auth=(token, ""), timeout=30)
    fixture = fixture_from_recording(recording_proxy.folder)
    assert any("GET products says" in w and "but 2 were recorded" in w for w in fixture.warnings)
    assert any("placeholder" in w for w in fixture.warnings)
    assert "customer ACME01 is known only from its contacts; its name is its code" in fixture.warnings
    assert fixture.counts()["users"] == 1


def test_a_broken_recording_folder_names_the_file(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "000001-GET-api-products.json").write_text(json.dumps({"format": "tharstern-recording/1",
        "request": {"method": "GET", "api_path": "/api/products", "params": []}, "response": None}))
    (folder / "000002-GET-api-customers.json").write_text('{"format": "tharstern-recording/1",\n "request": ')
    result = CliRunner().invoke(tharness, ["fixture", "from-recording", str(folder), "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 2
    assert "000002-GET-api-customers.json: line 2, column" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "f.yaml").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(tharness, ["fixture", "from-recording", str(empty), "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 2 and "no recorded exchanges" in result.output
