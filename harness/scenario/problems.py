"""Problems found in scenario files: each names the file, the line, where in the scenario, and
what was expected. A file's problems are gathered and reported all at once."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from tharstern_kit.problems import Problem

from ..wording import describe, did_you_mean  # noqa: F401 (part of this module's interface)


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
