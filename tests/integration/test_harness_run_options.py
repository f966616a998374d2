"""``tharness run``'s second-round options: -n N workers with one merged report, --shard I/N,
--last-failed, --trace, --har FILE."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from harness.cli import main

PASSING = "scenario: Products answer {n}\ntags: [catalog]\nsteps:\n  - tharstern: GET products\n"
FAILING = ("scenario: Products are refused without a token\ntags: [auth]\nsteps:\n"
           "  - tharstern: GET products\n    auth: none\n    expect: {status: 200}\n")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def suite(write_scenario, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # --last-failed remembers in ./.tharness
    for n in range(5):
        write_scenario(PASSING.format(n=n), name=f"passing-{n}", folder="catalog")
    write_scenario(FAILING, name="failing", folder="auth")
    return tmp_path / "catalog", tmp_path / "auth"


def test_workers_run_everything_once_and_report_as_one_run(suite, tmp_path):
    junit, html = tmp_path / "junit.xml", tmp_path / "report.html"
    result = invoke("run", *suite, "-n", "2", "--junit", junit, "--html", html)
    assert result.exit_code == 1
    assert "tharness: 5 passed, 1 failed" in result.output
    assert re.search(r"6 scenarios in [\d.]+ s on 2 workers", result.output)
    assert "Products are refused without a token" in result.output  # the failure is explained
    cases = ET.parse(junit).getroot().iter("testcase")
    assert sorted(c.get("name") for c in cases) == sorted([f"Products answer {n}" for n in range(5)]
                                                          + ["Products are refused without a token"])
    assert html.read_text(encoding="utf-8").count('class="scenario ') == 6
    assert "operations" in result.output  # coverage merged from both workers


def test_workers_with_live_servers_are_refused():
    result = invoke("run", "--live", "--tharstern-url", "http://127.0.0.1:9/TharsternAPI", "-n", "2")
    assert result.exit_code == 2 and "--shard" in result.output


def test_shards_split_the_selection_stably_and_completely(suite):
    seen = []
    for index in (1, 2, 3):
        result = invoke("run", *suite, "--shard", f"{index}/3")
        assert f"--shard {index}/3: 2 of the 6 selected scenarios" in result.output
        seen.append(sorted(set(re.findall(r"(Products answer \d|Products are refused)", result.output.split("Scenarios")[-1]))))
        again = invoke("run", *reversed(suite), "--shard", f"{index}/3")  # the same split whatever the order given
        assert sorted(set(re.findall(r"(Products answer \d|Products are refused)", again.output.split("Scenarios")[-1]))) == seen[-1]
    names = [name for shard in seen for name in shard]
    assert sorted(names) == sorted({*(f"Products answer {n}" for n in range(5)), "Products are refused"})  # each once
    assert invoke("run", *suite, "--shard", "4/3").exit_code == 2
    assert "expected I/N" in invoke("run", *suite, "--shard", "two").output


def test_last_failed_reruns_only_what_did_not_pass(suite, write_scenario):
    first = invoke("run", *suite)
    assert "tharness: 5 passed, 1 failed" in first.output
    again = invoke("run", *suite, "--last-failed")
    assert "running the 1 of 6 selected that did not pass last time" in again.output
    assert "tharness: 0 passed, 1 failed" in again.output
    write_scenario(FAILING.replace("status: 200", "status: 401"), name="failing", folder="auth")  # fixed
    fixed = invoke("run", *suite, "--lf")
    assert "tharness: 1 passed, 0 failed" in fixed.output
    everything = invoke("run", *suite, "--lf")
    assert "no failures remembered from the last run; running all selected" in everything.output
    assert "tharness: 6 passed, 0 failed" in everything.output


def test_trace_prints_the_exchanges_of_passing_scenarios(suite):
    result = invoke("run", suite[0], "-k", "answer 1", "--trace")
    assert result.exit_code == 0
    assert "PASSED Products answer 1" in result.output
    assert "→ tharstern POST /_fake/reset → 200" in result.output
    assert "→ tharstern GET /TharsternAPI/api/products → 200" in result.output
    assert "⇢ tharstern journal" in result.output and "from harness" in result.output


def test_har_holds_every_exchange_of_the_run(suite, tmp_path):
    har = tmp_path / "run.har"
    result = invoke("run", *suite, "--har", har)
    assert f"wrote {har}" in result.output
    log = json.loads(har.read_text(encoding="utf-8"))["log"]
    assert log["version"] == "1.2" and log["creator"]["name"] == "tharness"
    assert len(log["pages"]) == 6
    pages = {p["id"] for p in log["pages"]}
    products = [e for e in log["entries"] if e["request"]["url"].endswith("/TharsternAPI/api/products")]
    assert len(products) == 6 and {e["pageref"] for e in products} == pages
    refused = next(e for e in products if e["response"]["status"] == 401)
    assert refused["_phase"].startswith("step 1") and refused["response"]["content"]["text"]
    token = next(e for e in log["entries"] if "generateapitoken" in e["request"]["url"])
    assert {"name": "password", "value": "***"} in token["request"]["queryString"]
    for entry in log["entries"]:
        assert {"startedDateTime", "time", "request", "response", "cache", "timings"} <= set(entry)
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", entry["startedDateTime"])
        assert all(h["value"] == "***" for h in entry["request"]["headers"]
                   if h["name"].lower() in ("authorization", "x-control-token"))


def test_workers_are_handed_the_longest_scenarios_first(suite):
    from harness.run.picking import longest_first, read_durations, stable_key
    from harness.scenario import load_many

    invoke("run", *suite)
    durations = read_durations()
    assert len(durations) == 6 and all(ms > 0 for ms in durations.values())
    ordered = longest_first(load_many(list(suite)).scenarios)
    times = [durations[stable_key(s)] for s in ordered]
    assert times == sorted(times, reverse=True)


def test_a_fresh_tharness_process_forks_its_workers(suite, tmp_path):
    import subprocess
    import sys

    junit = tmp_path / "forked.xml"
    done = subprocess.run([sys.executable, "-c", "from harness.cli import main; main()", "run", *map(str, suite),
                           "-n", "2", "--junit", str(junit)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "tharness: 5 passed, 1 failed" in done.stdout
    assert len(list(ET.parse(junit).getroot().iter("testcase"))) == 6


def test_the_start_method_is_fork_only_without_other_threads():
    import threading

    from harness.run.parallel import start_method

    assert start_method() in ("fork", "spawn")
    ready = threading.Event()
    thread = threading.Thread(target=ready.wait, daemon=True)
    thread.start()
    try:
        assert start_method() == "spawn"
    finally:
        ready.set()
        thread.join()
