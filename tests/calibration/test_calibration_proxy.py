"""The recording proxy over real sockets: a fake stands for the real Tharstern."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
import requests

from fake_tharstern.__main__ import main as fake_main
from fake_tharstern.proxy import create_proxy_app
from harness.server_thread import ServerThread
from tests.fixtures.calibration import REAL_EMAIL, REAL_PASSWORD


def recorded(folder):
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def login(api: str, **extra) -> requests.Response:
    return requests.get(f"{api}/api/authentication/generateapitoken", timeout=30, params={
        "email": REAL_EMAIL, "password": REAL_PASSWORD, "applicationId": "tests", **extra})


def test_answers_come_back_unchanged_and_each_exchange_is_recorded(real, recording_proxy):
    token = login(recording_proxy.api).json()["Details"]["Token"]
    through = requests.get(f"{recording_proxy.api}/api/Products?customerCode=WEB001&id[0]=1001", auth=(token, ""), timeout=30)
    direct = requests.get(f"{real.api}/api/Products?customerCode=WEB001&id[0]=1001", auth=(token, ""), timeout=30)
    assert through.status_code == direct.status_code == 200
    assert through.content == direct.content
    assert through.headers["Content-Type"] == direct.headers["Content-Type"]
    refused = requests.get(f"{recording_proxy.api}/api/products", auth=("not-a-token", ""), timeout=30)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == 'Basic realm="TharsternAPI"'

    files = sorted(p.name for p in recording_proxy.folder.glob("*.json"))
    assert files == ["000001-GET-api-authentication-generateapitoken.json", "000002-GET-api-products.json",
                     "000003-GET-api-products.json"]
    second = recorded(recording_proxy.folder)[1]
    assert second["request"]["method"] == "GET"
    assert second["request"]["path"] == "/TharsternAPI/api/Products"
    assert second["request"]["query"] == "customerCode=WEB001&id%5B0%5D=1001"   # as the client wrote it
    assert second["request"]["params"] == [["customerCode", "WEB001"], ["id[0]", "1001"]]
    assert second["request"]["headers"]["Authorization"] == "Basic ***"
    assert second["response"]["status"] == 200
    assert second["response"]["body"]["Details"]["Items"][0]["Code"] == "BC-STD"
    assert second["duration_ms"] > 0 and second["started"].endswith("Z")


def test_passwords_and_tokens_reach_neither_the_recording_nor_the_journal(real, recording_proxy):
    login(recording_proxy.api)
    requests.get(f"{recording_proxy.api}/api/authentication/generateapitoken?email={REAL_EMAIL}"
                 f"&%70assword={REAL_PASSWORD}&applicationId=x", timeout=30)
    requests.post(f"{recording_proxy.api}/api/customers/create", timeout=30,
                  json={"Name": "Masked Ltd", "ContactEmail": "m@x.test", "Password": REAL_PASSWORD})
    tokens = real.issued_tokens()
    assert len(tokens) == 2
    journal = requests.get(f"{recording_proxy.url}/_fake/journal", timeout=30).text
    texts = [p.read_text() for p in recording_proxy.folder.glob("*.json")] + [journal]
    for text in texts:
        assert REAL_PASSWORD not in text
        assert not any(token in text for token in tokens)
    assert '"Token": "***"' in texts[0] or '"Token": "***"' in "".join(texts)


def test_a_refusing_server_gets_a_502_and_is_recorded(tmp_path):
    with socket.socket() as sock:   # bound, never listening, then closed: the port refuses
        sock.bind(("127.0.0.1", 0))
        upstream = f"http://127.0.0.1:{sock.getsockname()[1]}/TharsternAPI"
    app = create_proxy_app(upstream, tmp_path / "rec")
    with ServerThread(app, name="proxy", poll_interval=0.05) as proxy:
        answer = requests.get(f"{proxy.url}/TharsternAPI/api/products", timeout=30)
    assert answer.status_code == 502
    assert "refused the connection" in answer.json()["Message"]
    exchange = recorded(tmp_path / "rec")[0]
    assert exchange["response"]["status"] == 502 and exchange["error"]["kind"] == "refused"


def test_a_slow_server_gets_a_504_and_a_dropping_one_a_closed_connection(real, tmp_path):
    app = create_proxy_app(real.api, tmp_path / "rec", read_timeout_s=0.5)
    real.control("POST", "faults", json={"path": "/TharsternAPI/api/customers*", "kind": "latency", "delay_ms": 20000})
    real.control("POST", "faults", json={"path": "/TharsternAPI/api/producttypes*", "kind": "drop"})
    try:
        with ServerThread(app, name="proxy", poll_interval=0.05) as proxy:
            slow = requests.get(f"{proxy.url}/TharsternAPI/api/customers", timeout=30)
            with pytest.raises(requests.ConnectionError):
                requests.get(f"{proxy.url}/TharsternAPI/api/producttypes", timeout=30)
            journal = requests.get(f"{proxy.url}/_fake/journal", timeout=30).json()["items"]
    finally:
        real.control("POST", "reset")   # lets the held request go
    assert slow.status_code == 504 and "did not answer within 0.5 s" in slow.json()["Message"]
    kinds = {e["request"]["api_path"]: (e["response"], e["error"]["kind"]) for e in recorded(tmp_path / "rec")}
    assert kinds["/api/customers"][0]["status"] == 504 and kinds["/api/customers"][1] == "timeout"
    assert kinds["/api/producttypes"] == (None, "dropped")
    assert [(e["path"], e["status"]) for e in journal] == [("/TharsternAPI/api/customers", 504),
                                                           ("/TharsternAPI/api/producttypes", None)]


def test_the_control_plane_works_and_faults_apply_in_front_of_the_real_server(real, recording_proxy):
    assert requests.get(f"{recording_proxy.url}/_fake/state?summary=true", timeout=30).status_code == 200
    requests.post(f"{recording_proxy.url}/_fake/faults", timeout=30,
                  json={"path": "/TharsternAPI/api/jobs", "kind": "error", "status": 503, "times": 1})
    assert requests.get(f"{recording_proxy.api}/api/jobs", timeout=30).status_code == 503
    assert requests.get(f"{recording_proxy.api}/api/jobs", timeout=30).status_code == 401   # the real one answers
    assert [e["response"]["status"] for e in recorded(recording_proxy.folder)] == [401]   # the fault never left


def test_a_folder_with_a_recording_is_continued_not_overwritten(real, tmp_path):
    for _ in range(2):
        app = create_proxy_app(real.api, tmp_path / "rec")
        with ServerThread(app, name="proxy", poll_interval=0.05) as proxy:
            requests.get(f"{proxy.url}/TharsternAPI/api/jobs", timeout=30)
    assert [e["seq"] for e in recorded(tmp_path / "rec")] == [1, 2]


@pytest.mark.parametrize("argv, message", [
    (["--record", "somewhere"], "--record goes with --proxy-to"),
    (["--proxy-to", "mis.example/TharsternAPI"], "--proxy-to takes a real Tharstern's API base"),
])
def test_command_line_mistakes_get_one_line(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        fake_main(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_python_m_fake_tharstern_proxy_to_records_with_a_masked_access_log(real, tmp_path):
    """The command a user runs: a process on a free port, its access log without the password."""
    folder = tmp_path / "rec"
    process = subprocess.Popen([sys.executable, "-m", "fake_tharstern", "--port", "0", "--proxy-to", real.api,
                                "--record", str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert line.startswith("Recording proxy on http://"), line
        api = line.split()[3]
        assert login(api, **{"%70assword": "ignored"}).status_code == 200
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    assert "generateapitoken" in log and "password=***" in log
    assert REAL_PASSWORD not in log
    assert [p.name for p in folder.glob("*.json")] == ["000001-GET-api-authentication-generateapitoken.json"]
