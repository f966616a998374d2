"""Fault rules, allowlist, quirks, journal and dates: the fake's test controls, without HTTP."""
from datetime import datetime, timezone

import pytest

from fake_tharstern.backend.records.dates import parse_date
from fake_tharstern.backend.errors import ModelStateError
from fake_tharstern.backend.controls.api_faults import FaultBook
from fake_tharstern.backend.controls.allowlist import Allowlist
from fake_tharstern.backend.controls.quirks import Quirks
from fake_tharstern.backend.controls.journal import Journal, path_matches
from fake_tharstern.backend.controls.masking import mask_query


def test_fault_fires_times_then_stops():
    book = FaultBook()
    book.add({"kind": "error", "status": 503, "path": "/TharsternAPI/api/products*", "times": 2})
    fired = [book.decide("GET", "/tharsternapi/API/Products").kind for _ in range(3)]
    assert fired == ["error", "error", None]
    assert book.list()[0]["fired"] == 2 and book.list()[0]["remaining"] == 0


def test_fault_matches_method_and_path_glob():
    book = FaultBook()
    book.add({"kind": "drop", "method": "post", "path": "*/orders/submit"})
    assert book.decide("GET", "/TharsternAPI/api/orders/submit").kind is None
    assert book.decide("POST", "/TharsternAPI/api/products").kind is None
    assert book.decide("POST", "/TharsternAPI/api/orders/submit").kind == "drop"


def test_latency_adds_up_and_lets_a_later_rule_fire():
    book = FaultBook()
    book.add({"kind": "latency", "delay_ms": 30})
    book.add({"kind": "latency", "delay_ms": 20})
    book.add({"kind": "malformed"})
    decision = book.decide("GET", "/x")
    assert decision.delay_ms == 50 and decision.kind == "malformed"
    assert [f["kind"] for f in decision.fired] == ["latency", "latency", "malformed"]


def test_probability_with_a_seed_is_repeatable_and_roughly_right():
    def run():
        book = FaultBook()
        book.add({"kind": "error", "probability": 0.3, "seed": 7})
        return [book.decide("GET", "/x").kind for _ in range(1000)]
    first, second = run(), run()
    assert first == second
    assert 200 < first.count("error") < 400


def test_bad_fault_specs_name_every_bad_field():
    with pytest.raises(ModelStateError) as error:
        FaultBook().add({"kind": "explode", "status": 200, "times": 0, "probability": 2, "colour": "red"})
    assert set(error.value.errors) == {"kind", "status", "times", "probability", "colour"}
    with pytest.raises(ModelStateError) as error:
        FaultBook().add({"kind": "latency"})
    assert "delay_ms" in error.value.errors


def test_remove_one_fault():
    book = FaultBook()
    first = book.add({"kind": "drop"})
    book.add({"kind": "malformed"})
    assert book.remove(first.id) and not book.remove(first.id)
    assert [r["kind"] for r in book.list()] == ["malformed"]


def test_allowlist_takes_addresses_and_networks():
    allowlist = Allowlist.parse({"ips": ["127.0.0.2", "10.1.0.0/16"], "mode": "forbidden"})
    assert allowlist.allows("127.0.0.2") and allowlist.allows("10.1.200.3")
    assert not allowlist.allows("127.0.0.1") and not allowlist.allows("garbage")
    assert Allowlist().allows("203.0.113.9")  # empty = everyone


def test_allowlist_parse_keeps_unnamed_settings_and_reports_errors():
    base = Allowlist.parse({"ips": ["127.0.0.2"], "mode": "hang", "hang_s": 2})
    assert Allowlist.parse({"mode": "drop"}, base).ips == ("127.0.0.2",)
    with pytest.raises(ModelStateError) as error:
        Allowlist.parse({"ips": ["300.1.1.1", "127.0.0.1"], "mode": "block", "hang_s": -1, "port": 80})
    assert set(error.value.errors) == {"ips[0]", "mode", "hang_s", "port"}


def test_quirks_parse():
    quirks = Quirks.parse({"estimate_failed_but_created": True})
    assert quirks.estimate_failed_but_created and quirks.bad_credentials_success  # the default is on
    with pytest.raises(ModelStateError) as error:
        Quirks.parse({"made_up": True, "bad_credentials_success": "yes"})
    assert set(error.value.errors) == {"made_up", "bad_credentials_success"}


def test_journal_is_a_bounded_ring():
    journal = Journal(3)
    for n in range(5):
        journal.record({"method": "GET", "path": f"/p/{n}", "status": 200})
    entries = journal.entries()
    assert [e["path"] for e in entries] == ["/p/2", "/p/3", "/p/4"]
    assert [e["seq"] for e in entries] == [3, 4, 5]
    assert [e["path"] for e in journal.entries(since_seq=4)] == ["/p/4"]
    assert [e["path"] for e in journal.entries(limit=1)] == ["/p/4"]


def test_journal_path_patterns():
    assert path_matches("customers/create", "/TharsternAPI/api/customers/create")
    assert path_matches("/tharsternapi/api/products*", "/TharsternAPI/API/Products")
    assert not path_matches("customers", "/TharsternAPI/api/customers/create")
    assert path_matches("customers*", "/TharsternAPI/api/customers/create")


def test_passwords_are_masked_in_queries():
    assert mask_query("email=a@b&password=secret&applicationId=x") == "email=a@b&password=***&applicationId=x"
    assert mask_query("Password=s") == "Password=***"
    assert mask_query("") == ""
    assert mask_query("email=a@b&p%61ssword=s&Pass+word=t") == "email=a@b&p%61ssword=***&Pass+word=***"  # decoded names


@pytest.mark.parametrize("text, expected", [
    ("2026-04-14T10:00:00.000Z", datetime(2026, 4, 14, 10, tzinfo=timezone.utc)),
    ("2026-04-14T10:00:00.000-04:00", datetime(2026, 4, 14, 14, tzinfo=timezone.utc)),
    ("2021-11-15T13:41:13.5", datetime(2021, 11, 15, 13, 41, 13, 500000, tzinfo=timezone.utc)),
    ("2026-04-14", datetime(2026, 4, 14, tzinfo=timezone.utc)),
    ("15-Nov-21", datetime(2021, 11, 15, tzinfo=timezone.utc)),
    ("not a date", None),
    ("", None),
])
def test_dates_are_read_leniently(text, expected):
    assert parse_date(text) == expected
