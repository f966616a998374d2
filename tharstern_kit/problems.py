"""``Problem``: one thing wrong in a file a user wrote (the fake's fixture files, the harness's
scenario files): the file, the line, and what was expected there. Problems sort by file and
line, so a file's problems are reported in reading order."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"
