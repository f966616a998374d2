"""Wording shared by error messages: "did you mean" hints and short accounts of values."""
from __future__ import annotations

import difflib
from typing import Any, Iterable


def did_you_mean(word: Any, candidates: Iterable[str]) -> str:
    """`` (did you mean 'steps'?)`` when ``word`` looks like a misspelling of a candidate."""
    if not isinstance(word, str):
        return ""
    choices = list(candidates)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f" (did you mean '{close[0]}'?)" if close else ""


def describe(value: Any) -> str:
    """A short, readable account of a value found in a file."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        keys = ", ".join(map(str, list(value)[:4])) + (", ..." if len(value) > 4 else "")
        return f"a mapping ({keys})" if value else "an empty mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
