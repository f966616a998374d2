"""JUnit XML: one ``testsuite`` per area (the scenario's folder), one ``testcase`` per scenario
named by its title; a failure carries the explanation and the timeline goes to ``system-out``.
Files that could not be loaded are ``error`` cases of a ``scenario-files`` suite."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from ..explain import failure_text, timeline_lines
from ..run.results import ERROR, FAILED, SKIPPED, RunSummary, ScenarioResult


def junit_xml(summary: RunSummary) -> str:
    root = ET.Element("testsuites", name="tharness", time=f"{summary.duration_s:.3f}")
    by_area: dict[str, list[ScenarioResult]] = defaultdict(list)
    for result in summary.results:
        by_area[result.scenario.area].append(result)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for area, results in by_area.items():
        suite = ET.SubElement(root, "testsuite", name=area, timestamp=stamp, tests=str(len(results)),
                              failures=str(sum(r.status == FAILED for r in results)),
                              errors=str(sum(r.status == ERROR for r in results)),
                              skipped=str(sum(r.status == SKIPPED for r in results)),
                              time=f"{sum(r.duration_ms for r in results) / 1000:.3f}")
        for result in results:
            _testcase(suite, result)
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    if summary.load_errors:
        suite = ET.SubElement(root, "testsuite", name="scenario-files", timestamp=stamp,
                              tests=str(len(summary.load_errors)), failures="0",
                              errors=str(len(summary.load_errors)), skipped="0", time="0")
        for error in summary.load_errors:
            case = ET.SubElement(suite, "testcase", classname="scenario-files", name=Path(error.file).name,
                                 file=error.file, time="0")
            ET.SubElement(case, "error", message=f"{len(error.problems)} problem(s) in {error.file}",
                          type="ScenarioFileError").text = error.describe()
        totals["tests"] += len(summary.load_errors)
        totals["errors"] += len(summary.load_errors)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcase(suite: ET.Element, result: ScenarioResult) -> None:
    scenario = result.scenario
    case = ET.SubElement(suite, "testcase", classname=f"scenarios.{scenario.area}", name=scenario.title,
                         file=scenario.file, line=str(scenario.line), time=f"{result.duration_ms / 1000:.3f}")
    if scenario.tags:
        properties = ET.SubElement(case, "properties")
        for tag in scenario.tags:
            ET.SubElement(properties, "property", name="tag", value=tag)
    if result.status in (FAILED, ERROR):
        element = "failure" if result.status == FAILED else "error"
        ET.SubElement(case, element, message=_one_line(result.message),
                      type="ScenarioFailed" if result.status == FAILED else "ScenarioError").text = failure_text(result)
    ET.SubElement(case, "system-out").text = "\n".join(timeline_lines(result))


def write_junit(summary: RunSummary, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(summary), encoding="utf-8")
    return path


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
