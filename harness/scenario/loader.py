"""Finding and loading scenario files: YAML syntax, the JSON Schema, matchers, JSONPaths and
variables are all checked at load time, and every problem of a file is reported at once with its
file and line (``ScenarioFileError``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .checks_in_file import expectation_problems
from .model import Scenario, Step
from .problems import Problem, ScenarioFileError, where
from .reuse import Located, expand_environment, expand_steps, example_title, iter_rows
from .schema_check import STEP_KINDS, schema_problems
from .variable_check import variable_problems
from .yamlmarks import LineMap, read_yaml

SUFFIX = ".scenario.yaml"


YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadResult:
    scenarios: list[Scenario] = field(default_factory=list)
    errors: list[ScenarioFileError] = field(default_factory=list)
    not_scenarios: list[Path] = field(default_factory=list)  # YAML files in the folders, not named *.scenario.yaml

    def not_scenarios_note(self) -> str | None:
        """A line naming YAML files that were not run because of their name, or None."""
        if not self.not_scenarios:
            return None
        names = ", ".join(str(p) for p in self.not_scenarios)
        return (f"not run: {names} (only files named *{SUFFIX} are scenarios; rename a scenario to end "
                f"in {SUFFIX}, files used with include: are not listed here)")


def not_scenario_files(paths: Iterable[str | Path]) -> list[Path]:
    """YAML files under the given folders whose names do not end in ``.scenario.yaml``."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if (candidate.is_file() and candidate.suffix in YAML_SUFFIXES
                        and not candidate.name.endswith(SUFFIX)):
                    found.setdefault(candidate, None)
    return list(found)


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
    paths = list(paths)
    result = LoadResult()
    included: set[Path] = set()
    for path in discover(paths):
        try:
            scenarios = load_file_all(path)
        except ScenarioFileError as error:
            result.errors.append(error)
            continue
        result.scenarios.extend(scenarios)
        included |= {Path(f).resolve() for s in scenarios for f in s.included_files}
    result.not_scenarios = [p for p in not_scenario_files(paths) if p.resolve() not in included]
    return result


def load_file(path: str | Path) -> Scenario:
    """The scenario of a file (the first row's, for a file with ``examples:``)."""
    return load_file_all(path)[0]


def load_file_all(path: str | Path) -> list[Scenario]:
    """The scenarios of a file: one, or one per row of its ``examples:``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(path, [Problem(str(path), 1, f"cannot read the file: {error}")]) from None
    return load_text_all(text, str(path))


def load_text(text: str, file: str) -> Scenario:
    return load_text_all(text, file)[0]


def load_text_all(text: str, file: str) -> list[Scenario]:
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
    data, environment_problems = expand_environment(data, lines, file)
    problems += environment_problems
    problems += schema_problems(data, lines, file)
    sections: dict[str, list[Located]] = {}
    if isinstance(data, dict):
        for section in ("steps", "finally"):
            sections[section], include_problems = expand_steps(data.get(section), section, file, lines)
            problems += include_problems
        problems += [Problem(file, lines.line_of(path), f"{where(path)}: {message}")
                     for path, message in expectation_problems(data)]
        problems += variable_problems(data, lines, file, sections, _defined_names(data))
    if problems:
        raise ScenarioFileError(file, problems)
    return [_build(data, lines, file, sections, index, row, variables) for index, row, variables in iter_rows(data)]


def _defined_names(data: dict) -> set[str]:
    """Names every scenario of the file has: ``vars`` and the keys found in every example row."""
    names = set(data.get("vars") or {}) if isinstance(data.get("vars"), dict) else set()
    rows = [r for r in data.get("examples") or [] if isinstance(r, dict)] if isinstance(data.get("examples"), list) else []
    if rows:
        names |= set.intersection(*(set(r) for r in rows))
    return names


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


def _build(data: dict, lines: LineMap, file: str, sections: dict[str, list[Located]], index: int | None,
           row: dict[str, Any], variables: dict[str, Any]) -> Scenario:
    def steps(section: str) -> list[Step]:
        built = []
        for index, located in enumerate(sections[section]):
            kind = next(k for k in STEP_KINDS if k in located.spec)
            built.append(Step(section, index, kind, located.spec, located.line,
                              origin=None if located.file == file else located.file))
        return built

    title = data["scenario"].strip()
    all_steps = sections["steps"] + sections["finally"]
    return Scenario(title=example_title(title, row) if index is not None else title, file=file,
                    line=lines.line_of(("examples", index) if index is not None else ("scenario",)),
                    tags=list(data.get("tags") or []), description=data.get("description", ""),
                    storefront=data.get("storefront", "default"), given=data.get("given") or {},
                    steps=steps("steps"), finally_steps=steps("finally"), lines=lines, variables=variables,
                    example=index, included_files=sorted({s.file for s in all_steps if s.file != file}))




