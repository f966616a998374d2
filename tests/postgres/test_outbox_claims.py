"""The outbox's claim on PostgreSQL, one process's view: a row another process holds (its claim
transaction open) is skipped, not waited for (``FOR UPDATE SKIP LOCKED``); a ``sending`` row is
taken only once its lease has passed; the claim records who sends it and until when."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text, update

from connector import migrations
from connector.app import close_app, create_app
from connector.models import Submission


@pytest.fixture
def outbox(postgres_url, tharstern):
    engine = create_engine(postgres_url)
    migrations.upgrade(engine)
    engine.dispose()
    app = create_app({"DATABASE_URL": postgres_url, "THARSTERN_URL": tharstern.api_url})
    rt = app.extensions["connector"]
    rt.outbox.close()  # this test claims by hand; the worker thread stops after its call in flight
    now = rt.clock.now()
    with rt.store.sessions.begin() as session:  # every demo submission due again, in a known order
        ids = list(session.scalars(text("SELECT id FROM submissions ORDER BY id")))
        for n, sid in enumerate(ids):
            session.execute(update(Submission).where(Submission.id == sid).values(
                state="pending", next_attempt_at=now - timedelta(seconds=100 - n), claimed_by=None, lease_until=None,
                attempts=0))
    assert len(ids) >= 3
    yield rt, ids
    close_app(app)


def test_a_row_held_by_another_process_is_skipped_not_waited_for(outbox, postgres_url):
    rt, ids = outbox
    other = create_engine(postgres_url)
    with other.connect() as connection:  # "another process" in the middle of its claim of the oldest row
        connection.execute(text("SELECT id FROM submissions WHERE id = :id FOR UPDATE"), {"id": ids[0]})
        with ThreadPoolExecutor(1) as pool:  # were it to wait for the lock, this would time out, not hang
            claimed, _ = pool.submit(rt.outbox._claim).result(timeout=60)
        assert claimed is not None and claimed.submission_id == ids[1]
        connection.rollback()
    other.dispose()
    claimed, _ = rt.outbox._claim()
    assert claimed.submission_id == ids[0]
    with rt.store.sessions() as session:
        row = session.get(Submission, ids[0])
        assert row.state == "sending" and row.claimed_by == rt.outbox.owner and row.attempts == 1
        assert abs((row.lease_until - rt.clock.now()) - rt.outbox.lease) < timedelta(seconds=60)


def test_a_sending_row_is_taken_only_after_its_lease(outbox):
    rt, ids = outbox
    now = rt.clock.now()
    with rt.store.sessions.begin() as session:
        session.execute(update(Submission).where(Submission.id != ids[0]).values(state="sent", next_attempt_at=None))
        session.execute(update(Submission).where(Submission.id == ids[0]).values(
            state="sending", claimed_by="dead-host:1:x", lease_until=now + timedelta(seconds=30), attempts=1))
    claimed, wake_at = rt.outbox._claim()
    assert claimed is None and wake_at == pytest.approx((now + timedelta(seconds=30)).timestamp(), abs=1)
    rt.clock.advance(31)
    claimed, _ = rt.outbox._claim()
    assert claimed is not None and claimed.submission_id == ids[0] and claimed.attempt == 2
    with rt.store.sessions() as session:
        assert session.get(Submission, ids[0]).claimed_by == rt.outbox.owner
