"""Node paths into an estimate request: ``Quantity``, ``FinishedSize.Code``, ``Parts[0].PaperCode``.

A path is names joined by dots, each optionally followed by ``[n]`` indexes. Names match keys in
any letter case (Tharstern reads JSON case-insensitively), so setting ``parts[0].papercode``
changes the existing ``PaperCode`` key rather than adding a second one.
"""
from __future__ import annotations

import re
from typing import Any

from .spaces import SPACE

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
SEGMENT = re.compile(rf"({NAME})((?:\[\d+\])*)", re.ASCII)
INDEX = re.compile(r"\[(\d+)\]", re.ASCII)
_STEP = rf"{NAME}(\[0*[0-9]{{1,3}}[\x5d-\x5d])*"  # "]" as a one-character range: Schemathesis rewrites a plain \]
#                                               into a bare ], which JavaScript's regular expressions refuse
PATTERN = rf"^[{SPACE}]*{_STEP}(\.{_STEP})*[{SPACE}]*$"  # what parse_node_path takes, for the OpenAPI document
MAX_LENGTH = 300
MAX_INDEX = 999


class NodePathError(ValueError):
    """A path that cannot be parsed, or that does not fit the document it is applied to."""


def parse_node_path(path: str) -> list[str | int]:
    """``"Parts[0].PaperCode"`` → ``["Parts", 0, "PaperCode"]``."""
    if not isinstance(path, str) or not path.strip():
        raise NodePathError("a node path is required, e.g. Parts[0].PaperCode")
    path = path.strip()
    if len(path) > MAX_LENGTH:
        raise NodePathError(f"a node path has at most {MAX_LENGTH} characters")
    steps: list[str | int] = []
    for piece in path.split("."):
        match = SEGMENT.fullmatch(piece)
        if match is None:
            raise NodePathError(f"'{piece}' is not a node name with optional [n] indexes "
                                f"(in '{path}'; e.g. Parts[0].PaperCode)")
        steps.append(match.group(1))
        for index in INDEX.findall(match.group(2)):
            if int(index) > MAX_INDEX:
                raise NodePathError(f"index {index} is too large (at most {MAX_INDEX})")
            steps.append(int(index))
    return steps


def _key(mapping: dict[str, Any], name: str) -> str | None:
    if name in mapping:
        return name
    lowered = name.lower()
    return next((k for k in mapping if isinstance(k, str) and k.lower() == lowered), None)


def _describe(steps: list[str | int]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "(the request)"


def set_node(document: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` in ``document`` in place. Objects on the way must exist, except the last
    name, which is added when missing; list items must exist (a mapping never invents a part)."""
    steps = parse_node_path(path)
    node: Any = document
    for n, step in enumerate(steps):
        last = n == len(steps) - 1
        where = _describe(steps[:n])
        if isinstance(step, int):
            if not isinstance(node, list):
                raise NodePathError(f"{where} is not a list, so it has no item [{step}]")
            if step >= len(node):
                raise NodePathError(f"{where} has {len(node)} item(s), so there is no [{step}]")
            if last:
                node[step] = value
            else:
                node = node[step]
        else:
            if not isinstance(node, dict):
                raise NodePathError(f"{where} is not an object, so it has no '{step}'")
            key = _key(node, step)
            if last:
                node[key or step] = value
            elif key is None:
                raise NodePathError(f"{_describe(steps[:n + 1])} does not exist")
            else:
                node = node[key]
