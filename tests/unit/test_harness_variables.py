"""Variables: references, substitution with types, and what is left alone."""
from __future__ import annotations

import pytest

from harness.variables import UnknownVariable, references, substitute


def test_a_whole_reference_keeps_the_value_type():
    assert substitute({"customer_id": "{cid}"}, {"cid": 42}) == {"customer_id": 42}
    assert substitute(["{items}"], {"items": [1, 2]}) == [[1, 2]]


def test_a_reference_inside_text_becomes_text():
    assert substitute("GET /customers/{cid}/link", {"cid": 42}) == "GET /customers/42/link"
    assert substitute("flag={on}", {"on": True}) == "flag=true"


def test_templates_and_regex_quantifiers_are_left_alone():
    assert substitute("{{ quantity }} and {{quantity}}", {"quantity": 5}) == "{{ quantity }} and {{quantity}}"
    assert substitute(r"^SO\d{6}$", {}) == r"^SO\d{6}$"


def test_unknown_names_raise_with_the_name():
    with pytest.raises(UnknownVariable) as caught:
        substitute({"a": "x {missing} y"}, {})
    assert caught.value.name == "missing"
    assert "{missing}" in str(caught.value)


def test_references_lists_every_name_with_its_path():
    found = list(references({"a": ["{x}", {"{k}": "{y}"}]}))
    assert ((("a", 0), "x") in found and (("a", 1, "{k}"), "k") in found and (("a", 1, "{k}"), "y") in found)
