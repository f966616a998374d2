"""Loading scenario files: every problem at once, with file, line and what was expected."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.scenario import ScenarioFileError, load_file, load_many, load_text

ROOT = Path(__file__).resolve().parents[2]


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        load_text(text, "x.scenario.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_malformed_file_gets_every_problem_at_once_with_its_line():
    text = """\
scenario: Broken on purpose
stpes: []
steps:
  - tharstern: GET products
    expect: {status: two hundred}
  - tharstern: GET products
    expct: {status: 200}
  - conector: GET /x
"""
    problems = problems_of(text)
    assert any(p.startswith("x.scenario.yaml:2: ") and "unknown key 'stpes'" in p and "did you mean 'steps'" in p
               for p in problems), problems
    assert any(p.startswith("x.scenario.yaml:5: ") and "steps[0].expect.status" in p and "HTTP status" in p
               and "'two hundred'" in p for p in problems), problems
    assert any(p.startswith("x.scenario.yaml:7: ") and "'expct'" in p and "did you mean 'expect'" in p
               for p in problems), problems
    assert any(p.startswith("x.scenario.yaml:8: ") and "a step needs one of" in p and "did you mean 'connector'" in p
               for p in problems), problems
    assert len(problems) == 4


def test_missing_required_keys_are_named():
    problems = problems_of("scenario: Nothing to do\n")
    assert problems == ["x.scenario.yaml:1: the scenario: 'steps' is missing (it is required)"]


def test_yaml_syntax_errors_name_the_line_and_hint_at_quoting_jsonpaths():
    problems = problems_of("scenario: x\nsteps:\n  - tharstern: GET products\n    expect: {$.a[0]: 1}\n")
    assert len(problems) == 1
    assert problems[0].startswith("x.scenario.yaml:4: not valid YAML")
    assert "quote a JSONPath" in problems[0]


def test_a_key_given_twice_is_reported_with_both_lines():
    problems = problems_of("scenario: x\nsteps:\n  - clock: {advance_s: 1}\n    clock: {advance_s: 2}\n")
    assert problems == ["x.scenario.yaml:4: steps[0].clock: the key 'clock' appears twice (first on line 3); "
                        "YAML would keep only the last"]


def test_a_step_with_two_kinds_is_one_problem_not_a_cascade():
    problems = problems_of("scenario: x\nsteps:\n  - tharstern: GET a\n    connector: GET /b\n")
    assert len(problems) == 1 and "connector and tharstern" in problems[0]


def test_bad_enum_values_get_did_you_mean():
    problems = problems_of("scenario: x\ngiven:\n  tharstern: {fixture: demoo, faults: [{kind: eror}]}\n"
                           "steps: [{clock: {advance_s: 1}}]\n")
    assert any("fixture: expected one of demo, empty, large, got 'demoo' (did you mean 'demo'?)" in p for p in problems)
    assert any("faults[0].kind" in p and "(did you mean 'error'?)" in p for p in problems)


def test_given_stubs_are_checked_with_their_line():
    text = """\
scenario: x
given:
  tharstern:
    stubs:
      - {method: GET, path: invoices, json: {Items: []}}
      - method: GET
        status: 99
        colour: red
steps: [{clock: {advance_s: 1}}]
"""
    problems = problems_of(text)
    assert "x.scenario.yaml:6: a stub: 'path' is missing (it is required)" in problems, problems
    assert any(p.startswith("x.scenario.yaml:7: given.tharstern.stubs[1].status") and "200 to 599" in p
               for p in problems), problems
    assert any(p.startswith("x.scenario.yaml:8:") and "colour" in p for p in problems), problems
    assert len(problems) == 3  # the first stub is fine


def test_matchers_and_jsonpaths_are_checked_at_load_time():
    text = """\
scenario: x
steps:
  - tharstern: GET products
    expect:
      json: {a: {$regx: b}, c: {$type: integr}, d: {$regex: "("}}
      "$.a[": 1
    save: {n: "$.b["}
"""
    problems = problems_of(text)
    assert any(":5: " in p and "unknown matcher $regx (did you mean '$regex'?)" in p for p in problems)
    assert any(":5: " in p and "$type: expected one of" in p and "(did you mean 'integer'?)" in p for p in problems)
    assert any(":5: " in p and "not a valid regular expression" in p for p in problems)
    assert any(":6: " in p and "not a JSONPath" in p for p in problems)
    assert any(":7: " in p and "save.n" in p and "not a JSONPath" in p for p in problems)


def test_a_variable_never_saved_is_a_load_error_at_its_line():
    text = """\
scenario: x
steps:
  - tharstern: GET products
    save: {later: $.a}
  - tharstern: GET customers/{nobody}
  - tharstern: GET customers/{later}
"""
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith("x.scenario.yaml:5: steps[1].tharstern: the variable {nobody} is never saved")


def test_a_variable_used_before_the_step_that_saves_it_says_so():
    text = """\
scenario: x
steps:
  - tharstern: GET customers/{code}
  - tharstern: GET customers
    save: {code: $.a}
"""
    assert "is saved only by a later step" in problems_of(text)[0]


def test_builtins_given_names_and_finally_references_load(tmp_path):
    text = """\
scenario: Variables that exist
given:
  connector:
    connection: {api_url: "{tharstern_api_url}"}
    departments: {sales: {name: Sales}}
steps:
  - connector: GET /departments/{sales}
    json: {template: "{{ quantity }}", pattern: "\\\\d{6}"}
    save: {x: $.id}
finally:
  - connector: GET /x/{x}
"""
    scenario = load_text(text, "v.scenario.yaml")
    assert scenario.needs_connector
    assert [s.kind for s in scenario.steps + scenario.finally_steps] == ["connector", "connector"]


def test_a_valid_file_becomes_a_scenario_with_steps_and_lines(tmp_path):
    path = tmp_path / "orders" / "idempotent.scenario.yaml"
    path.parent.mkdir()
    path.write_text("scenario: Orders are idempotent\ntags: [orders]\nsteps:\n"
                    "  - tharstern: POST orders/submit\n    json: {RequiredDate: 2025-06-01}\n"
                    "  - clock: {advance_s: 5}\n", encoding="utf-8")
    scenario = load_file(path)
    assert scenario.title == "Orders are idempotent"
    assert scenario.area == "orders" and scenario.tags == ["orders"]
    assert [(s.kind, s.line) for s in scenario.steps] == [("tharstern", 4), ("clock", 6)]
    assert scenario.steps[0].spec["json"]["RequiredDate"] == "2025-06-01"  # dates stay text
    assert not scenario.needs_connector


def test_load_many_keeps_going_past_a_bad_file(tmp_path):
    (tmp_path / "good.scenario.yaml").write_text("scenario: fine\nsteps: [{clock: {advance_s: 1}}]\n")
    (tmp_path / "bad.scenario.yaml").write_text("scenario: [\n")
    (tmp_path / "notes.yaml").write_text("not: a scenario\n")
    loaded = load_many([tmp_path])
    assert [s.title for s in loaded.scenarios] == ["fine"]
    assert [Path(e.file).name for e in loaded.errors] == ["bad.scenario.yaml"]


def test_the_bundled_scenarios_are_all_valid_and_many():
    loaded = load_many([ROOT / "scenarios"])
    assert loaded.errors == []
    assert len(loaded.scenarios) >= 20
    assert len({s.title for s in loaded.scenarios}) == len(loaded.scenarios)


def test_the_complete_example_in_the_docs_is_a_valid_scenario():
    docs = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", docs, re.S).group(1)
    scenario = load_text(example, "docs/scenarios.md")
    assert scenario.needs_connector
    assert [s.kind for s in scenario.steps] == ["connector", "connector", "connector", "expect_journal",
                                               "tharstern", "wait_for"]
