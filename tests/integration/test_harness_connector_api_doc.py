"""docs/connector-api.md is generated from the connector's OpenAPI document and kept current:
this fails when a change to the connector's API was not followed by regenerating the page."""
from __future__ import annotations

from harness.connector_api_doc import DOC, described_values, fetch_document, render


def test_the_connector_api_page_is_current():
    expected = render(fetch_document())
    assert DOC.read_text(encoding="utf-8") == expected, \
        "docs/connector-api.md is stale: run python -m harness.connector_api_doc"


def test_the_page_lists_the_values_scenarios_assert_on():
    text = DOC.read_text(encoding="utf-8")
    for where, values in (("`CheckOut.problem`", "`unreachable`"), ("`CodeAnswer.rule`", "`auto_created`"),
                          ("`OrderOut.state`", "`awaiting_approval`"), ("`EventOut.outcome`", "`applied`")):
        line = next(line for line in text.splitlines() if line.startswith(f"| {where} |"))
        assert values in line
    assert "### `POST /api/storefronts/{sf}/customers`" in text


def test_value_sets_written_in_descriptions_are_read():
    assert described_values("bad_credentials | unreachable | wrong_url; null when ok") == \
        ["bad_credentials", "unreachable", "wrong_url"]
    assert described_values("the Tharstern customer code | or not") == []
    assert described_values(None) == []
