"""Delivery and dispatch date rules (UTC)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from connector.domain.dates import DateRules, parse_cutoff, schedule


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_before_the_cutoff_production_starts_today():
    result = schedule(at("2026-03-02T09:00"), DateRules(lead_time_days=3, dispatch_days_before_delivery=1))  # Monday
    assert (result.production_start, result.dispatch_date, result.required_date) == (
        date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 6))
    assert result.required_date_time() == "2026-03-06T12:00:00Z"


def test_after_the_cutoff_it_starts_the_next_working_day():
    result = schedule(at("2026-03-02T14:00"), DateRules(lead_time_days=3))
    assert result.production_start == date(2026, 3, 3)


def test_weekends_are_skipped_unless_told_otherwise():
    friday = at("2026-03-06T10:00")
    assert schedule(friday, DateRules(lead_time_days=1, dispatch_days_before_delivery=1)).required_date == date(2026, 3, 10)
    open_all_week = DateRules(lead_time_days=1, dispatch_days_before_delivery=1, skip_weekends=False)
    assert schedule(friday, open_all_week).required_date == date(2026, 3, 8)
    saturday = schedule(at("2026-03-07T08:00"), DateRules(lead_time_days=0, dispatch_days_before_delivery=0))
    assert saturday.production_start == saturday.required_date == date(2026, 3, 9)


def test_holidays_are_not_working_days():
    rules = DateRules(lead_time_days=1, dispatch_days_before_delivery=1, holidays=("2026-12-25", "2026-12-28"))
    result = schedule(at("2026-12-24T10:00"), rules)  # Thursday; Friday and Monday are holidays
    assert (result.dispatch_date, result.required_date) == (date(2026, 12, 29), date(2026, 12, 30))


@pytest.mark.parametrize("text", ["25:00", "14:60", "2pm", "14", "1400", "14:0", ""])
def test_cutoff_times_are_hh_mm(text):
    with pytest.raises(ValueError):
        parse_cutoff(text)
    assert parse_cutoff("9:05").hour == 9
