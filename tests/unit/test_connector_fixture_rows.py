"""Fast resets of the connector (connector/fixtures/rows.py): a fixture put back as rows days later
equals one built afresh through the ORM then; a reset with no write since the last keeps the rows;
any write makes the next reset rebuild."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from connector.config import DefaultConfig
from connector.fixtures import apply_fixture
from connector.fixtures.rows import FixtureRows, shifted
from connector.models import Base
from connector.store import Store

CONFIG = {k: getattr(DefaultConfig, k) for k in dir(DefaultConfig) if k.isupper()}
BUILT = datetime(2026, 3, 1, 22, 30, 15, 250_000, tzinfo=timezone.utc)
LATER = BUILT + timedelta(days=3, hours=5, minutes=1, seconds=7)  # a different date and time of day


def store(tmp_path, name: str) -> Store:
    made = Store(f"sqlite:///{tmp_path / name}.sqlite")
    made.prepare_schema()
    return made


def dump(made: Store) -> dict[str, list[dict]]:
    with made.sessions() as session:
        return {t.name: [dict(r) for r in session.execute(select(t)).mappings()] for t in Base.metadata.sorted_tables}


def fill_at(now):
    # the password as it is: sealing (random each time) is not what these rows are about
    return lambda session: apply_fixture("demo", session, CONFIG, now, lambda plain: plain)


def close_enough(put_back, fresh) -> bool:
    """Equal, but for times in text, which may differ by under a second (they are to the second)."""
    if isinstance(put_back, str) and isinstance(fresh, str) and put_back != fresh and "T" in put_back:
        a, b = (datetime.fromisoformat(x.rstrip("Z")) for x in (put_back, fresh))
        return abs(a - b) < timedelta(seconds=1)
    if isinstance(put_back, dict) and isinstance(fresh, dict):
        return put_back.keys() == fresh.keys() and all(close_enough(put_back[k], fresh[k]) for k in fresh)
    if isinstance(put_back, list) and isinstance(fresh, list):
        return len(put_back) == len(fresh) and all(close_enough(a, b) for a, b in zip(put_back, fresh, strict=True))
    return put_back == fresh


def test_rows_put_back_later_equal_a_fresh_build_then(tmp_path):
    cached = store(tmp_path, "cached")
    rows = FixtureRows(list(Base.metadata.sorted_tables), cached.engine)
    first = rows.reset("demo", cached, BUILT, fill_at(BUILT))
    rows.written = True
    again = rows.reset("demo", cached, LATER, fill_at(LATER))
    assert again == first and first["customers"] > 0
    fresh = store(tmp_path, "fresh")
    fresh.replace_all(fill_at(LATER))
    put_back, built = dump(cached), dump(fresh)
    assert put_back.keys() == built.keys()
    for table in built:
        assert close_enough(put_back[table], built[table]), table
    orders = put_back["orders"]
    assert orders and orders[0]["placed_at"].date() == (LATER - timedelta(days=4)).date()


def test_a_reset_without_writes_keeps_the_rows_and_a_write_rebuilds_them(tmp_path):
    made = store(tmp_path, "db")
    rows = FixtureRows(list(Base.metadata.sorted_tables), made.engine)
    rows.reset("demo", made, BUILT, fill_at(BUILT))
    assert rows.unchanged("demo", BUILT + timedelta(seconds=5))
    assert not rows.unchanged("empty", BUILT + timedelta(seconds=5))  # another fixture
    assert not rows.unchanged("demo", BUILT + timedelta(minutes=5))  # too old: times would lag
    with made.sessions.begin() as session:
        session.execute(Base.metadata.tables["customers"].delete())
    assert not rows.unchanged("demo", BUILT + timedelta(seconds=5))
    rows.reset("demo", made, BUILT + timedelta(seconds=5), fill_at(BUILT))
    assert dump(made)["customers"]


def test_shifting_moves_times_by_the_span_and_dates_by_the_days():
    delta, days = timedelta(hours=2), timedelta(days=1)
    value = {"at": "2026-03-01T22:30:15Z", "day": "2026-03-02", "fine": "2026-03-01T22:30:15.250000Z",
             "list": [BUILT], "text": "order 2026", "number": 5,
             "wire": "2026-03-01T22:30:15", "wire_day": "2026-03-05T00:00:00"}
    assert shifted(value, delta, days) == {
        "at": "2026-03-02T00:30:15Z", "day": "2026-03-03", "fine": "2026-03-02T00:30:15.250000Z",
        "list": [BUILT + delta], "text": "order 2026", "number": 5,
        "wire": "2026-03-02T00:30:15", "wire_day": "2026-03-06T00:00:00"}
