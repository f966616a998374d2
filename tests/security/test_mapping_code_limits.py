"""Mapping code under hard limits (issue 14, item 1): the hostile templates that got past the
sandbox's budgets on ``main`` are refused with a 422 naming ``mapping_code`` and the variant keeps
what it had; past the budgets, a worker process's memory limit and the connector's deadline stop
what is left, and the next render gets a fresh worker. Timings are measured by
``bench/mapping_code_limits.py``, not asserted here."""
from __future__ import annotations

import json

import pytest

from connector.admin.pages_catalog import MAPPING_EXAMPLE
from connector.domain.mapping_code import MappingCodeError
from connector.services.mapping_runner import MappingRunner

WORST = [
    ('{"n": {{ ("x"*100000)|list|string|list|string|list|string|length }}}', "string filter"),
    ('{"n": {{ ("%(a)s"*200 % {"a": "x"*99999})|length }}}', "%"),
    ('{"n": {{ ("%(a)s"*200 % {"a": "%(a)s"*200})|length }}}', "%"),
    ("{\"n\": {{ ('%.9999999d' % 1)|length }}}", "precisions above 999"),
    ("{\"n\": {{ ('%*d' % (10**8, 1))|length }}}", "precisions above 999"),
    ('{"n": {{ (((((2**64)**64)**64)**64)**64)|string|length }}}', "bits"),
    ('{"n": {{ (9**64)**64**64 }}}', "bits"),
    ('{"n": {{ ([[0]*99999]|sum(start=[])|list|string)|length }}}', "string filter"),
    ('{"n": 1}' + "[" * 5000 + "]" * 5000, "output"),
    ("{% set a = 1 %}" + "{\"a\": " * 40 + "1" + "}" * 40, "nests deeper than 32 levels"),
    # one filter call that runs for many seconds within every budget: the worker's deadline stops it
    ("{% set s = 'x'*99999 %}{% set n = ([s]*99999)|unique|list|length %}{}", "and was stopped"),
]
CONTEXT = {"request": {"ProductTypeID": 1, "Quantity": 10}, "sample": {}, "quantity": 10, "customer_code": "C",
           "attributes": {}, "nodes": {}}


def save(connector, code: str):
    return connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": code})


@pytest.mark.parametrize("code, words", WORST, ids=[w for _, w in WORST])
def test_the_worst_templates_are_refused_and_change_nothing(connector, tharstern, code, words):
    before = connector.sf("GET", "/variants/1/link").json
    answer = save(connector, code)
    assert answer.status_code == 422, answer.json
    [message] = answer.json["errors"]["mapping_code"]
    assert words in message, message
    assert connector.sf("GET", "/variants/1/link").json == before


def test_a_template_stopped_at_pricing_is_refused_at_once_afterwards(connector, tharstern):
    code = ("{% if quantity > 1000 %}{% set s = 'x'*99999 %}{% set n = ([s]*99999)|unique|list|length %}"
            "{% endif %}{{ request|tojson }}")
    assert save(connector, code).status_code == 200  # fine at the example's quantity
    tharstern.clear_journal()
    slow = connector.price(variant_id=1, quantity=5000, attribute_value_ids=[5])
    assert (slow["price"], slow["reason"]) == (None, "mapping_error")
    assert "was stopped" in slow["message"]
    again = connector.price(variant_id=1, quantity=100, attribute_value_ids=[5])  # the same code: not run again
    assert again["reason"] == "mapping_error" and "refused without running" in again["message"]
    assert tharstern.calls("estrequest", "POST") == 0
    assert save(connector, "{{ request|tojson }}").status_code == 200  # changed code runs again
    assert connector.price(variant_id=1, quantity=100, attribute_value_ids=[5])["price"] is not None


def test_the_admin_pages_example_changes_values_and_prices(connector, tharstern):
    assert save(connector, MAPPING_EXAMPLE).status_code == 200
    tharstern.clear_journal()
    assert connector.price(variant_id=1, quantity=1000, attribute_value_ids=[5])["price"] is not None
    sent = json.loads(tharstern.journal("estrequest", "POST")[-1]["request_body"])
    assert sent["Title"] == "Bulk run: 1000 copies"
    assert sent["Quantity"] == 1000 and sent["ProductTypeID"] == 1


@pytest.fixture
def runner():
    made = []

    def make(**limits) -> MappingRunner:
        made.append(MappingRunner(warm=1, **limits))
        return made[-1]
    yield make
    for each in made:
        each.close()


def test_a_worker_over_its_memory_limit_is_stopped_and_replaced(runner):
    mapping = runner(memory_mb=4)
    hog = "".join(f"{{% set a{n} = ([{n}] * 99999)|list %}}" for n in range(40)) + "{}"
    with pytest.raises(MappingCodeError) as refused:
        mapping.render(hog, CONTEXT)
    assert "memory" in refused.value.message
    assert mapping.render("{{ request|tojson }}", CONTEXT) == CONTEXT["request"]


def test_a_worker_past_the_deadline_is_killed_and_replaced(runner):
    mapping = runner(deadline_s=0.05)
    slow = "{% for i in range(49000) %}{{ ('x' * 99999).count('x') }}{% endfor %}{}"
    with pytest.raises(MappingCodeError) as refused:
        mapping.render(slow, CONTEXT)
    assert "ran for more than 0.05 s and was stopped" in refused.value.message
    mapping.deadline_s = 30
    assert mapping.render("{{ request|merge({'Quantity': quantity * 2})|tojson }}", CONTEXT)["Quantity"] == 20


def test_merge_builds_a_changed_copy_and_leaves_request_alone(runner):
    mapping = runner()
    code = '{{ request|merge({"Parts": [{"Pages": 4}]}, {"Quantity": 5})|tojson }}'
    assert mapping.render(code, CONTEXT) == {"ProductTypeID": 1, "Quantity": 5, "Parts": [{"Pages": 4}]}
    with pytest.raises(MappingCodeError, match="merge takes objects"):
        mapping.render("{{ request|merge([1])|tojson }}", CONTEXT)
