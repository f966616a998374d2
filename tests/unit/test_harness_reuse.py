"""Reuse in scenario files: vars:, ${ENV} and ${ENV:-default}, examples: (one scenario per row,
named with the row), include: FILE among steps; every problem with its file and line, in the
included file too."""
from __future__ import annotations

import textwrap

import pytest

from harness.scenario import ScenarioFileError, load_many
from harness.scenario.loader import load_file_all


def write(folder, name: str, text: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        load_file_all(path)
    return [str(p) for p in caught.value.problems]


def test_vars_are_known_to_every_step_and_unknown_names_are_still_caught(tmp_path):
    good = write(tmp_path, "a.scenario.yaml", """
        scenario: Vars
        vars: {code: WEB001, quantity: 250}
        steps:
          - tharstern: GET products
            params: {customerCode: "{code}"}
        """)
    (scenario,) = load_file_all(good)
    assert scenario.variables == {"code": "WEB001", "quantity": 250}
    bad = write(tmp_path, "b.scenario.yaml", """
        scenario: Vars
        vars: {code: WEB001}
        steps:
          - tharstern: GET products
            params: {customerCode: "{cod}"}
        """)
    (problem,) = problems(bad)
    assert problem.startswith(f"{bad}:5: steps[0].params.customerCode: the variable {{cod}} is never saved; known here: ")
    assert "code" in problem


def test_environment_variables_with_and_without_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("THARNESS_TEST_CODE", "ACME01")
    monkeypatch.delenv("THARNESS_TEST_MISSING", raising=False)
    path = write(tmp_path, "env.scenario.yaml", """
        scenario: Env
        vars: {code: "${THARNESS_TEST_CODE}", sku: "${THARNESS_TEST_MISSING:-BC-STD}", literal: "$${HOME}"}
        steps:
          - tharstern: GET products
            params: {customerCode: "{code}", note: "sku ${THARNESS_TEST_MISSING:-none}"}
        """)
    (scenario,) = load_file_all(path)
    assert scenario.variables == {"code": "ACME01", "sku": "BC-STD", "literal": "${HOME}"}
    assert scenario.steps[0].spec["params"]["note"] == "sku none"
    missing = write(tmp_path, "missing.scenario.yaml", """
        scenario: Env
        steps:
          - tharstern: GET products
            params: {customerCode: "${THARNESS_TEST_MISSING}"}
        """)
    assert problems(missing) == [f"{missing}:4: steps[0].params.customerCode: the environment variable "
                                 "THARNESS_TEST_MISSING is not set; set it, or give a default: "
                                 "${THARNESS_TEST_MISSING:-value}"]


def test_examples_make_one_scenario_per_row_named_with_the_row(tmp_path):
    path = write(tmp_path, "rows.scenario.yaml", """
        scenario: A price for a quantity
        vars: {code: WEB001}
        examples:
          - {quantity: 100, sku: BC-STD}
          - {quantity: 500, sku: FLY-A5}
        steps:
          - tharstern: GET products
            params: {customerCode: "{code}", q: "{quantity}"}
        """)
    first, second = load_file_all(path)
    assert first.title == "A price for a quantity [quantity=100, sku=BC-STD]"
    assert second.title == "A price for a quantity [quantity=500, sku=FLY-A5]"
    assert second.variables == {"code": "WEB001", "quantity": 500, "sku": "FLY-A5"}
    assert (first.line, second.line) == (4, 5)
    assert (first.example, second.example) == (0, 1) and second.name == "rows[2]"
    named = write(tmp_path, "named.scenario.yaml", """
        scenario: "{sku} is offered"
        examples: [{sku: BC-STD}, {sku: PEN-BRAND}]
        steps:
          - tharstern: GET products
        """)
    assert [s.title for s in load_file_all(named)] == ["BC-STD is offered", "PEN-BRAND is offered"]
    assert len(load_many([tmp_path]).scenarios) == 4


def test_a_variable_missing_from_some_rows_is_a_problem(tmp_path):
    path = write(tmp_path, "rows.scenario.yaml", """
        scenario: Rows
        examples:
          - {quantity: 100}
          - {qty: 500}
        steps:
          - tharstern: GET products
            params: {q: "{quantity}"}
        """)
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:7: steps[0].params.q: the variable {{quantity}} is missing from some rows of examples")


def test_include_puts_the_steps_of_a_file_in_place_with_their_own_lines(tmp_path):
    write(tmp_path, "common/token.steps.yaml", """
        description: Read the products as the storefront customer, and keep the first code.
        steps:
          - tharstern: GET products
            params: {customerCode: "{code}"}
            save: {first: "$.Details.Items[0].Code"}
        """)
    path = write(tmp_path, "uses.scenario.yaml", """
        scenario: Include
        vars: {code: WEB001}
        steps:
          - include: common/token.steps.yaml
          - tharstern: GET products
            params: {code: "{first}"}
        """)
    (scenario,) = load_file_all(path)
    assert [s.summary for s in scenario.steps] == ["tharstern GET products", "tharstern GET products"]
    assert scenario.steps[0].label == f"step 1 ({tmp_path / 'common/token.steps.yaml'}:3)"
    assert scenario.steps[1].label == "step 2 (line 5)"
    result = load_many([tmp_path])
    assert not result.errors and not result.not_scenarios  # an included file is not "not run"


def test_problems_in_an_included_file_name_that_file_and_line(tmp_path):
    included = write(tmp_path, "common/bad.steps.yaml", """
        steps:
          - tharstern: get products
          - tharstern: GET products
            expect: {"$.Items": {$cont: 1}}
          - tharstern: GET products
            params: {code: "{nobody}"}
        """)
    path = write(tmp_path, "uses.scenario.yaml", """
        scenario: Include
        steps:
          - include: common/bad.steps.yaml
          - include: common/absent.steps.yaml
          - include: uses.scenario.yaml
        """)
    found = problems(path)
    shown = tmp_path / "common/bad.steps.yaml"
    assert any(p.startswith(f"{shown}:2: steps[0].tharstern: expected a request line") for p in found), found
    assert any(p.startswith(f"{shown}:4: steps[1].expect['$.Items']['$cont']: unknown matcher $cont") for p in found), found
    assert any(p.startswith(f"{shown}:6: steps[2].params.code: the variable {{nobody}} is never saved") for p in found), found
    assert any(p.startswith(f"{path}:4: steps[1].include: no such file") for p in found), found
    assert any(p.startswith(f"{path}:5: steps[2].include: uses.scenario.yaml includes itself") for p in found), found
    assert included.exists()


def test_an_include_step_does_one_thing(tmp_path):
    path = write(tmp_path, "x.scenario.yaml", """
        scenario: Include
        steps:
          - include: a.steps.yaml
            expect: {status: 200}
        """)
    found = problems(path)
    assert any("unknown key 'expect' in an include step" in p for p in found), found
