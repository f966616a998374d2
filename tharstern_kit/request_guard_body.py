"""Pure checks of a JSON request body, made before any handler parses it.

* ``too_deep(raw, limit)``: whether brackets nest deeper than ``limit`` (strings skipped), found
  without parsing, so a body of 100,000 ``[`` costs a scan, never a ``RecursionError``.
* ``unstorable_text(raw, refuse_nul=...)``: the first string (key or value) holding text that
  cannot be stored and read back — a lone UTF-16 surrogate from a ``\\ud800`` escape (no UTF-8
  encoding exists for it), or NUL (``\\u0000``: PostgreSQL's text refuses it) where the caller
  says it matters — as ``(path, problem)``, the path written as ``Orders[0].Items[1].Description``.
* ``first_unstorable(value, refuse_nul=...)``: the same for a value already parsed (the
  connector's mapping code checks its output with it).

Raw surrogate or NUL bytes cannot reach a parsed string (they are not valid UTF-8 or not valid
JSON), so only the escapes are looked for before a body is parsed at all.
"""
from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\x02\x02")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_NUL_ESCAPE = re.compile(rb"\\u0000")
_SURROGATE = re.compile("[\ud800-\udfff]")


def too_deep(raw: bytes, limit: int) -> bool:
    """Whether arrays and objects in ``raw`` nest more than ``limit`` levels (``[[1]]`` is 2)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b'""', raw).translate(None, _NOT_BRACKET).translate(_STEP)
    if len(brackets) <= limit:
        return False
    return max(accumulate(1 if step == 1 else -1 for step in brackets)) > limit


def unstorable_text(raw: bytes, *, refuse_nul: bool) -> tuple[str, str] | None:
    """``(path, problem)`` of the first string in the JSON ``raw`` that cannot be stored, or None
    (also None when ``raw`` is not JSON: the route says what is wrong with it)."""
    if not (_SURROGATE_ESCAPE.search(raw) or (refuse_nul and _NUL_ESCAPE.search(raw))):
        return None
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return first_unstorable(value, refuse_nul=refuse_nul)


def text_problem(text: str, refuse_nul: bool) -> str | None:
    found = _SURROGATE.search(text)
    if found:
        return (f"contains a lone surrogate (\\u{ord(found.group()):04x}), which no text encoding can store; "
                "send the character itself or a whole surrogate pair")
    if refuse_nul and "\x00" in text:
        return "contains NUL (\\u0000), which cannot be stored as text"
    return None


def first_unstorable(value: Any, *, refuse_nul: bool) -> tuple[str, str] | None:
    """``(path, problem)`` of the first string (key or value) in ``value`` that cannot be stored, or None."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            problem = text_problem(node, refuse_nul)
            if problem:
                return path or "body", problem
        elif isinstance(node, dict):
            children = []
            for key, child in node.items():
                child_path = f"{path}.{key}" if path else key
                problem = text_problem(key, refuse_nul)
                if problem:
                    return (f"{path}.{_printable(key)}" if path else _printable(key)), "the name " + problem
                children.append((child_path, child))
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(f"{path}[{index}]", child) for index, child in enumerate(node)]))
    return None


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\u0000")
