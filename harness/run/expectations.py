"""Checking an answer against a step's ``expect`` (or a ``wait_for``'s ``until``), and saving
values from it."""
from __future__ import annotations

from typing import Any

from ..matchers import MISSING, Mismatch, compare, compare_path, find, found_value, is_jsonpath
from .http import NOT_JSON, Answer


def check_answer(expect: dict[str, Any] | None, answer: Answer) -> list[Mismatch]:
    """Every way ``answer`` misses ``expect``. Without ``status``, any 2xx answer will do."""
    expect = expect or {}
    found: list[Mismatch] = []
    found.extend(_status(expect.get("status", "2xx"), answer))
    if answer.status is None:
        others = [k for k in expect if k != "status"]
        if others and expect.get("status", "2xx") is not None:
            return found
        return found + [Mismatch(k, "an answer to check", f"no answer ({answer.error})") for k in others]
    document = answer.json
    for key, expected in expect.items():
        if key == "json":
            if document is NOT_JSON:
                found.append(Mismatch("json", "a JSON answer", _text(answer)))
            else:
                found.extend(compare(expected, document, "json"))
        elif key == "body":
            found.extend(compare(expected, answer.text, "body"))
        elif key == "headers":
            for name, value in expected.items():
                got = answer.header(name)
                found.extend(compare(value, MISSING if got is None else got, f"headers.{name}"))
        elif is_jsonpath(key):
            if document is NOT_JSON:
                found.append(Mismatch(key, "a JSON answer", _text(answer)))
            else:
                found.extend(compare_path(key, expected, document))
    return found


def _status(expected: Any, answer: Answer) -> list[Mismatch]:
    got = answer.status if answer.status is not None else f"no answer ({answer.error})"
    if expected == "2xx":
        ok = answer.status is not None and 200 <= answer.status < 300
        return [] if ok else [Mismatch("status", "a 2xx status (the step names no other)", got)]
    if expected is None:
        return [] if answer.status is None else [Mismatch("status", "no answer at all", got)]
    allowed = expected if isinstance(expected, list) else [expected]
    if answer.status in allowed:
        return []
    return [Mismatch("status", " or ".join(map(str, allowed)), got)]


def _text(answer: Answer) -> str:
    return answer.text[:300] if answer.text else "an empty body"


def saved_values(save: dict[str, str] | None, answer: Answer) -> tuple[dict[str, Any], list[Mismatch]]:
    """The values ``save`` picks from the answer, and a mismatch per name that found nothing."""
    values: dict[str, Any] = {}
    problems: list[Mismatch] = []
    for name, expression in (save or {}).items():
        if answer.json is NOT_JSON:
            problems.append(Mismatch(f"save {name}", f"a JSON answer to take {expression} from", _text(answer)))
            continue
        value = found_value(find(expression, answer.json))
        if value is MISSING:
            problems.append(Mismatch(f"save {name}", f"a value at {expression}", answer.json))
        else:
            values[name] = value
    return values, problems
