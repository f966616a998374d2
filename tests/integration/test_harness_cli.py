"""``tharness`` run and validate: exit codes, output, reports, selection, --live."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from harness.cli import main

PASSING = "scenario: Products answer\ntags: [catalog]\nsteps:\n  - tharstern: GET products\n"
FAILING = ("scenario: Products are refused without a token\ntags: [auth]\nsteps:\n"
           "  - tharstern: GET products\n    auth: none\n    expect: {status: 200}\n")
BROKEN = "scenario: Broken\nsteps:\n  - tharstern: get products\n"


@pytest.fixture
def suite(write_scenario):
    write_scenario(PASSING, name="passing", folder="catalog")
    return write_scenario(FAILING, name="failing", folder="auth").parent.parent


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_run_reports_each_failure_and_writes_junit_and_html(suite, tmp_path):
    junit, html = tmp_path / "out" / "junit.xml", tmp_path / "out" / "report.html"
    result = invoke("run", suite, "--junit", junit, "--html", html)
    assert result.exit_code == 1
    assert "FAILED at step 1 (line 4): tharstern GET products" in result.output
    assert "expected: 200" in result.output and "actual:   401" in result.output
    assert "tharness: 1 passed, 1 failed" in result.output
    root = ET.parse(junit).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["Products are refused without a token"].find("failure") is not None
    assert cases["Products answer"].find("failure") is None
    page = html.read_text(encoding="utf-8")
    assert "Products are refused without a token" in page and "<style>" in page
    assert not re.search(r'(src|href)="(https?:)?//', page) and "<link" not in page  # self-contained


def test_run_selects_by_tag_and_title(suite):
    by_tag = invoke("run", suite, "--tag", "catalog")
    assert by_tag.exit_code == 0 and "tharness: 1 passed, 0 failed" in by_tag.output
    by_title = invoke("run", suite, "-k", "refused")
    assert by_title.exit_code == 1 and "tharness: 0 passed, 1 failed" in by_title.output
    nothing = invoke("run", suite, "--tag", "nope")
    assert nothing.exit_code == 5


def test_exitfirst_stops_after_the_first_failure(write_scenario):
    folder = write_scenario(FAILING, name="a_failing").parent
    write_scenario(PASSING, name="b_passing")
    result = invoke("run", folder, "-x")
    assert result.exit_code == 1 and "tharness: 0 passed, 1 failed" in result.output


def test_a_broken_file_is_reported_and_the_rest_still_run(suite, write_scenario):
    write_scenario(BROKEN, name="broken", folder="catalog")
    result = invoke("run", suite)
    assert result.exit_code == 1
    assert "broken.scenario.yaml:3: steps[0].tharstern: expected a request line" in result.output.replace("\n", "")
    assert "tharness: 1 passed, 1 failed, 1 file with problems" in result.output


def test_validate_prints_file_line_problems(write_scenario):
    path = write_scenario(BROKEN, name="broken")
    result = invoke("validate", path.parent)
    assert result.exit_code == 1
    assert f"{path}:3: steps[0].tharstern: expected a request line 'METHOD PATH'" in result.output
    good = invoke("validate", write_scenario(PASSING, name="good", folder="ok"))
    assert good.exit_code == 0 and "1 scenario files are valid." in good.output


@pytest.mark.parametrize("spelling", ["/TharsternAPI", "", "/", "/tharsternapi/api/"])
def test_live_runs_the_same_files_against_servers_given_by_url(suite, fake_server, spelling):
    """The fake's URL with or without /TharsternAPI (and with /api) reaches the same fake."""
    result = invoke("run", suite / "catalog", "--live", "--tharstern-url", f"{fake_server.url}{spelling}")
    assert result.exit_code == 0, result.output
    assert "live servers" in result.output


def test_live_needs_a_url_and_a_server_that_answers():
    assert invoke("run", "--live").exit_code == 2
    unreachable = invoke("run", "--live", "--tharstern-url", "http://127.0.0.1:9/TharsternAPI")
    assert unreachable.exit_code == 2 and "cannot reach the fake Tharstern" in unreachable.output
    assert invoke("run", "--tharstern-url", "http://127.0.0.1:9").exit_code == 2
