"""The job lifecycle [I]: a pure transition table, no state, no locks.

Main line (DESIGN §3)::

    Entered -> OutOnProof -> InProduction -> FinishedProduction -> Despatched -> Delivered -> Completed

plus ``OnHold`` from any state before ``Despatched`` (and back to the state it was held from,
only), and ``Cancelled`` from any state before ``Despatched`` (``OnHold`` included).
``Completed`` and ``Cancelled`` are final. No step of the main line may be skipped in one move;
``path_to`` finds the chain of legal moves that reaches a later state (the control plane walks
a job along it, one recorded transition per step). The real Tharstern's job states and the moves
between them are not public: all of this is invented (docs/fake-vs-real.md).
"""
from __future__ import annotations

from collections import deque
from typing import Any

from ..records.enums import JOB_STATUSES

MAIN_LINE = ("Entered", "OutOnProof", "InProduction", "FinishedProduction", "Despatched", "Delivered", "Completed")
BEFORE_DESPATCH = MAIN_LINE[:MAIN_LINE.index("Despatched")]
HOLD = "OnHold"
CANCELLED = "Cancelled"
FINAL = ("Completed", CANCELLED)
DESPATCHED = "Despatched"

assert set(MAIN_LINE) | {HOLD, CANCELLED} == set(JOB_STATUSES)


def legal_moves(status: str, held_from: str | None = None) -> list[str]:
    """The states one move away. ``held_from`` is where an ``OnHold`` job was held from."""
    if status == HOLD:
        return ([held_from] if held_from in BEFORE_DESPATCH else []) + [CANCELLED]
    if status not in MAIN_LINE:
        return []
    index = MAIN_LINE.index(status)
    moves = list(MAIN_LINE[index + 1:index + 2])
    if status in BEFORE_DESPATCH:
        moves += [HOLD, CANCELLED]
    return moves


def is_legal(status: str, target: str, held_from: str | None = None) -> bool:
    return target in legal_moves(status, held_from)


def path_to(status: str, target: str, held_from: str | None = None) -> list[str] | None:
    """The shortest list of states a job passes through to get from ``status`` to ``target``
    by legal moves (``target`` last, ``status`` not included), or None when it cannot get there.
    ``OnHold`` is never passed through on the way; it can only be the target or the start."""
    if status == target:
        return None
    previous: dict[str, str] = {}
    queue = deque([status])
    seen = {status}
    while queue:
        current = queue.popleft()
        for nxt in legal_moves(current, held_from if current == status else None):
            if nxt in seen or (nxt == HOLD and nxt != target):
                continue
            seen.add(nxt)
            previous[nxt] = current
            if nxt == target:
                chain = [nxt]
                while previous[chain[-1]] != status:
                    chain.append(previous[chain[-1]])
                return list(reversed(chain))
            queue.append(nxt)
    return None


def refusal(status: str, target: str, held_from: str | None = None, *, walk: bool = True) -> str | None:
    """Why a move from ``status`` to ``target`` is refused, or None when it is allowed."""
    if status == target:
        return f"The job is already {status}."
    reachable = path_to(status, target, held_from) if walk else ([target] if is_legal(status, target, held_from) else None)
    if reachable is not None:
        return None
    moves = legal_moves(status, held_from)
    allowed = ", ".join(moves) if moves else "none (it is final)"
    why = ""
    if status in FINAL:
        why = f" {status} is final."
    elif target in (HOLD, CANCELLED) and status not in BEFORE_DESPATCH + (HOLD,):
        why = " A job can only be put on hold or cancelled before it is Despatched."
    elif status == HOLD:
        why = f" A job on hold goes back to {held_from} (where it was held from) or is cancelled."
    elif target in MAIN_LINE and status in MAIN_LINE and MAIN_LINE.index(target) < MAIN_LINE.index(status):
        why = " Jobs do not move backwards."
    elif not walk:
        why = " Steps of the lifecycle cannot be skipped in one move (walk is off)."
    return f"A job cannot move from {status} to {target}.{why} Legal next states: {allowed}."


def transition_name(source: str, target: str) -> str:
    return f"{source}->{target}"


def all_transitions() -> list[str]:
    """Every legal move by name, for the coverage catalog (``OnHold->X`` for each state X a job
    can be held from)."""
    names = []
    for status in MAIN_LINE:
        names += [transition_name(status, t) for t in legal_moves(status)]
    names += [transition_name(HOLD, s) for s in BEFORE_DESPATCH]
    names.append(transition_name(HOLD, CANCELLED))
    return names


def held_from_history(history: list[dict[str, Any]]) -> str | None:
    """Where an ``OnHold`` job was held from: the status before the last ``OnHold`` entry."""
    for index in range(len(history) - 1, 0, -1):
        if history[index]["Status"]["Name"] == HOLD:
            return str(history[index - 1]["Status"]["Name"])
    return None
