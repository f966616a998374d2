"""``tharness conformance`` over real sockets: a fake stands for the real Tharstern, and a
test-only proxy (altering_proxy.py) makes it differ in known ways."""
from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from harness.cli import main as tharness
from harness.server_thread import ServerThread
from tests.calibration.altering_proxy import AlteringProxy, Alterations
from tests.fixtures.calibration import REAL_EMAIL, REAL_PASSWORD


def conformance(api: str, *extra: str, password: str = REAL_PASSWORD):
    return CliRunner().invoke(tharness, ["conformance", "--against", api, "--email", REAL_EMAIL, "--password", password,
                                         "--application-id", "conformance-tests", *extra])


def findings(report_path) -> set[tuple[str, str, str]]:
    report = json.loads(report_path.read_text())
    return {(d["operation"], d["path"], d["kind"]) for d in report["differences"]}


def test_the_fake_against_itself_has_no_difference_and_nothing_secret_is_written(real, tmp_path):
    report, page, recording = tmp_path / "r.json", tmp_path / "r.html", tmp_path / "rec"
    result = conformance(real.api, "--report", str(report), "--html", str(page), "--record", str(recording))
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert data["differences"] == [] and data["probes"] >= 20
    assert {r["real"]["status"] for r in data["results"]} == {200, 400, 401, 404}
    assert "no difference" in result.output and "No difference" in page.read_text()
    tokens = real.issued_tokens()
    assert tokens
    outputs = [result.output, report.read_text(), page.read_text()] + [p.read_text() for p in recording.glob("*.json")]
    for text in outputs:
        assert REAL_PASSWORD not in text
        assert not any(token in text for token in tokens)
    assert REAL_EMAIL not in report.read_text()


def test_conformance_reports_exactly_the_known_differences(real, tmp_path):
    alterations = Alterations(rename={"Description": "Descr"}, stringify={"UnitPrice"},
                              status={"no-such-resource": 400})
    with ServerThread(AlteringProxy(real.url, alterations), name="altered-real", poll_interval=0.05) as altered:
        result = conformance(altered.url + "/TharsternAPI", "--report", str(tmp_path / "r.json"),
                             "--html", str(tmp_path / "r.html"))
    assert result.exit_code == 1, result.output
    page = tmp_path.joinpath("r.html").read_text()
    assert "4 differences" in page and "<code>Details.Items[].Descr</code>" in page
    assert findings(tmp_path / "r.json") == {
        ("GET products", "Details.Items[].Descr", "missing"),
        ("GET products", "Details.Items[].Description", "extra"),
        ("GET products", "Details.Items[].UnitPrice", "type"),
        ("404 GET", "(HTTP status)", "status"),
    }
    report = json.loads((tmp_path / "r.json").read_text())
    by_path = {d["path"]: d for d in report["differences"]}
    assert (by_path["Details.Items[].UnitPrice"]["real"], by_path["Details.Items[].UnitPrice"]["fake"]) == ("string", "number")
    assert (by_path["(HTTP status)"]["real"], by_path["(HTTP status)"]["fake"]) == (400, 404)
    assert "Descr" in result.output and "missing" in result.output


def test_an_enum_name_the_fake_does_not_know_is_a_difference(real, tmp_path):
    alterations = Alterations(rename_enum={"Type": ("Finished", "FinishedGood")})
    with ServerThread(AlteringProxy(real.url, alterations), name="altered-real", poll_interval=0.05) as altered:
        result = conformance(altered.url + "/TharsternAPI", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 1, result.output
    assert findings(tmp_path / "r.json") == {("GET products", "Details.Items[].Type", "enum")}


@pytest.mark.parametrize("quirk, extra, expected", [
    ("bad_credentials_success", [], {("GET authentication/generateapitoken (refused)", "Status.Success", "status")}),
    ("paging_start_index_is_page", [], {("GET products", "Details.Items[]", "extra")}),
    ("new_token_revokes_old", [], {("GET products", "(HTTP status)", "status")}),
    ("estimate_failed_but_created", ["--allow-writes"], {("POST estrequest", "Status.Success", "status"),
                                                          ("POST estrequest", "Status.Reasons[]", "missing"),
                                                          ("POST estrequest", "Details.Result.Problems[]", "missing")}),
    ("estimate_failure_is_400", ["--allow-writes"], {("POST estrequest", "(HTTP status)", "status")}),
    ("any_content_type", ["--allow-writes"], {("POST estrequest (text/plain)", "(HTTP status)", "status")}),
    ("jobs_visible_late", ["--allow-writes"], {("GET jobs", "Details.Items[]", "extra")}),
])
def test_the_fake_with_a_quirk_switched_differs_from_the_plain_fake(real, tmp_path, quirk, extra, expected):
    """Each quirk switched away from its default on the server standing for the real one is
    found, and nothing else is."""
    default = real.control("GET", "quirks")[quirk]
    real.control("PUT", "quirks", json={quirk: not default})
    result = conformance(real.api, "--report", str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html"), *extra)
    assert result.exit_code == 1, result.output
    assert findings(tmp_path / "r.json") == expected
    if quirk == "bad_credentials_success":   # booleans read as JSON does, on the console and the page
        assert "<td>false</td><td>true</td>" in tmp_path.joinpath("r.html").read_text()
        assert "False" not in result.output


def test_writes_only_when_allowed_and_marked(real, tmp_path):
    before = real.control("GET", "state?summary=true")
    result = conformance(real.api, "--report", str(tmp_path / "r.json"), "--allow-writes")
    assert result.exit_code == 0, result.output
    probes = {r["probe"] for r in json.loads((tmp_path / "r.json").read_text())["results"]}
    assert {"pricing the sample estimate request of product type 1", "a sales order marked as a probe",
            "pricing the first sent as text/plain", "the job of that order, at once"} <= probes
    orders = real.control("GET", "state")["orders"]
    assert any(o["UniqueSubmitOrderID"].startswith("THARNESS-CONFORMANCE-") for o in orders)
    assert before != real.control("GET", "state?summary=true")
    read_only = conformance(real.api, "--report", str(tmp_path / "r2.json"))
    assert read_only.exit_code == 0
    assert len(real.control("GET", "state")["orders"]) == len(orders)


def test_a_recording_folder_in_use_is_refused(real, tmp_path):
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "000001-GET-api-jobs.json").write_text("{}")
    result = conformance(real.api, "--record", str(tmp_path / "rec"))
    assert result.exit_code == 2 and "the folder is not empty" in result.output


def test_a_recording_folder_that_cannot_be_made_is_one_line(real, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = conformance(real.api, "--record", str(tmp_path / "file" / "rec"))
    assert result.exit_code == 2 and "cannot record into" in result.output and "Traceback" not in result.output


def test_against_a_fake_already_running(real, tmp_path):
    result = conformance(real.api, "--fake", real.api, "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("setup, message", [
    ("refused", "refused the credentials"),
    ("html", "answered a web page, not the Tharstern API"),
    ("unreachable", "the connection was refused"),
    ("not the api", "has no api/authentication/generateapitoken (404)"),
    ("dropped", "closed the connection without an answer"),
    ("redirected", "sends the token request elsewhere (302"),
])
def test_a_server_that_cannot_be_probed_gets_one_line(real, setup, message):
    api = real.api
    password = REAL_PASSWORD
    if setup == "refused":
        password = "wrong"
    elif setup == "html":
        real.control("POST", "faults", json={"path": "*generateapitoken*", "kind": "html"})
    elif setup == "unreachable":
        import socket
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            api = f"http://127.0.0.1:{sock.getsockname()[1]}/TharsternAPI"
    elif setup == "not the api":
        api = real.url + "/elsewhere"
    elif setup == "dropped":
        real.control("POST", "faults", json={"path": "*generateapitoken*", "kind": "drop"})
    if setup == "redirected":
        with ServerThread(AlteringProxy(real.url, Alterations(status={"generateapitoken": 302})), name="redirecting") as other:
            result = conformance(other.url + "/TharsternAPI")
    else:
        result = conformance(api, password=password)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert password not in result.output


def test_https_with_an_own_certificate_authority(real, tmp_path):
    """A real Tharstern on HTTPS with a certificate of its own: refused in one line without
    --ca-bundle, probed with it (through the in-process recording proxy too)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    server = make_server("127.0.0.1", 0, real.server.app, threaded=True, ssl_context=(str(cert), str(key)))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        api = f"https://127.0.0.1:{server.server_port}/TharsternAPI"
        untrusted = conformance(api)
        trusted = conformance(api, "--ca-bundle", str(cert))
    finally:
        server.shutdown()
        server.server_close()
    assert untrusted.exit_code == 2 and "TLS certificate" in untrusted.output and "--ca-bundle" in untrusted.output
    assert trusted.exit_code == 0, trusted.output


def test_estimates_orders_and_jobs_are_compared_although_no_fixture_carries_them(real, tmp_path):
    assert conformance(real.api, "--allow-writes").exit_code == 0   # the real server now has one of each
    alterations = Alterations(operation="jobs", rename={"JobNo": "JobNumber"})
    with ServerThread(AlteringProxy(real.url, alterations), name="altered-real", poll_interval=0.05) as altered:
        result = conformance(altered.url + "/TharsternAPI", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 1, result.output
    assert findings(tmp_path / "r.json") == {("GET jobs", "Details.Items[].JobNumber", "missing"),
                                             ("GET jobs", "Details.Items[].JobNo", "extra")}
    notes = json.loads((tmp_path / "r.json").read_text())["notes"]
    assert any("given a sales order with its job" in note for note in notes)
