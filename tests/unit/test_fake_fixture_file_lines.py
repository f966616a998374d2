"""Fixture files: parsing YAML and JSON, and where a problem sits in the file."""
from __future__ import annotations

import json

import pytest

from fake_tharstern.fixtures.files import (FixtureFileError, line_map, load_fixture_file, parse_error_path)


def test_error_paths_become_steps():
    assert parse_error_path("products[2].LinkedCustomers[0].CustomerCode") == [
        "products", 2, "LinkedCustomers", 0, "CustomerCode"]
    assert parse_error_path("fixture") == ["fixture"]
    assert parse_error_path("") == []


def test_json_lines_of_every_value():
    text = '{\n  "customers": [\n    {"Code": "A",\n     "Name": "x"},\n    {\n      "Code": [1, 2]\n    }\n  ],\n  "seed": 7\n}'
    json.loads(text)
    lines = line_map(text, "f.json")
    assert lines[()] == 1 and lines[("customers",)] == 2 and lines[("customers", 0)] == 3
    assert lines[("customers", 0, "Name")] == 4 and lines[("customers", 1, "Code")] == 6
    assert lines[("customers", 1, "Code", 1)] == 6 and lines[("seed",)] == 9


def test_json_lines_with_escapes_and_empty_containers():
    text = '{"a": "x\\"y\\n", "b": {}, "c": [],\n "d": [{"e": -1.5e3}, true, null]}'
    lines = line_map(text, "f.json")
    assert lines[("d", 0, "e")] == 2 and lines[("d", 2)] == 2 and lines[("b",)] == 1


def test_a_problem_names_the_line_of_the_value_or_its_nearest_parent(tmp_path):
    path = tmp_path / "world.yaml"
    path.write_text("customers:\n  - code: OK1\n    name: Fine\n  - Name: No code\n    contacts:\n"
                    "      - Name: Ann\n        Email: not-an-email\n")
    file = load_fixture_file(str(path))
    assert file.line_of("customers[1].Code") == 4          # missing: the item's line
    assert file.line_of("customers[1].Contacts[0].Email") == 7  # keys in any case, as the seed reads them
    assert file.line_of("customers[0].Name") == 3
    error = file.problems({"customers[1].Contacts[0].Email": ["'not-an-email' is not an e-mail address"],
                           "customers[1].Code": ["is required"]})
    assert [str(p) for p in error.problems] == [
        f"{path}:4: customers[1].Code: is required",
        f"{path}:7: customers[1].Contacts[0].Email: 'not-an-email' is not an e-mail address"]


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("bad.yaml", "customers:\n  - Code: A\n   Name: x\n", 3, "not valid YAML"),
    ("bad.json", '{"customers": [\n  {"Code": "A",}\n]}', 2, "not valid JSON"),
    ("list.yml", "- just\n- a list\n", 1, "expected a mapping of the seed format"),
    ("world.txt", "customers: []", 1, "must end in .yaml, .yml, .json"),
])
def test_files_that_cannot_be_read_as_a_seed(tmp_path, name, text, line, words):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(FixtureFileError) as raised:
        load_fixture_file(str(path))
    problem = raised.value.problems[0]
    assert problem.file == str(path) and problem.line == line and words in problem.message


def test_a_missing_file(tmp_path):
    with pytest.raises(FixtureFileError, match="no such file"):
        load_fixture_file(str(tmp_path / "gone.json"))
