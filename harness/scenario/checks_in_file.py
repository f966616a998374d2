"""Checks of the steps in one file, beyond the JSON Schema: JSONPaths jsonpath-ng can parse,
well-formed matchers. A scenario's own steps and those of each file it includes are checked here
alike, so every problem names the file and line it is in."""
from __future__ import annotations

from typing import Any, Iterator

from ..matchers import is_jsonpath, jsonpath_error, matcher_problems
from .problems import Problem, where
from .schema_check import schema_problems
from .yamlmarks import LineMap


def step_problems(data: dict, lines: LineMap, file: str) -> list[Problem]:
    """Every problem of a file of steps (``{steps: [...]}``, as ``include:`` takes)."""
    problems = schema_problems({"scenario": "(included steps)", "steps": data.get("steps")}, lines, file)
    problems += [Problem(file, lines.line_of(path), f"{where(path)}: {message}")
                 for path, message in expectation_problems(data)]
    return problems


def steps_of(data: dict) -> Iterator[tuple[tuple, dict]]:
    for section in ("steps", "finally"):
        items = data.get(section)
        if isinstance(items, list):
            for index, step in enumerate(items):
                if isinstance(step, dict):
                    yield (section, index), step


def expectation_problems(data: dict) -> Iterator[tuple[tuple, str]]:
    for path, step in steps_of(data):
        expects = [(path + ("expect",), step.get("expect"))]
        wait = step.get("wait_for")
        if isinstance(wait, dict):
            expects.append((path + ("wait_for", "until"), wait.get("until")))
            yield from _save_problems(path + ("wait_for", "save"), wait.get("save"))
        yield from _save_problems(path + ("save",), step.get("save"))
        for at, expect in expects:
            if isinstance(expect, dict):
                for key, value in expect.items():
                    if is_jsonpath(key) and jsonpath_error(key):
                        yield at + (key,), f"not a JSONPath jsonpath-ng understands: {jsonpath_error(key)}"
                    if key != "status":
                        yield from ((at + (key, *p), m) for p, m in matcher_problems(value))
        journal = step.get("expect_journal")
        entries = journal.get("tharstern") if isinstance(journal, dict) else None
        deliveries = step.get("expect_deliveries")
        for at, items in ((path + ("expect_journal", "tharstern"), entries), (path + ("expect_deliveries",), deliveries)):
            for index, entry in enumerate(items if isinstance(items, list) else []):
                if isinstance(entry, dict):
                    for key, value in entry.items():
                        if is_jsonpath(key) and jsonpath_error(key):
                            yield at + (index, key), f"not a JSONPath jsonpath-ng understands: {jsonpath_error(key)}"
                        if key != "count":
                            yield from ((at + (index, key, *p), m) for p, m in matcher_problems(value))


def _save_problems(path: tuple, save: Any) -> Iterator[tuple[tuple, str]]:
    if isinstance(save, dict):
        for name, expression in save.items():
            if isinstance(expression, str) and expression.startswith("$") and jsonpath_error(expression):
                yield path + (name,), f"not a JSONPath jsonpath-ng understands: {jsonpath_error(expression)}"


