"""Finding and loading scenario files: YAML syntax, the JSON Schema, matchers, JSONPaths and
variables are all checked at load time, and every problem of a file is reported at once with its
file and line (``ScenarioFileError``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from ..matchers import is_jsonpath, jsonpath_error, matcher_problems
from ..variables import references
from .model import BUILTIN_VARIABLES, Scenario, Step
from .problems import Problem, ScenarioFileError, where
from .schema_check import STEP_KINDS, schema_problems
from .yamlmarks import LineMap, read_yaml

SUFFIX = ".scenario.yaml"
ENTITY_KINDS = ("departments", "customers", "products")
GIVEN_ORDER = {"tharstern": ("fixture", "seed", "users", "customers", "productTypes", "products", "quirks",
                             "allowlist", "faults"),
               "connector": ("fixture", "connection", "behaviour", *ENTITY_KINDS)}


@dataclass
class LoadResult:
    scenarios: list[Scenario] = field(default_factory=list)
    errors: list[ScenarioFileError] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Scenario files under the given folders (``*.scenario.yaml``), plus files named directly."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{SUFFIX}") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path, None)
    return list(unique)


def load_many(paths: Iterable[str | Path]) -> LoadResult:
    result = LoadResult()
    for path in discover(paths):
        try:
            result.scenarios.append(load_file(path))
        except ScenarioFileError as error:
            result.errors.append(error)
    return result


def load_file(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(path, [Problem(str(path), 1, f"cannot read the file: {error}")]) from None
    return load_text(text, str(path))


def load_text(text: str, file: str) -> Scenario:
    try:
        data, lines = read_yaml(text)
    except yaml.YAMLError as error:
        raise ScenarioFileError(file, [_syntax_problem(error, file)]) from None
    except RecursionError:
        raise ScenarioFileError(file, [Problem(file, 1, "not valid YAML: nested too deeply (hundreds of levels of "
                                                        "[ ] or { }); a scenario is much flatter")]) from None
    problems = [Problem(file, d.line, f"{where(d.path + (d.key,))}: the key {d.key!r} appears twice "
                                      f"(first on line {d.first_line}); YAML would keep only the last")
                for d in lines.duplicates]
    problems += schema_problems(data, lines, file)
    if isinstance(data, dict):
        problems += list(_semantic_problems(data, lines, file))
    if problems:
        raise ScenarioFileError(file, problems)
    return _build(data, lines, file)


def _syntax_problem(error: yaml.YAMLError, file: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    detail = f"{problem} ({context})" if context else problem
    return Problem(file, line, f"not valid YAML: {detail}{_yaml_hint(problem, context)}")


def _yaml_hint(problem: str, context: str | None) -> str:
    """The usual cause of the usual YAML mistakes in scenarios: JSONPaths left unquoted."""
    if context and "flow mapping" in context and "'['" in problem:
        return '; inside { } quote a JSONPath that has [ ], e.g. {"$.items[0].code": X}'
    if context and "flow" in context and "'{'" in problem:
        return '; inside { } or [ ] quote text with a {variable}, e.g. {connector: "GET /orders/{oid}"}'
    if context and "alias" in context:
        return '; text starting with * (or containing [*]) must be quoted, e.g. "$.items[*].code"'
    if "mapping values are not allowed" in problem:
        return "; a value containing ': ' must be quoted"
    return ""


def _build(data: dict, lines: LineMap, file: str) -> Scenario:
    def steps(section: str) -> list[Step]:
        built = []
        for index, spec in enumerate(data.get(section) or []):
            kind = next(k for k in STEP_KINDS if k in spec)
            built.append(Step(section, index, kind, spec, lines.line_of((section, index))))
        return built

    return Scenario(title=data["scenario"].strip(), file=file, line=lines.line_of(("scenario",)),
                    tags=list(data.get("tags") or []), description=data.get("description", ""),
                    storefront=data.get("storefront", "default"), given=data.get("given") or {},
                    steps=steps("steps"), finally_steps=steps("finally"))


# -- checks beyond the schema ------------------------------------------------------------------
def _semantic_problems(data: dict, lines: LineMap, file: str) -> Iterator[Problem]:
    for path, message in _expectation_problems(data):
        yield Problem(file, lines.line_of(path), f"{where(path)}: {message}")
    yield from _variable_problems(data, lines, file)


def _steps_of(data: dict) -> Iterator[tuple[tuple, dict]]:
    for section in ("steps", "finally"):
        items = data.get(section)
        if isinstance(items, list):
            for index, step in enumerate(items):
                if isinstance(step, dict):
                    yield (section, index), step


def _expectation_problems(data: dict) -> Iterator[tuple[tuple, str]]:
    for path, step in _steps_of(data):
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


def _variable_problems(data: dict, lines: LineMap, file: str) -> Iterator[Problem]:
    """References must name a built-in or a value saved by an earlier step (or by given)."""
    known = set(BUILTIN_VARIABLES)
    raw_given = data.get("given")
    given: dict[str, Any] = raw_given if isinstance(raw_given, dict) else {}
    for side in ("tharstern", "connector"):
        raw_part = given.get(side)
        part: dict[str, Any] = raw_part if isinstance(raw_part, dict) else {}
        order = [k for k in GIVEN_ORDER[side] if k in part] + [k for k in part if k not in GIVEN_ORDER[side]]
        for key in order:
            value = part[key]
            yield from _unknown_references(("given", side, key), value, known, lines, file)
            if side == "connector" and key in ENTITY_KINDS and isinstance(value, dict):
                known.update(value)
    saved_by_steps: set[str] = set()
    for path, step in _steps_of(data):
        visible = known | saved_by_steps if path[0] == "steps" else known | _all_saved(data)
        content = {k: v for k, v in step.items() if k != "save"}
        if isinstance(step.get("wait_for"), dict):
            content["wait_for"] = {k: v for k, v in step["wait_for"].items() if k != "save"}
        yield from _unknown_references(path, content, visible, lines, file, later=_all_saved(data))
        if path[0] == "steps":
            saved_by_steps |= _saved_names(step)


def _unknown_references(path: tuple, value: Any, known: set[str], lines: LineMap, file: str,
                        later: set[str] | None = None) -> Iterator[Problem]:
    for inner, name in references(value):
        if name in known:
            continue
        if later and name in later:
            why = "is saved only by a later step"
        else:
            why = "is never saved"
        choices = sorted(known)
        yield Problem(file, lines.line_of(path + inner),
                      f"{where(path + inner)}: the variable {{{name}}} {why}; known here: "
                      f"{', '.join(choices)} (save it first with save: {{{name}: $.some.path}})")


def _saved_names(step: dict) -> set[str]:
    names = set(step.get("save") or {}) if isinstance(step.get("save"), dict) else set()
    wait = step.get("wait_for")
    if isinstance(wait, dict) and isinstance(wait.get("save"), dict):
        names |= set(wait["save"])
    return names


def _all_saved(data: dict) -> set[str]:
    names: set[str] = set()
    for path, step in _steps_of(data):
        if path[0] == "steps":
            names |= _saved_names(step)
    return names
