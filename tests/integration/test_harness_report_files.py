"""Reports from a real run: the HTML file escapes what scenarios contain and shows the timeline;
JUnit XML carries the explanation."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from harness.reporting.html import render_html
from harness.reporting.junit import junit_xml
from harness.run.results import RunSummary


def test_html_escapes_titles_and_shows_faults_and_bodies(run_scenario):
    result = run_scenario("""
        scenario: Titles like <script>alert(1)</script> are text
        given:
          tharstern:
            faults: [{kind: error, status: 503, path: products, times: 1}]
        steps:
          - tharstern: GET products
            expect: {status: 200}
        """)
    page = render_html(RunSummary(results=[result]))
    assert "<script>alert(1)</script>" not in page
    assert "Titles like &lt;script&gt;alert(1)&lt;/script&gt; are text" in page
    assert "harness → tharstern" in page and '<span class="fault">error</span>' in page
    assert "Injected fault" in page  # the answer body, pretty-printed in the timeline


def test_junit_failure_carries_the_explanation_and_system_out_the_timeline(run_scenario):
    result = run_scenario("""
        scenario: Wrong on purpose
        tags: [auth]
        steps:
          - tharstern: GET customers
            auth: none
        """)
    root = ET.fromstring(junit_xml(RunSummary(results=[result])))
    case = root.find("testsuite/testcase")
    assert case.get("name") == "Wrong on purpose" and case.get("classname") == "scenarios.area"
    assert "expected: a 2xx status" in case.find("failure").text
    assert "GET /TharsternAPI/api/customers → 401" in case.find("system-out").text
    assert case.find("properties/property").get("value") == "auth"
