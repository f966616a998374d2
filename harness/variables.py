"""Variables in scenarios: ``{name}`` in any string refers to a value saved earlier.

A reference is ``{`` + a name (a letter or ``_``, then letters, digits or ``_``) + ``}``, not
touching another brace: ``{{ quantity }}`` (a Jinja2 template) and ``\\d{6}`` (a regex) are left
alone, and so is ``${NAME}`` (an environment variable, replaced when the file is loaded). A string that is exactly one reference takes the saved value with its type (``"{cid}"``
becomes the number 42); a reference inside longer text is replaced by the value's text.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator, Mapping

REFERENCE = re.compile(r"(?<![{$])\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class UnknownVariable(KeyError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"the variable {{{self.name}}} has no value (the step that saves it did not run)"


def references(value: Any) -> Iterator[tuple[tuple, str]]:
    """Every ``(path, name)`` referenced in a value, walking mappings (keys too) and lists."""
    if isinstance(value, str):
        for match in REFERENCE.finditer(value):
            yield (), match.group(1)
    elif isinstance(value, dict):
        for key, item in value.items():
            for _path, name in references(key):
                yield (key,), name
            for path, name in references(item):
                yield (key, *path), name
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for path, name in references(item):
                yield (index, *path), name


def substitute(value: Any, variables: Mapping[str, Any]) -> Any:
    """``value`` with every reference replaced; raises ``UnknownVariable``."""
    if isinstance(value, str):
        return _substitute_text(value, variables)
    if isinstance(value, dict):
        return {substitute(k, variables) if isinstance(k, str) else k: substitute(v, variables)
                for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(item, variables) for item in value]
    return value


def _substitute_text(text: str, variables: Mapping[str, Any]) -> Any:
    whole = REFERENCE.fullmatch(text)
    if whole:
        return _lookup(whole.group(1), variables)

    def replace(match: re.Match) -> str:
        found = _lookup(match.group(1), variables)
        return found if isinstance(found, str) else json.dumps(found)

    return REFERENCE.sub(replace, text)


def _lookup(name: str, variables: Mapping[str, Any]) -> Any:
    if name not in variables:
        raise UnknownVariable(name)
    return variables[name]
