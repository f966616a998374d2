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
    order_line = line()
    assert apply_event(order_line, event(1, "OutOnProof")) == "applied"
    assert apply_event(order_line, event(2, "InProduction")) == "applied"
    assert (order_line.job_no, order_line.job_status, order_line.last_sequence) == ("100001", "InProduction", 2)
    assert [h["status"] for h in order_line.history] == ["OutOnProof", "InProduction"]


def test_a_repeated_or_older_sequence_never_moves_the_line_back():
    order_line = line()
    order_line.history = [{"status": "Entered", "source": "submit"}]
    apply_event(order_line, event(3, "FinishedProduction"))
    assert apply_event(order_line, event(3, "FinishedProduction")) == "stale"
    assert apply_event(order_line, event(1, "OutOnProof")) == "stale"
    assert apply_event(order_line, event(2, "InProduction")) == "stale"
    assert order_line.job_status == "FinishedProduction" and order_line.last_sequence == 3
    assert [h["status"] for h in order_line.history] == ["Entered", "OutOnProof", "InProduction", "FinishedProduction"]
    assert [h.get("sequence") for h in order_line.history] == [None, 1, 2, 3]  # late events fill the history in order


def test_the_tracking_number_comes_from_the_deliveries_and_stays():
    order_line = line()
    apply_event(order_line, event(5, "Despatched", deliveries=[DESPATCH]))
    apply_event(order_line, event(6, "Delivered", deliveries=[DESPATCH]))
    assert (order_line.job_status, order_line.tracking_number, order_line.courier) == ("Delivered", "1Z9", "UPS")
    apply_event(order_line, event(4, "FinishedProduction"))
    assert order_line.tracking_number == "1Z9" and order_line.job_status == "Delivered"


def test_a_poll_fills_in_what_events_missed_but_not_an_older_state():
    order_line = line()
    news = JobNews("100001", "InProduction", "2026-01-01T11:00:00Z", (), source="reconcile")
    assert apply_poll(order_line, news) is True
    assert apply_poll(order_line, news) is False  # nothing new
    older = JobNews("100001", "OutOnProof", "2026-01-01T10:00:00Z", (), source="reconcile")
    assert apply_poll(order_line, older) is False
    assert apply_event(order_line, event(1, "OutOnProof", at="2026-01-01T10:00:00Z")) == "stale"  # overtaken by the poll
    assert order_line.job_status == "InProduction"
    assert apply_event(order_line, event(3, "FinishedProduction", at="2026-01-01T12:00:00Z")) == "applied"


def test_a_hold_and_release_in_between_keeps_both_holds_whatever_the_order():
    """OnHold (1), back to InProduction (2), OnHold again (3): arriving 1, 3, 2 the line once
    dropped the second hold (same status as the line's) and showed only two transitions."""
    order_line = line()
    for seq in (1, 3, 2):
        apply_event(order_line, event(seq, {1: "OnHold", 2: "InProduction", 3: "OnHold"}[seq]))
    assert order_line.job_status == "OnHold" and order_line.last_sequence == 3
    assert [h["status"] for h in transitions(order_line.history)] == ["OnHold", "InProduction", "OnHold"]


def test_the_despatch_pair_shows_once_in_either_order():
    """JobStatusChanged to Despatched (5) and JobDespatched (6) are one transition."""
    for order in ((5, 6), (6, 5)):
        order_line = line()
        apply_event(order_line, event(4, "FinishedProduction"))
        for seq in order:
            apply_event(order_line, event(seq, "Despatched", deliveries=[DESPATCH]))
        assert [h["status"] for h in transitions(order_line.history)] == ["FinishedProduction", "Despatched"], order
        assert [h["sequence"] for h in transitions(order_line.history)] == [4, 5], order
        assert (order_line.job_status, order_line.tracking_number) == ("Despatched", "1Z9")
