"""The pytest plugin: scenario files become items named by title, tags become markers, and -k,
-m, --strict-markers, --junitxml and xdist work."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

PASSING = "scenario: Stock levels are listed\ntags: [stock, auto-link]\nsteps:\n  - tharstern: GET products\n"
FAILING = ("scenario: Tokens are required\ntags: [auth]\nsteps:\n"
           "  - tharstern: GET products\n    auth: none\n    expect: {status: 200}\n")


@pytest.fixture(autouse=True)
def only_the_tharness_plugin(pytester, monkeypatch):
    """The pytest runs here load the tharness plugin and nothing else installed (schemathesis,
    hypothesis, faker, anyio, timeout): a user's scenario run needs none of them, and importing
    them was most of each run's start-up. The xdist test names xdist itself."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeini("[pytest]\naddopts = -p harness.pytest_plugin\n")


def make_suite(pytester):
    pytester.makefile(".scenario.yaml", **{"scenarios/stock/listed": PASSING, "scenarios/auth/tokens": FAILING})


def test_each_file_is_one_item_named_by_its_title_and_failures_explain_themselves(pytester):
    make_suite(pytester)
    result = pytester.runpytest("scenarios", "-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*FAILED at step 1 (line 4): tharstern GET products*",
        "*expected: 200*",
        "*actual:   401*",
        "*FAILED scenarios/auth/tokens.scenario.yaml::Tokens are required*",
    ])


def test_tags_are_markers_and_titles_work_with_k(pytester):
    make_suite(pytester)
    by_marker = pytester.runpytest("scenarios", "-m", "auto-link and not auth", "--strict-markers")
    by_marker.assert_outcomes(passed=1)
    by_title = pytester.runpytest("scenarios", "-k", "tokens")
    by_title.assert_outcomes(failed=1)
    collected = pytester.runpytest("scenarios", "--collect-only", "-q")
    collected.stdout.fnmatch_lines(["scenarios/stock/listed.scenario.yaml::Stock levels are listed"])


def test_junitxml_names_cases_by_title(pytester):
    make_suite(pytester)
    pytester.runpytest("scenarios", "--junitxml", "junit.xml")
    root = ET.parse(pytester.path / "junit.xml").getroot()
    names = {case.get("name"): case for case in root.iter("testcase")}
    assert set(names) == {"Stock levels are listed", "Tokens are required"}
    assert "expected: 200" in names["Tokens are required"].find("failure").text


def test_a_broken_file_fails_with_its_problems_and_the_rest_still_run(pytester):
    make_suite(pytester)
    pytester.makefile(".scenario.yaml", **{"scenarios/stock/broken": "scenario: Broken\nsteps:\n  - tharstern: get x\n"})
    result = pytester.runpytest("scenarios")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*broken.scenario.yaml:3: steps[[]0[]].tharstern: expected a request line*"])


def test_xdist_workers_each_run_their_own_servers(pytester):
    make_suite(pytester)
    result = pytester.runpytest_subprocess("scenarios", "-p", "xdist.plugin", "-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)


def test_live_options_run_against_servers_given_by_url(pytester, fake_server):
    make_suite(pytester)
    live = pytester.runpytest("scenarios", "--tharness-tharstern-url", f"{fake_server.url}/TharsternAPI")
    live.assert_outcomes(passed=1, failed=1)
    unreachable = pytester.runpytest("scenarios", "-k", "stock", "--tharness-tharstern-url", "http://127.0.0.1:9")
    unreachable.assert_outcomes(failed=1)
    unreachable.stdout.fnmatch_lines(["*cannot run scenarios: cannot reach the fake Tharstern at http://127.0.0.1:9*"])


def test_each_row_of_examples_is_an_item_and_includes_are_not_collected(pytester):
    pytester.makefile(".scenario.yaml", **{"scenarios/rows": (
        "scenario: Products for {code}\nexamples: [{code: WEB001}, {code: ACME01}]\n"
        "steps:\n  - include: steps/read-steps.yaml\n")})
    pytester.makefile(".yaml", **{"scenarios/steps/read-steps": (
        "steps:\n  - tharstern: GET products\n    params: {customerCode: \"{code}\"}\n")})
    result = pytester.runpytest("scenarios", "-p", "no:cacheprovider", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*Products for WEB001 PASSED*", "*Products for ACME01 PASSED*"])
