"""Mapping code cannot reach Python or run away with the connector: every escape attempt and
every attempt to exhaust time or memory is refused on save with a 422 naming the problem, the
variant keeps its template, and none of it runs (a canary file the attempts try to create never
appears). Code that is fine on save but would run away at a shopper's quantity is refused at
pricing ("Please call for price"), before anything is sent to Tharstern."""
from __future__ import annotations

import pytest

ESCAPES = [
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ request.items.__self__ }}",
    "{{ request.items.__globals__ }}",
    "{{ __builtins__ }}",
    "{{ lipsum.__globals__['os'].system('touch CANARY') }}",
    "{{ cycler.__init__.__globals__.os.popen('touch CANARY').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ self.__init__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ config.items() }}",
    "{% import 'os' as os %}{{ os.system('touch CANARY') }}",
    "{% from 'os' import system %}",
    "{% include '/etc/passwd' %}",
    "{% extends '/etc/passwd' %}",
    "{{ '{0.__class__}'.format(request) }}",
    "{{ '{0.__class__.__init__.__globals__}'.format_map({'0': request}) }}",
    "{{ request|attr('__class__') }}",
    "{{ request|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ (request|attr('items'))|attr('__self__') }}",
    "{{ request.update({'Quantity': 1}) }}",
    "{{ request.Parts.append(1) }}",
    "{{ 'x'.translate({120: 'y'}) }}",
]
EXHAUSTION = [
    ("{% for i in range(10**8) %}{% endfor %}{}", "steps"),
    ("{{ range(10**9)|list }}", "steps"),
    ("{% for c in 'x'*99999 %}{% for d in 'x'*99999 %}{% endfor %}{% endfor %}{}", "steps"),
    ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}", "steps"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "recursive loops"),
    ("{{ 'x' * 10**8 }}", "100000"),
    ("{{ [0] * 10**8 }}", "100000"),
    ("{% set s = 'x'*99999 %}{{ s.replace('x', s) }}", "replace"),
    ("{% set s = 'x'*99999 %}{{ s|replace('x', s) }}", "replace"),
    ("{% set s = 'x'*99999 %}{{ ([s]*99999)|join }}", "join"),
    ("{% set s = 'x'*99999 %}{{ s.join([s]*99999) }}", "join"),
    ("{% set l = [1]*99999 %}{{ ([l]*99999)|sum(start=[]) }}", "sum"),
    ("{% set s = 'x'*99999 %}{{ s ~ s }}", "~"),
    ("{% set s = 'x'*99999 %}{{ s + s }}", "+"),
    ("{% set s = 'x'*99999 %}{% for i in range(50000) %}{{ s }}{% endfor %}", "output"),
    ("{{ 10 ** 100000 }}", "exponents"),
    ("{{ " + " * ".join(["(9**64)"] * 25) + " }}", "bits"),
    ("{{ '%99999s' % 'x' }}", "widths"),
    ("{{ 'x'|center(10**8) }}", "center"),
    ("{{ [1]|batch(10**9, 0)|list }}", "batch"),
]


@pytest.fixture
def canary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the attempts 'touch CANARY' in the working directory
    return tmp_path / "CANARY"


def save(connector, code: str):
    return connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": code})


def test_no_escape_reaches_python(connector, tharstern, canary):
    before = connector.sf("GET", "/variants/1/link").json
    for code in ESCAPES:
        answer = save(connector, code)
        assert answer.status_code == 422, (code, answer.status_code, answer.json)
        [message] = answer.json["errors"]["mapping_code"]
        assert "line" in message or "not allowed" in message, (code, message)
    assert not canary.exists()
    after = connector.sf("GET", "/variants/1/link").json
    assert (after["template_source"], after["mapping_code"]) == (before["template_source"], None)


@pytest.mark.parametrize("code, words", EXHAUSTION, ids=[words for _, words in EXHAUSTION])
def test_work_time_and_memory_are_bounded(connector, tharstern, code, words):
    answer = save(connector, code)
    assert answer.status_code == 422, answer.json
    [message] = answer.json["errors"]["mapping_code"]
    # the processor-time budget (1 s) may come before the step budget: either names the problem
    assert words in message or (words == "steps" and "processor time" in message), message


def test_code_that_runs_away_at_the_shoppers_quantity_is_refused_at_pricing(connector, tharstern):
    code = "{% for i in range(quantity) %}{% endfor %}{{ request|tojson }}"
    assert save(connector, code).status_code == 200  # fine at the sample's quantity
    tharstern.clear_journal()
    answer = connector.price(variant_id=1, quantity=5_000_000, attribute_value_ids=[5])
    assert answer["price"] is None and answer["reason"] == "mapping_error"
    assert "steps" in answer["message"]
    assert tharstern.calls("estrequest", "POST") == 0
