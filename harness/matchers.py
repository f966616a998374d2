"""Matching what a scenario expects against what a server answered.

Expected values match structurally: a mapping matches when each key it names matches (other keys
in the answer are ignored), a list when it has the same length and each item matches, anything
else when equal (``1`` equals ``1.0``, but ``true`` is not ``1`` and ``"1"`` is not ``1``).
Where equality is not what you want, a matcher: a mapping with one ``$`` key:

- ``{$regex: '^SO\\d{6}$'}`` text that the regular expression finds a match in (``re.search``);
- ``{$type: integer}`` one of string, number, integer, boolean, null, object, array;
- ``{$any: true}`` present, with any value (null included);
- ``{$count: 3}`` that many JSONPath matches, whatever each match is (an object is one match,
  never its keys); a path naming one place (no wildcard, filter, slice or ``..``) that holds a
  list counts the list's items, so ``$.Items`` and ``$.Items[*]`` agree; absent counts 0. Under a
  key (``json: {Items: {$count: 3}}``) a list counts its items and any other value counts 1.

JSONPaths (``$.lines[0].job_no``, filters such as ``$.Items[?(@.Code == 'WEB001')].Name``) use
jsonpath-ng's extended syntax. A path with no match finds nothing; with one, that value; with
several, the list of them.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError
from jsonpath_ng.ext import parse as parse_jsonpath

from .wording import describe, did_you_mean

MATCHERS = ("$regex", "$type", "$any", "$count")
TYPES = ("string", "number", "integer", "boolean", "null", "object", "array")


class Missing:
    """What a key or JSONPath that finds nothing yields."""

    def __repr__(self) -> str:
        return "nothing"

    def __reduce__(self) -> str:
        return "MISSING"  # the one instance, also after a trip between processes (tharness run -n)


MISSING = Missing()


class Described(str):
    """An actual value already written out for people (a list of calls, say): shown as it is."""


@dataclass(frozen=True)
class Mismatch:
    where: str
    expected: str
    actual: Any

    def __str__(self) -> str:
        return f"{self.where}: expected {self.expected}, got {show(self.actual)}"


def show(value: Any, limit: int = 300) -> str:
    if value is MISSING:
        return "nothing (absent)"
    if isinstance(value, Described):
        return str(value)
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_jsonpath(key: Any) -> bool:
    return isinstance(key, str) and (key == "$" or key.startswith("$.") or key.startswith("$["))


def is_matcher(value: Any) -> bool:
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(k, str) and k.startswith("$") and not is_jsonpath(k) for k in value))


@lru_cache(maxsize=512)
def jsonpath(expression: str):
    return parse_jsonpath(expression)


def jsonpath_error(expression: str) -> str | None:
    """Why ``expression`` is not a JSONPath jsonpath-ng can use, or None."""
    try:
        jsonpath(expression)
    except (JsonPathLexerError, JsonPathParserError, Exception) as error:  # the parser raises plain Exception too
        return str(error).splitlines()[0]
    return None


def find(expression: str, document: Any) -> list[Any]:
    return [match.value for match in jsonpath(expression).find(document)]


def found_value(matches: list[Any]) -> Any:
    if not matches:
        return MISSING
    return matches[0] if len(matches) == 1 else matches


# -- load-time checks of matcher syntax ------------------------------------------------------
def matcher_problems(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """``(path, message)`` for every malformed matcher inside an expected value."""
    if isinstance(value, dict):
        dollar = [k for k in value if isinstance(k, str) and k.startswith("$") and not is_jsonpath(k)]
        if dollar and len(dollar) != len(value):
            yield path, (f"a matcher stands alone: {', '.join(dollar)} cannot be mixed with other keys "
                         f"({', '.join(str(k) for k in value if k not in dollar)})")
            return
        if dollar:
            if len(dollar) > 1:
                yield path, f"one matcher at a time, found {', '.join(dollar)}"
            for key in dollar:
                yield from _one_matcher_problems(key, value[key], path)
            return
        for key, item in value.items():
            yield from matcher_problems(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from matcher_problems(item, path + (index,))


def _one_matcher_problems(key: str, argument: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    here = path + (key,)
    if key not in MATCHERS:
        yield here, f"unknown matcher {key}{did_you_mean(key, MATCHERS)}; matchers are {', '.join(MATCHERS)}"
    elif key == "$regex":
        if not isinstance(argument, str):
            yield here, f"$regex: expected a regular expression (text), got {describe(argument)}"
        else:
            try:
                re.compile(argument)
            except re.error as error:
                yield here, f"$regex: not a valid regular expression: {error}"
    elif key == "$type" and argument not in TYPES:
        yield here, f"$type: expected one of {', '.join(TYPES)}, got {describe(argument)}{did_you_mean(argument, TYPES)}"
    elif key == "$any" and argument is not True:
        yield here, f"$any: write {{$any: true}}, got {describe(argument)}"
    elif key == "$count" and (not isinstance(argument, int) or isinstance(argument, bool) or argument < 0):
        yield here, f"$count: expected a whole number, 0 or more, got {describe(argument)}"


# -- matching ---------------------------------------------------------------------------------
def compare(expected: Any, actual: Any, where: str, *, matches: list[Any] | None = None) -> list[Mismatch]:
    """Every way ``actual`` fails ``expected``; ``matches`` are the JSONPath matches, for $count."""
    if is_matcher(expected):
        (key, argument), = expected.items()
        return _apply(key, argument, actual, where, matches)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [Mismatch(where, f"a mapping with {', '.join(map(str, expected))}", actual)]
        found: list[Mismatch] = []
        for key, item in expected.items():
            found.extend(compare(item, actual.get(key, MISSING), f"{where}.{key}"))
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [Mismatch(where, f"a list of {len(expected)}", actual)]
        if len(actual) != len(expected):
            return [Mismatch(where, f"a list of {len(expected)} (write {{$count: n}} to check the length only)", actual)]
        found = []
        for index, (item, got) in enumerate(zip(expected, actual, strict=True)):
            found.extend(compare(item, got, f"{where}[{index}]"))
        return found
    if not equal(expected, actual):
        return [Mismatch(where, show(expected), actual)]
    return []


def equal(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)
    return expected == actual


def _apply(key: str, argument: Any, actual: Any, where: str, matches: list[Any] | None) -> list[Mismatch]:
    if key == "$any":
        return [] if actual is not MISSING else [Mismatch(where, "a value (any)", actual)]
    if key == "$count":
        count = _count(actual, matches)
        return [] if count == argument else [Mismatch(where, f"{argument} item{'s' if argument != 1 else ''}",
                                                      f"{count}: {show(actual)}")]
    if key == "$type":
        return [] if type_name_matches(argument, actual) else [Mismatch(where, f"a value of type {argument}", actual)]
    if key == "$regex":
        if isinstance(actual, str) and re.search(argument, actual):
            return []
        return [Mismatch(where, f"text matching /{argument}/", actual)]
    return [Mismatch(where, f"a known matcher, not {key}", actual)]


def _count(actual: Any, matches: list[Any] | None) -> int:
    if matches is not None:
        return len(matches)
    if actual is MISSING:
        return 0
    return len(actual) if isinstance(actual, list) else 1


# A path with one of these can find many values; any other names one place in the document.
MANY_VALUED = re.compile(r"\[\s*\*\s*\]|\.\*|\.\.|\[\s*\?|\[[^\]]*[:,][^\]]*\]")


def names_one_place(expression: str) -> bool:
    """Whether a JSONPath can find at most one value (``$.a.b[0]``, not ``$.a[*]`` or filters)."""
    return MANY_VALUED.search(expression) is None


def counted_matches(expression: str, matches: list[Any]) -> list[Any]:
    """What ``$count`` counts for a JSONPath: its matches, or the items of the one list it names."""
    if len(matches) == 1 and isinstance(matches[0], list) and names_one_place(expression):
        return matches[0]
    return matches


def type_name_matches(name: str, value: Any) -> bool:
    checks = {
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
    }
    return value is not MISSING and checks[name](value)


def compare_path(expression: str, expected: Any, document: Any, where: str | None = None) -> list[Mismatch]:
    """Match the value(s) a JSONPath finds in ``document``."""
    matches = find(expression, document)
    actual = found_value(matches)
    if isinstance(expected, list) and len(matches) == 1 and not isinstance(actual, list):
        actual = matches  # "$[*].status": [applied] when the wildcard found just one
    return compare(expected, actual, where or expression, matches=counted_matches(expression, matches))
