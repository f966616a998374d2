"""Variables a scenario refers to must be known where they are used: a built-in, one of
``vars:`` or of every ``examples:`` row, a name given by ``given.connector``, or a value saved by
an earlier step (the steps of included files in their place)."""
from __future__ import annotations

from typing import AbstractSet, Any, Iterator

from ..variables import references
from .model import BUILTIN_VARIABLES
from .problems import Problem, where
from .reuse import Located
from .yamlmarks import LineMap

ENTITY_KINDS = ("departments", "customers", "products")
GIVEN_ORDER = {"tharstern": ("fixture", "seed", "users", "customers", "productTypes", "products", "quirks",
                             "stubs", "allowlist", "faults"),
               "connector": ("fixture", "connection", "behaviour", *ENTITY_KINDS)}


def variable_problems(data: dict, lines: LineMap, file: str, sections: dict[str, list[Located]],
                      defined: set[str]) -> Iterator[Problem]:
    """``defined``: the names of ``vars`` and of every ``examples`` row; ``sections``: the located steps."""
    known = set(BUILTIN_VARIABLES) | defined
    raw_rows = data.get("examples")
    rows: list[Any] = raw_rows if isinstance(raw_rows, list) else []
    some_rows = {k for row in rows if isinstance(row, dict) for k in row} - known
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
    all_saved = _all_saved(sections.get("steps", []))
    for section in ("steps", "finally"):
        for located in sections.get(section, []):
            step = located.spec
            if not isinstance(step, dict):
                continue
            visible = known | saved_by_steps if section == "steps" else known | all_saved
            content = {k: v for k, v in step.items() if k != "save"}
            if isinstance(step.get("wait_for"), dict):
                content["wait_for"] = {k: v for k, v in step["wait_for"].items() if k != "save"}
            yield from _unknown_references(located.path, content, visible, located.lines, located.file, later=all_saved,
                                            some_rows=some_rows)
            if section == "steps":
                saved_by_steps |= _saved_names(step)


def _unknown_references(path: tuple, value: Any, known: set[str], lines: LineMap, file: str,
                        later: set[str] | None = None, some_rows: AbstractSet[str] = frozenset()) -> Iterator[Problem]:
    for inner, name in references(value):
        if name in known:
            continue
        if name in some_rows:
            why = "is missing from some rows of examples (give it in every row, or in vars: as a default)"
        elif later and name in later:
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


def _all_saved(steps: list[Located]) -> set[str]:
    names: set[str] = set()
    for located in steps:
        if isinstance(located.spec, dict):
            names |= _saved_names(located.spec)
    return names
