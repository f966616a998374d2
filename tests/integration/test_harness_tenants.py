"""``tharness run --tharstern-url U --tenant NAME|auto``: suites share one fake over real sockets,
each in a tenant of its own, at the same time, with no cross-talk."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from harness.cli import main
from tests.fixtures.processes import wait_for

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
# faults, the allowlist (against the harness's own address), and a connector scenario with a webhook:
# each would break a suite running beside it if the fake's state were shared
SUITE = [SCENARIOS / "faults", SCENARIOS / "allowlist",
         SCENARIOS / "webhooks-connector" / "a-despatch-brings-status-and-tracking-number-to-the-order-line.scenario.yaml"]
THARNESS = Path(sys.executable).parent / "tharness"


def tenants(server) -> list[str]:
    return [t["name"] for t in requests.get(f"{server.url}/_fake/tenants", timeout=30).json()["items"]]


def test_three_suites_at_once_against_one_fake_all_pass_and_leave_no_tenant(fake_server, tmp_path):
    command = [str(THARNESS), "run", "--tharstern-url", f"{fake_server.url}/TharsternAPI", "--tenant", "auto",
               *map(str, SUITE)]
    runs = []
    for n in range(3):
        folder = tmp_path / f"suite-{n}"  # each run remembers its failures in ./.tharness
        folder.mkdir()
        runs.append(subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    passed = set()
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output[-4000:]
        summary = re.search(r"tharness: (\d+) passed, 0 failed", output)
        assert summary, output[-2000:]
        passed.add(int(summary.group(1)))
    assert len(passed) == 1 and passed.pop() >= 7  # every suite ran every scenario
    assert tenants(fake_server) == ["default"]  # auto tenants are removed at the end
    assert requests.get(f"{fake_server.url}/_fake/journal", timeout=30).json()["items"] == []


def test_a_named_tenant_stays_for_a_person_to_look_at(fake_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "--tharstern-url", f"{fake_server.url}/TharsternAPI",
                                       "--tenant", "team-a", str(SCENARIOS / "faults")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert tenants(fake_server) == ["default", "team-a"]
    # every request of the run is done, so the tenant goes idle: the server counts a request out when it
    # has closed the answer, which can be a moment after the client has read the whole body
    wait_for(lambda: requests.get(f"{fake_server.url}/_fake/tenants", timeout=30).json()["items"][1]["in_flight"] == 0,
             timeout_s=30, what="team-a with no request in flight")
    journal = requests.get(f"{fake_server.url}/t/team-a/_fake/journal", timeout=30).json()["items"]
    assert journal and all(e["path"].startswith("/TharsternAPI/") for e in journal)


def test_a_bad_tenant_name_stops_the_run_naming_it(fake_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", "--tharstern-url", f"{fake_server.url}/TharsternAPI",
                                       "--tenant", "no good", str(SCENARIOS / "faults")])
    assert result.exit_code == 2
    assert "tenant name 'no good' is not valid" in result.output


@pytest.mark.parametrize("args, says", [
    (["--tenant", "auto"], "--tenant goes with --tharstern-url"),
    (["--connector-url", "http://127.0.0.1:9"], "--connector-url needs --tharstern-url"),
    (["--tharstern-url", "http://127.0.0.1:9/TharsternAPI", "-n", "2"], "-n runs each worker"),
])
def test_usage_errors(args, says, tmp_path):
    result = CliRunner().invoke(main, ["run", str(SCENARIOS / "faults"), *args])
    assert result.exit_code == 2 and says in result.output


def test_live_runs_in_a_tenant_too(fake_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    requests.post(f"{fake_server.url}/_fake/faults", json={"kind": "error", "status": 500, "path": "*"}, timeout=30)
    result = CliRunner().invoke(main, ["run", "--live", "--tharstern-url", f"{fake_server.url}/TharsternAPI",
                                       "--tenant", "auto", str(SCENARIOS / "faults")], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # the default tenant's fault touched no call of the run
    assert tenants(fake_server) == ["default"]
    assert len(requests.get(f"{fake_server.url}/_fake/faults", timeout=30).json()["items"]) == 1


def test_the_pytest_plugin_runs_in_a_tenant(pytester, fake_server):
    pytester.makefile(".scenario.yaml", **{"scenarios/fault": (
        "scenario: A fault in my tenant\nsteps:\n"
        "  - tharstern: POST /_fake/faults\n    json: {kind: error, status: 503, path: '*/products'}\n"
        "  - tharstern: GET products\n    expect: {status: 503}\n")})
    result = pytester.runpytest("scenarios", "--tharness-tharstern-url", f"{fake_server.url}/TharsternAPI",
                                "--tharness-tenant", "auto")
    result.assert_outcomes(passed=1)
    assert tenants(fake_server) == ["default"]
    assert requests.get(f"{fake_server.url}/_fake/faults", timeout=30).json()["items"] == []
    alone = pytester.runpytest("scenarios", "--tharness-tenant", "auto")
    assert alone.ret != 0
    alone.stderr.fnmatch_lines(["*--tharness-tenant goes with --tharness-tharstern-url*"])
