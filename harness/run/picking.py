"""Choosing which of the selected scenarios a run takes: ``--shard I/N`` (a stable split for CI
matrices) and ``--last-failed`` (those that did not pass last time, remembered in
``.tharness/last-failed.json`` under the folder the run starts in)."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from ..scenario import Scenario
from .results import RunSummary

CACHE = Path(".tharness") / "last-failed.json"
DURATIONS = Path(".tharness") / "durations.json"
SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` → ``(2, 4)``; ``ValueError`` says what was expected."""
    match = SHARD.match(text or "")
    if not match:
        raise ValueError(f"expected I/N such as 1/4 (this is shard I of N), got {text!r}")
    index, total = int(match.group(1)), int(match.group(2))
    if total < 1 or not 1 <= index <= total:
        raise ValueError(f"expected I/N with 1 <= I <= N, got {text!r}")
    return index, total


def stable_key(scenario: Scenario) -> str:
    """The scenario's file relative to the folder the run starts in (as on every CI machine),
    with its row of examples."""
    shown = _file_key(scenario.file)
    return shown if scenario.example is None else f"{shown}[{scenario.example + 1}]"


def shard(scenarios: list[Scenario], index: int, total: int) -> list[Scenario]:
    """Shard ``index`` of ``total`` (1-based): the scenarios sorted by file (and row), dealt out in
    turn, so the shards differ in size by one at most and every machine makes the same split.
    The run keeps its usual order within a shard."""
    ordered = sorted(scenarios, key=stable_key)
    mine = {id(s) for position, s in enumerate(ordered) if position % total == index - 1}
    return [s for s in scenarios if id(s) in mine]


def remember_failures(summary: RunSummary, cache: Path = CACHE, durations: Path = DURATIONS) -> None:
    """Write which scenarios did not pass (failed or error) and which files had problems; a run
    that passed everything it ran forgets those it ran. Also each scenario's last duration, by
    which ``-n`` hands out the longest first."""
    previous = _read(cache)
    ran = {stable_key(r.scenario) for r in summary.results}
    failed = {stable_key(r.scenario) for r in summary.results if not r.passed}
    keep = (previous - ran) | failed
    for error in summary.load_errors:
        keep.add(_file_key(error.file))
    _write(cache, {"failed": sorted(keep)})
    known = read_durations(durations)
    known.update({stable_key(r.scenario): round(r.duration_ms, 1) for r in summary.results})
    _write(durations, {"ms": dict(sorted(known.items()))})


def read_durations(durations: Path = DURATIONS) -> dict[str, float]:
    try:
        data = json.loads(durations.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = data.get("ms") if isinstance(data, dict) else None
    return {str(k): float(v) for k, v in found.items() if isinstance(v, (int, float))} if isinstance(found, dict) else {}


def longest_first(scenarios: list[Scenario], durations: Path = DURATIONS) -> list[Scenario]:
    """The order to hand scenarios to workers: the longest last time first (unknown ones count
    as long), so no long one starts last while the other workers sit idle."""
    known = read_durations(durations)
    unknown = max(known.values(), default=0.0)
    return sorted(scenarios, key=lambda s: -known.get(stable_key(s), unknown))


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
    os.replace(temporary, path)


def last_failed(scenarios: list[Scenario], cache: Path = CACHE) -> tuple[list[Scenario], str]:
    """The scenarios that did not pass last time, and a line saying what was picked. With no
    record of failures, all of them (as pytest's ``--last-failed`` does)."""
    remembered = _read(cache)
    picked = [s for s in scenarios if stable_key(s) in remembered or _file_key(s.file) in remembered]
    if not remembered or not picked:
        return scenarios, "--last-failed: no failures remembered from the last run; running all selected"
    return picked, f"--last-failed: running the {len(picked)} of {len(scenarios)} selected that did not pass last time"


def _file_key(file: str) -> str:
    path = Path(file).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(cache: Path) -> set[str]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    failed = data.get("failed") if isinstance(data, dict) else None
    return {str(k) for k in failed} if isinstance(failed, list) else set()
