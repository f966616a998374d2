"""The mapping-code example the variant page offers works as written: in the connector's own
sandbox and in an ordinary Jinja2 sandbox, it copies the request and changes one value."""
from __future__ import annotations

import json

from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from connector.admin.pages_catalog import MAPPING_EXAMPLE
from connector.domain.mapping_code import render_mapping_code

REQUEST = {"ProductTypeID": 1, "Quantity": 1500, "Title": "Business Cards", "Parts": [{"Pages": 2}], "Ref1": None}


def context(quantity: int) -> dict:
    return {"request": {**REQUEST, "Quantity": quantity}, "sample": REQUEST, "quantity": quantity,
            "customer_code": "WEB001", "attributes": {}, "nodes": {}}


def test_the_example_changes_the_title_for_large_runs_only():
    assert render_mapping_code(MAPPING_EXAMPLE, context(1500)) == {**REQUEST, "Title": "Bulk run: 1500 copies"}
    assert render_mapping_code(MAPPING_EXAMPLE, context(250)) == {**REQUEST, "Quantity": 250}
    untitled = {k: v for k, v in REQUEST.items() if k != "Title"}
    assert render_mapping_code(MAPPING_EXAMPLE, {**context(1000), "request": untitled}) == {
        **untitled, "Title": "Bulk run: 1000 copies"}  # added when the request has none
    assert render_mapping_code(MAPPING_EXAMPLE, {**context(1000), "request": {"Title": "x"}}) == {
        "Title": "Bulk run: 1000 copies"}


def test_an_ordinary_jinja2_sandbox_accepts_the_example():
    for env in (SandboxedEnvironment(), ImmutableSandboxedEnvironment()):
        output = env.from_string(MAPPING_EXAMPLE).render(**context(1000))
        assert json.loads(output)["Title"] == "Bulk run: 1000 copies"
