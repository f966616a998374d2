"""Webhook event ids are unique for the life of the fake: a reset never rewinds them, so a
receiver that remembers ids never takes a new event for an old one."""
from __future__ import annotations

import pytest

from fake_tharstern.backend import FakeTharstern
from fake_tharstern.backend.webhooks.events import EventIds
from tests.fixtures.webhooks import place_order


def raise_events(fake: FakeTharstern, ref: str) -> list[str]:
    job_no = place_order(fake, 10, ref=ref)[0]
    job = fake.change_job_status(job_no, {"Status": "Despatched", "TrackingNumber": "1Z"})
    with fake.lock:
        return [fake.webhooks.events.make("JobStatusChanged", f"job:{job['JobNo']}", {}, 0).event_id
                for _ in range(3)]


def test_a_reset_never_makes_an_event_reuse_an_id():
    fake = FakeTharstern()
    try:
        before = raise_events(fake, "IDS-1")
        issued = fake.event_ids.issued
        fake.reset()
        after = raise_events(fake, "IDS-1")  # the same changes again, from the same fixture
        assert fake.event_ids.issued > issued
        assert not set(before) & set(after) and len(set(before + after)) == 6
    finally:
        fake.close()


def test_ids_are_repeatable_per_seed_and_counter():
    assert EventIds(42).next() == EventIds(42).next()
    assert EventIds(42).next() != EventIds(43).next()
    ids = EventIds(42)
    assert len({ids.next() for _ in range(1000)}) == 1000


def test_a_saved_counter_carries_on_and_never_goes_back():
    ids = EventIds(42)
    given = [ids.next() for _ in range(5)]
    restarted = EventIds(42)
    restarted.restore(ids.to_dict())
    assert restarted.next() not in given and restarted.issued == 6
    restarted.restore({"seed": 42, "issued": 2})  # an older save: the counter stays ahead
    assert restarted.issued == 6
    with pytest.raises(ValueError):
        restarted.restore({"seed": "42", "issued": -1})
