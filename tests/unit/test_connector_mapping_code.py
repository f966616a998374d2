"""Mapping code: a sandboxed Jinja2 template whose output must be a JSON object."""
from __future__ import annotations

import pytest

from connector.domain.mapping_code import MappingCodeError, render_mapping_code

CONTEXT = {"request": {"ProductTypeID": 1, "Parts": [{"Pages": 2}]}, "quantity": 250, "customer_code": "ACME01",
           "attributes": {"Sides": "Single-sided"}, "nodes": {}, "sample": {}}


def render(source, context=CONTEXT):
    return render_mapping_code(source, context)


def test_the_output_is_the_estimate_request():
    source = ('{"ProductTypeID": {{ request.ProductTypeID }}, "Quantity": {{ quantity }},\n'
              ' "Parts": [{"Pages": {{ 1 if attributes.Sides == "Single-sided" else 2 }}}],\n'
              ' "Customer": {"Code": {{ customer_code | tojson }}}, "Copy": {{ request | tojson }}}')
    assert render(source) == {"ProductTypeID": 1, "Quantity": 250, "Parts": [{"Pages": 1}],
                              "Customer": {"Code": "ACME01"}, "Copy": CONTEXT["request"]}


@pytest.mark.parametrize("source, where, line, words", [
    ('{\n"a": {{ missing }}\n}', "template", 2, "'missing' is undefined"),
    ("{% if %}", "template", 1, "Expected an expression"),
    ('{\n\n"a": {{ 1 // 0 }}}', "template", 3, "ZeroDivisionError"),
    ('{\n"a": 1,\n}', "output", 3, "not JSON"),
    ("[1, 2]", "output", None, "must be a JSON object"),
])
def test_errors_name_the_line(source, where, line, words):
    with pytest.raises(MappingCodeError) as raised:
        render(source)
    assert (raised.value.where, raised.value.line) == (where, line)
    assert words in raised.value.message
    assert str(raised.value).startswith(f"{where} line {line}: " if line else raised.value.message)


@pytest.mark.parametrize("source", [
    "{{ request.__class__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ request.items.__self__ }}",
    "{{ lipsum.__globals__ }}", "{{ range.__self__ }}", "{{ self.__init__ }}", "{% import 'os' as os %}",
    "{{ '{0.__class__}'.format(request) }}",
])
def test_no_python_is_reachable(source):
    with pytest.raises(MappingCodeError):
        render(source)


@pytest.mark.parametrize("source", [
    "{% for i in range(200000) %}{% endfor %}{}",
    "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}{}",
    "{{ 'x' * 10000000 }}", "{{ [1] * 10000000 }}", "{{ 10 ** 10000 }}", "{{ '%99999s' % 'x' }}",
    "{{ 'x' | center(100000000) }}",
])
def test_work_and_output_are_bounded(source):
    with pytest.raises(MappingCodeError):
        render(source)
