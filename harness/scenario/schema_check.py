"""Checking a scenario against ``scenario.schema.json`` and turning every JSON Schema error into a
``Problem`` with the line it is about and what was expected there.

The schema carries this project's error texts: ``x-expected`` (what a value should be) and
``x-messages`` (a text per failing keyword, for ``not``/``oneOf``). Unknown keys get "did you
mean" hints from the keys the schema allows at that place; a step without a kind, or with two,
is reported once here rather than as a cascade of schema errors.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from jsonschema import Draft202012Validator, ValidationError

from .problems import Problem, describe, did_you_mean, where
from .yamlmarks import LineMap

STEP_KINDS = ("connector", "tharstern", "wait_for", "expect_journal", "expect_deliveries", "clock", "include")
TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number",
              "number": "a number", "boolean": "true or false", "null": "null"}


@lru_cache(maxsize=1)
def scenario_schema() -> dict[str, Any]:
    text = resources.files("harness.scenario").joinpath("scenario.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return schema


def schema_problems(data: Any, lines: LineMap, file: str) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem(file, lines.line_of(()), "expected a mapping with at least 'scenario' and 'steps', "
                                                  f"got {describe(data)}")]
    problems: list[Problem] = []
    bad_steps = set()
    for section in ("steps", "finally"):
        raw_steps = data.get(section)
        steps: list[Any] = raw_steps if isinstance(raw_steps, list) else []
        for index, step in enumerate(steps):
            problem = _step_kind_problem(step, (section, index), lines, file)
            if problem:
                problems.append(problem)
                bad_steps.add((section, index))
    validator = Draft202012Validator(scenario_schema())
    for error in validator.iter_errors(data):
        path = tuple(error.absolute_path)
        if path[:2] in bad_steps:
            continue
        problems.extend(_translate(error, path, lines, file))
    return sorted(set(problems))


def _step_kind_problem(step: Any, path: tuple, lines: LineMap, file: str) -> Problem | None:
    label = f"{where(path)}"
    if not isinstance(step, dict):
        return Problem(file, lines.line_of(path), f"{label}: expected a step (a mapping with one of "
                                                  f"{', '.join(STEP_KINDS)}), got {describe(step)}")
    kinds = [k for k in STEP_KINDS if k in step]
    if len(kinds) == 1:
        return None
    if kinds:
        return Problem(file, lines.line_of(path), f"{label}: a step does one thing, but this one has "
                                                  f"{' and '.join(kinds)}; split it into {len(kinds)} steps")
    hints = "".join(did_you_mean(key, STEP_KINDS) for key in step)
    keys = ", ".join(map(str, step)) or "nothing"
    return Problem(file, lines.line_of(path), f"{label}: a step needs one of {', '.join(STEP_KINDS)}; "
                                              f"found {keys}{hints}")


def _translate(error: ValidationError, path: tuple, lines: LineMap, file: str) -> Iterator[Problem]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    keyword = str(error.validator)
    label = where(path)
    custom = (schema.get("x-messages") or {}).get(keyword)
    if custom:
        yield Problem(file, lines.line_of(path), f"{label}: {custom}")
        return
    if keyword == "additionalProperties" and isinstance(_instance(error), dict):
        yield from _unknown_keys(error, schema, path, lines, file)
        return
    if keyword == "required":
        place = schema.get("x-where") or label
        for name in _validator_value(error):
            if name not in _instance(error):
                yield Problem(file, lines.line_of(path), f"{place}: '{name}' is missing (it is required)")
        return
    if keyword == "propertyNames":
        names_schema = schema.get("propertyNames", {})
        expected = names_schema.get("x-expected", "a valid name")
        for key in _instance(error):
            if not _valid_name(key, names_schema):
                yield Problem(file, lines.key_line(path + (key,)), f"{label}: key {key!r}: expected {expected}")
        return
    expected = schema.get("x-expected") or _expected_from(keyword, error)
    hint = did_you_mean(_instance(error), _validator_value(error)) if keyword == "enum" else ""
    yield Problem(file, lines.line_of(path), f"{label}: expected {expected}, got {describe(_instance(error))}{hint}")


def _unknown_keys(error: ValidationError, schema: dict, path: tuple, lines: LineMap, file: str) -> Iterator[Problem]:
    allowed = list(schema.get("properties", {}))
    patterns = list(schema.get("patternProperties", {}))
    for key in _instance(error):
        if key in allowed or any(re.search(p, str(key)) for p in patterns):
            continue
        place = schema.get("x-where") or where(path)
        hint = did_you_mean(str(key), allowed)
        if not hint and set(STEP_KINDS) & set(allowed) and key in STEP_KINDS:
            hint = " (a step has one kind)"
        extra = " or a JSONPath such as \"$.id\"" if patterns else ""
        yield Problem(file, lines.key_line(path + (key,)),
                      f"{where(path + (key,))}: unknown key {str(key)!r} in {place}{hint}; "
                      f"expected one of {', '.join(allowed)}{extra}")


def _valid_name(key: Any, names_schema: dict) -> bool:
    pattern = names_schema.get("pattern")
    return isinstance(key, str) and (not pattern or re.search(pattern, key) is not None)


def _expected_from(keyword: str, error: ValidationError) -> str:
    value = _validator_value(error)
    if keyword == "type":
        types = value if isinstance(value, list) else [value]
        return " or ".join(TYPE_WORDS.get(str(t), str(t)) for t in types)
    if keyword == "enum":
        return "one of " + ", ".join(map(str, value))
    if keyword == "const":
        return repr(value)
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most",
                 "exclusiveMaximum": "less than"}
        return f"a number {words[keyword]} {value}"
    if keyword == "minItems":
        return f"a list of at least {value}"
    if keyword == "minProperties":
        return f"a mapping with at least {value} key{'s' if value != 1 else ''}"
    if keyword == "minLength":
        return "non-empty text"
    if keyword == "uniqueItems":
        return "a list without repeats"
    if keyword == "pattern":
        return f"text matching {value}"
    return error.message


def _instance(error: ValidationError) -> Any:
    """What failed (jsonschema types it as possibly unset; a validation error always has it)."""
    return error.instance


def _validator_value(error: ValidationError) -> Any:
    """The schema's value for the failed keyword (always set on a validation error)."""
    return error.validator_value
