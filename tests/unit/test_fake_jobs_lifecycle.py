"""The job lifecycle's transition table, alone: legal moves, walks, refusals."""
from itertools import pairwise

import pytest

from fake_tharstern.backend.production import lifecycle
from fake_tharstern.backend.records.enums import JOB_STATUSES

MAIN = list(lifecycle.MAIN_LINE)


def test_main_line_moves_one_step_at_a_time():
    for current, following in pairwise(MAIN):
        assert following in lifecycle.legal_moves(current)
        for skipped in MAIN[MAIN.index(following) + 1:]:
            assert not lifecycle.is_legal(current, skipped), (current, skipped)


@pytest.mark.parametrize("status", ["Entered", "OutOnProof", "InProduction", "FinishedProduction"])
def test_hold_and_cancel_are_allowed_before_despatch(status):
    assert lifecycle.is_legal(status, "OnHold")
    assert lifecycle.is_legal(status, "Cancelled")


@pytest.mark.parametrize("status", ["Despatched", "Delivered", "Completed", "Cancelled"])
def test_hold_and_cancel_are_refused_from_despatch_on(status):
    assert not lifecycle.is_legal(status, "OnHold")
    assert not lifecycle.is_legal(status, "Cancelled")


def test_on_hold_goes_back_only_where_it_came_from_or_is_cancelled():
    assert lifecycle.legal_moves("OnHold", "InProduction") == ["InProduction", "Cancelled"]
    assert not lifecycle.is_legal("OnHold", "Entered", "InProduction")
    assert not lifecycle.is_legal("OnHold", "FinishedProduction", "InProduction")


def test_final_states_have_no_moves():
    assert lifecycle.legal_moves("Completed") == []
    assert lifecycle.legal_moves("Cancelled") == []


def test_no_move_goes_backwards():
    for n, status in enumerate(MAIN):
        for earlier in MAIN[:n]:
            assert lifecycle.path_to(status, earlier) is None


def test_path_walks_the_main_line_without_skipping():
    assert lifecycle.path_to("Entered", "Despatched") == ["OutOnProof", "InProduction", "FinishedProduction", "Despatched"]
    assert lifecycle.path_to("Despatched", "Completed") == ["Delivered", "Completed"]
    assert lifecycle.path_to("Entered", "Cancelled") == ["Cancelled"]


def test_path_from_hold_first_goes_back_then_on():
    assert lifecycle.path_to("OnHold", "Despatched", "OutOnProof") == [
        "OutOnProof", "InProduction", "FinishedProduction", "Despatched"]
    assert lifecycle.path_to("OnHold", "Entered", "OutOnProof") is None
    assert lifecycle.path_to("OnHold", "Cancelled", "OutOnProof") == ["Cancelled"]


def test_hold_is_never_passed_through_and_only_reached_before_despatch():
    for start in MAIN:
        for target in JOB_STATUSES:
            path = lifecycle.path_to(start, target)
            if path:
                assert "OnHold" not in path[:-1]
    assert lifecycle.path_to("Entered", "OnHold") == ["OnHold"]
    assert lifecycle.path_to("Despatched", "OnHold") is None


def test_refusals_name_the_reason_and_the_legal_next_states():
    assert lifecycle.refusal("Entered", "Despatched") is None
    assert "already Entered" in lifecycle.refusal("Entered", "Entered")
    backwards = lifecycle.refusal("InProduction", "Entered")
    assert "do not move backwards" in backwards and "FinishedProduction, OnHold, Cancelled" in backwards
    final = lifecycle.refusal("Completed", "Delivered")
    assert "Completed is final" in final and "none" in final
    late = lifecycle.refusal("Despatched", "Cancelled")
    assert "before it is Despatched" in late and "Legal next states: Delivered" in late
    held = lifecycle.refusal("OnHold", "Despatched", "InProduction", walk=False)
    assert "held from" in held
    skip = lifecycle.refusal("Entered", "InProduction", walk=False)
    assert "cannot be skipped" in skip


def test_all_transitions_names_every_legal_move_once():
    names = lifecycle.all_transitions()
    assert len(names) == len(set(names))
    assert "Entered->OutOnProof" in names and "OnHold->InProduction" in names and "OnHold->Cancelled" in names
    assert "Despatched->Cancelled" not in names
    for name in names:
        source, target = name.split("->")
        held = target if source == "OnHold" else None
        assert lifecycle.is_legal(source, target, held), name


def test_held_from_is_read_from_the_history():
    def entry(name):
        return {"Status": {"Name": name}}
    history = [entry("Entered"), entry("OutOnProof"), entry("OnHold"), entry("OutOnProof"), entry("OnHold")]
    assert lifecycle.held_from_history(history) == "OutOnProof"
    assert lifecycle.held_from_history([entry("Entered")]) is None
