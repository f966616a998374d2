"""Near misses: when no journal entry or webhook delivery is what a step expects, the ones that
came closest, each with the fields that differed (expected and actual) and its bodies in full.

A candidate's distance is the number of expected fields it does not meet; the nearest come first,
the latest first among equals (the call just made is the likeliest one meant).
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Callable

from ..matchers import MISSING, compare, show

NEAREST = 3
BODY_FIELDS = ("query", "request_body", "response_body", "stub")  # matched with matchers; stub: the answering stub's id


WHOLE = 10**9  # near misses show values whole: the difference may be at the end of a long body


@dataclass
class Difference:
    field: str
    expected: str  # already written for people, as in a Mismatch
    actual: Any

    def __str__(self) -> str:
        return f"{self.field}: expected {self.expected}, got {show(self.actual, limit=WHOLE)}"


def differs(field: str, expected: Any, actual: Any) -> Difference:
    return Difference(field, show(expected, limit=WHOLE), actual)


def nearest(candidates: list[dict[str, Any]], differences: Callable[[dict[str, Any]], list[Difference]],
            *, limit: int = NEAREST) -> list[tuple[dict[str, Any], list[Difference]]]:
    """The ``limit`` candidates with the fewest differing fields, each with its differences."""
    scored = [(item, differences(item)) for item in candidates]
    ordered = sorted(enumerate(scored), key=lambda pair: (len(pair[1][1]), -pair[0]))
    return [pair for _, pair in ordered[:limit]]


def path_glob_matches(pattern: str, path: str) -> bool:
    """The fake's journal filter, case-insensitive: ``customers/create`` matches the path's end."""
    pattern, path = pattern.lower(), path.lower()
    if fnmatch.fnmatchcase(path, pattern):
        return True
    return not pattern.startswith("/") and fnmatch.fnmatchcase(path, "*/" + pattern)


def journal_differences(expected: dict[str, Any], entry: dict[str, Any],
                        client_matches: Callable[[str, Any], bool]) -> list[Difference]:
    found: list[Difference] = []
    if "method" in expected and str(entry.get("method", "")).upper() != str(expected["method"]).upper():
        found.append(differs("method", expected["method"], entry.get("method")))
    if "path" in expected and not path_glob_matches(expected["path"], str(entry.get("path", ""))):
        found.append(differs("path", expected["path"], entry.get("path")))
    if "status" in expected and entry.get("status") != expected["status"]:
        found.append(differs("status", expected["status"], entry.get("status")))
    if "client" in expected and not client_matches(expected["client"], entry.get("client")):
        found.append(differs("client", expected["client"], entry.get("origin") or entry.get("client")))
    if "fault" in expected and not any(f.get("kind") == expected["fault"] for f in entry.get("fault") or []):
        kinds = [f.get("kind") for f in entry.get("fault") or []]
        found.append(differs("fault", expected["fault"], ", ".join(map(str, kinds)) or None))
    if "blocked" in expected and entry.get("blocked") != expected["blocked"]:
        found.append(differs("blocked", expected["blocked"], entry.get("blocked")))
    for key in BODY_FIELDS:
        if key in expected:
            found.extend(Difference(m.where, m.expected, m.actual)
                         for m in compare(expected[key], entry.get(key, MISSING), key))
    return found


def describe_near_misses(what: str, total: int, near: list[tuple[dict[str, Any], list[Difference]]],
                         headline: Callable[[dict[str, Any]], str],
                         bodies: Callable[[dict[str, Any]], list[str]]) -> str:
    """``none of the 7 calls since the steps began; nearest:`` and, per candidate, its line and
    each differing field; the nearest one's bodies follow, whole (the others' would bury it)."""
    if not total:
        return f"none: there were no {what} at all"
    lines = [f"none of the {total} {what}; the nearest {'is' if len(near) == 1 else f'{len(near)} are'}:"]
    for rank, (item, differences) in enumerate(near):
        lines.append(f"  {headline(item)}")
        if not differences:
            lines.append("    (matches every field; the count is what differs)")
        for difference in differences:
            lines.append(f"    differs in {difference}")
        if rank == 0:
            lines.extend(f"    {text}" for text in bodies(item))
    return "\n".join(lines)
