"""How a line follows its job: events applied in Sequence order, stale ones never move it back,
polls fill gaps without undoing a later event."""
from __future__ import annotations

from types import SimpleNamespace

from connector.domain.job_tracking import JobNews, apply_event, apply_poll, transitions


def line():
    return SimpleNamespace(job_no=None, job_status=None, status_changed_at=None, tracking_number=None, courier=None,
                           despatched_at=None, history=[], last_sequence=0)


def event(seq, status, at="2026-01-01T10:00:00Z", deliveries=()):
    return JobNews("100001", status, at, tuple(deliveries), sequence=seq, event_id=f"evt_{seq}")


DESPATCH = {"TrackingNumber": "1Z9", "Courier": "UPS", "DespatchedDate": "2026-01-01T12:00:00Z"}


def test_events_in_order_move_the_line_and_build_its_history():
    l = line()
    assert apply_event(l, event(1, "OutOnProof")) == "applied"
    assert apply_event(l, event(2, "InProduction")) == "applied"
    assert (l.job_no, l.job_status, l.last_sequence) == ("100001", "InProduction", 2)
    assert [h["status"] for h in l.history] == ["OutOnProof", "InProduction"]


def test_a_repeated_or_older_sequence_never_moves_the_line_back():
    l = line()
    l.history = [{"status": "Entered", "source": "submit"}]
    apply_event(l, event(3, "FinishedProduction"))
    assert apply_event(l, event(3, "FinishedProduction")) == "stale"
    assert apply_event(l, event(1, "OutOnProof")) == "stale"
    assert apply_event(l, event(2, "InProduction")) == "stale"
    assert l.job_status == "FinishedProduction" and l.last_sequence == 3
    assert [h["status"] for h in l.history] == ["Entered", "OutOnProof", "InProduction", "FinishedProduction"]
    assert [h.get("sequence") for h in l.history] == [None, 1, 2, 3]  # late events fill the history in order


def test_the_tracking_number_comes_from_the_deliveries_and_stays():
    l = line()
    apply_event(l, event(5, "Despatched", deliveries=[DESPATCH]))
    apply_event(l, event(6, "Delivered", deliveries=[DESPATCH]))
    assert (l.job_status, l.tracking_number, l.courier) == ("Delivered", "1Z9", "UPS")
    apply_event(l, event(4, "FinishedProduction"))
    assert l.tracking_number == "1Z9" and l.job_status == "Delivered"


def test_a_poll_fills_in_what_events_missed_but_not_an_older_state():
    l = line()
    news = JobNews("100001", "InProduction", "2026-01-01T11:00:00Z", (), source="reconcile")
    assert apply_poll(l, news) is True
    assert apply_poll(l, news) is False  # nothing new
    older = JobNews("100001", "OutOnProof", "2026-01-01T10:00:00Z", (), source="reconcile")
    assert apply_poll(l, older) is False
    assert apply_event(l, event(1, "OutOnProof", at="2026-01-01T10:00:00Z")) == "stale"  # overtaken by the poll
    assert l.job_status == "InProduction"
    assert apply_event(l, event(3, "FinishedProduction", at="2026-01-01T12:00:00Z")) == "applied"


def test_a_hold_and_release_in_between_keeps_both_holds_whatever_the_order():
    """OnHold (1), back to InProduction (2), OnHold again (3): arriving 1, 3, 2 the line once
    dropped the second hold (same status as the line's) and showed only two transitions."""
    l = line()
    for seq in (1, 3, 2):
        apply_event(l, event(seq, {1: "OnHold", 2: "InProduction", 3: "OnHold"}[seq]))
    assert l.job_status == "OnHold" and l.last_sequence == 3
    assert [h["status"] for h in transitions(l.history)] == ["OnHold", "InProduction", "OnHold"]


def test_the_despatch_pair_shows_once_in_either_order():
    """JobStatusChanged to Despatched (5) and JobDespatched (6) are one transition."""
    for order in ((5, 6), (6, 5)):
        l = line()
        apply_event(l, event(4, "FinishedProduction"))
        for seq in order:
            apply_event(l, event(seq, "Despatched", deliveries=[DESPATCH]))
        assert [h["status"] for h in transitions(l.history)] == ["FinishedProduction", "Despatched"], order
        assert [h["sequence"] for h in transitions(l.history)] == [4, 5], order
        assert (l.job_status, l.tracking_number) == ("Despatched", "1Z9")
