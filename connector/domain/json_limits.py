"""What the connector accepts as JSON from outside (request bodies, webhook events, mapping code's
output): nesting at most ``MAX_DEPTH`` deep, and text that can be stored and read back (no lone
UTF-16 surrogates, which JSON's ``\\ud800`` escapes can carry). Checked by walking the parsed value
with a stack of its own, so no depth of nesting can exhaust Python's recursion; parsing itself is
guarded by the callers (``RecursionError`` from the parser is a refusal like any bad JSON)."""
from __future__ import annotations

from typing import Any

MAX_DEPTH = 64


def json_problem(value: Any, max_depth: int = MAX_DEPTH) -> str | None:
    """Why ``value`` (parsed JSON) is refused, or None."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if not _is_text(node):
                return "it holds a lone UTF-16 surrogate, which is not text"
            continue
        if not isinstance(node, (dict, list)):
            continue
        if depth > max_depth:
            return f"it nests deeper than {max_depth} levels"
        if isinstance(node, dict):
            stack.extend((key, depth) for key in node)
            stack.extend((item, depth + 1) for item in node.values())
        else:
            stack.extend((item, depth + 1) for item in node)
    return None


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
