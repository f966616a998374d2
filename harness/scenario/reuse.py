"""Reuse in scenario files, resolved at load time: ``${ENV}`` / ``${ENV:-default}`` in any text,
``include: FILE`` among the steps, and the rows of ``examples:`` (``vars:`` are plain variables).

Each included step keeps the file and line it was written at, so every problem in it (schema,
matchers, variables) names the included file, and a failing step says where it came from.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from .problems import Problem, describe, where
from .yamlmarks import LineMap, read_yaml

ENVIRONMENT = re.compile(r"\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?\}")
INCLUDE_KEYS = ("steps", "description")
MAX_DEPTH = 10


@dataclass
class Located:
    """A step with the file and place it was written at (``("steps", 2)`` in that file)."""

    spec: Any
    file: str
    lines: LineMap
    path: tuple

    @property
    def line(self) -> int:
        return self.lines.line_of(self.path)


# -- ${ENV} -----------------------------------------------------------------------------------
def expand_environment(value: Any, lines: LineMap, file: str, environ: Mapping[str, str] | None = None,
                       path: tuple = ()) -> tuple[Any, list[Problem]]:
    """``value`` with ``${NAME}`` and ``${NAME:-default}`` replaced from the environment (``$${``
    stays a literal ``${``); a problem for each variable that is not set and has no default."""
    environ = os.environ if environ is None else environ
    problems: list[Problem] = []

    def walk(item: Any, at: tuple) -> Any:
        if isinstance(item, str):
            return _expand_text(item, at)
        if isinstance(item, dict):
            return {walk(k, at + (k,)) if isinstance(k, str) else k: walk(v, at + (k,)) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v, at + (i,)) for i, v in enumerate(item)]
        return item

    def _expand_text(text: str, at: tuple) -> str:
        def replace(match: re.Match) -> str:
            escaped, name, default = match.groups()
            if escaped:
                return match.group(0)[1:]
            if name in environ:
                return environ[name]
            if default is not None:
                return default
            problems.append(Problem(file, lines.line_of(at), f"{where(at)}: the environment variable {name} is not "
                                                             f"set; set it, or give a default: ${{{name}:-value}}"))
            return match.group(0)
        return ENVIRONMENT.sub(replace, text) if "${" in text else text

    return walk(value, path), problems


# -- include: FILE ----------------------------------------------------------------------------
def expand_steps(steps: Any, section: str, file: str, lines: LineMap, *, chain: tuple[str, ...] = ()
                 ) -> tuple[list[Located], list[Problem]]:
    """The steps of ``section`` with every ``include:`` replaced by the steps of its file, each
    located where it was written; problems of the included files name those files."""
    from .checks_in_file import step_problems  # the same checks as a scenario's own steps

    located: list[Located] = []
    problems: list[Problem] = []
    for index, spec in enumerate(steps if isinstance(steps, list) else []):
        path = (section, index)
        if not (isinstance(spec, dict) and "include" in spec and isinstance(spec["include"], str)):
            located.append(Located(spec, file, lines, path))
            continue
        target = (Path(file).parent / spec["include"]).resolve()
        line = lines.line_of(path + ("include",))
        here = f"{file}:{line}"
        if str(target) in chain or target == Path(file).resolve():
            problems.append(Problem(file, line, f"{where(path)}.include: {spec['include']} includes itself "
                                                f"(through {' → '.join(Path(c).name for c in chain) or 'this file'})"))
            continue
        if len(chain) >= MAX_DEPTH:
            problems.append(Problem(file, line, f"{where(path)}.include: includes nested more than {MAX_DEPTH} deep"))
            continue
        if not target.is_file():
            problems.append(Problem(file, line, f"{where(path)}.include: no such file {target} (the path is relative "
                                                f"to {Path(file).parent})"))
            continue
        shown = _shown_path(target, file, spec["include"])
        included, more = _read_included(target, shown, here)
        problems += more
        if included is None:
            continue
        data, inc_lines = included
        problems += step_problems(data, inc_lines, shown)
        inner, inner_problems = expand_steps(data.get("steps"), "steps", shown, inc_lines,
                                             chain=chain + (str(Path(file).resolve()),))
        located += inner
        problems += inner_problems
    return located, problems


def _shown_path(target: Path, file: str, written: str) -> str:
    """The included file as problems name it: beside the including file's own name."""
    return str(Path(file).parent / written) if not Path(written).is_absolute() else str(target)


def _read_included(target: Path, shown: str, here: str) -> tuple[tuple[dict, LineMap] | None, list[Problem]]:
    try:
        text = target.read_text(encoding="utf-8")
        data, lines = read_yaml(text)
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(shown, 1, f"cannot read the file included at {here}: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return None, [Problem(shown, mark.line + 1 if mark else 1,
                              f"not valid YAML (included at {here}): {getattr(error, 'problem', error)}")]
    data, problems = expand_environment(data, lines, shown)
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list) or not data["steps"]:
        problems.append(Problem(shown, lines.line_of(()), f"a file of steps (included at {here}) is a mapping with "
                                                          f"steps: [a list of steps], got {describe(data)}"))
        return None, problems
    for key in data:
        if key not in INCLUDE_KEYS:
            problems.append(Problem(shown, lines.key_line((key,)), f"unknown key {key!r} in a file of steps (included "
                                                                   f"at {here}); expected one of {', '.join(INCLUDE_KEYS)}"))
    return (data, lines), problems


# -- examples: --------------------------------------------------------------------------------
def example_title(title: str, row: dict[str, Any]) -> str:
    """The title of one row's scenario: ``{name}`` in the title takes the row's value; without
    any, the row is added in brackets, so every row's scenario has a name of its own."""
    named = re.sub(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})",
                   lambda m: _text(row[m.group(1)]) if m.group(1) in row else m.group(0), title)
    if named != title:
        return named
    return f"{title} [{', '.join(f'{k}={_text(v)}' for k, v in row.items())}]"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def iter_rows(data: dict[str, Any]) -> Iterator[tuple[int | None, dict[str, Any], dict[str, Any]]]:
    """``(row index, row, variables)`` for each scenario a file makes: one per row of
    ``examples`` (a row's values win over ``vars``), or one with ``vars`` alone."""
    base = dict(data.get("vars") or {})
    rows = data.get("examples")
    if not rows:
        yield None, {}, base
        return
    for index, row in enumerate(rows):
        yield index, row, {**base, **row}
