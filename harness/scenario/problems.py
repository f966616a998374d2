"""Problems found in scenario files: each names the file, the line, where in the scenario, and
what was expected. A file's problems are gathered and reported all at once."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class ScenarioFileError(Exception):
    """A scenario file that cannot be run; ``problems`` lists everything wrong with it."""

    def __init__(self, file: str | Path, problems: Sequence[Problem]) -> None:
        self.file = str(file)
        self.problems = sorted(problems)
        super().__init__(self.describe())

    def describe(self) -> str:
        count = len(self.problems)
        head = f"{self.file}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


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


def where(path: Sequence[Any]) -> str:
    """``steps[2].expect.status`` for a path in the data; ``the scenario`` for the root."""
    text = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            part = str(part)
            plain = part.replace("_", "").isalnum()
            text += (f".{part}" if text else part) if plain else f"[{part!r}]"
    return text or "the scenario"


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
