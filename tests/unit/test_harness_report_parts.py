"""Report pieces that need no server: coverage over a run, the closing line."""
from __future__ import annotations

from harness.reporting.console import closing_line
from harness.run.results import RunSummary, ScenarioResult
from harness.run.suite import coverage_since
from harness.scenario.model import Scenario


def test_coverage_counts_only_what_this_run_touched():
    before = {"operations": {"hit": {"GET products": 4}, "missed": ["GET jobs", "POST estrequest"]}}
    after = {"operations": {"hit": {"GET products": 4, "GET jobs": 2}, "missed": ["POST estrequest"]},
             "faults": {"hit": {}, "missed": ["drop", "error"]}}
    report = coverage_since(before, after)
    assert report["operations"] == {"hit": {"GET jobs": 2}, "missed": ["GET products", "POST estrequest"],
                                    "covered": 1, "total": 3}
    assert report["faults"]["covered"] == 0 and report["faults"]["total"] == 2
    assert coverage_since(None, None) is None


def test_the_closing_line_counts_errors_as_failed_and_bad_files_apart():
    scenario = Scenario(title="t", file="s/a.scenario.yaml")
    summary = RunSummary(results=[ScenarioResult(scenario, status="passed"), ScenarioResult(scenario, status="error"),
                                  ScenarioResult(scenario, status="failed")], load_errors=[object()])
    assert closing_line(summary) == "tharness: 1 passed, 2 failed, 1 file with problems"
    assert not summary.ok
