"""Delivery and dispatch date rules (the pathway's "delivery/dispatch date rules"; reference §2.5).

The plugin's exact rules are not public; these are ours [I], the ones print shops use:
production starts today when the order comes before the cut-off time on a working day, else on
the next working day; dispatch is ``lead_time_days`` working days after the start; the required
(delivery) date sent to Tharstern as ``RequiredDateTime`` is ``dispatch_days_before_delivery``
working days after dispatch. Working days skip weekends (when ``skip_weekends``) and holidays.
Times are the connector clock's UTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

MAX_WORKING_DAY_SEARCH = 366


@dataclass(frozen=True)
class DateRules:
    lead_time_days: int = 3
    cutoff_time: str = "14:00"
    skip_weekends: bool = True
    holidays: tuple[str, ...] = ()
    dispatch_days_before_delivery: int = 1


@dataclass(frozen=True)
class Schedule:
    production_start: date
    dispatch_date: date
    required_date: date

    def required_date_time(self) -> str:
        """Tharstern's ``RequiredDateTime`` (noon UTC, so no time zone moves the day)."""
        return f"{self.required_date.isoformat()}T12:00:00Z"

    def to_dict(self) -> dict[str, Any]:
        return {"production_start": self.production_start.isoformat(), "dispatch_date": self.dispatch_date.isoformat(),
                "required_date": self.required_date.isoformat()}


CUTOFF_PATTERN = r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$"  # ASCII digits only: also the OpenAPI document's pattern
CUTOFF = re.compile(CUTOFF_PATTERN, re.ASCII)


def parse_cutoff(text: str) -> time:
    """``"14:00"`` → 14:00; raises ValueError for anything but HH:MM on a 24-hour clock."""
    found = CUTOFF.fullmatch(text)
    if not found:
        raise ValueError(f"'{text}' is not a time as HH:MM")
    return time(int(found.group(1)), int(found.group(2)))


def is_working_day(day: date, rules: DateRules, holidays: frozenset[date]) -> bool:
    if rules.skip_weekends and day.weekday() >= 5:
        return False
    return day not in holidays


def next_working_day(day: date, rules: DateRules, holidays: frozenset[date]) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    for _ in range(MAX_WORKING_DAY_SEARCH):
        if is_working_day(day, rules, holidays):
            return day
        day += timedelta(days=1)
    raise ValueError("no working day within a year: check skip_weekends and holidays")


def add_working_days(day: date, count: int, rules: DateRules, holidays: frozenset[date]) -> date:
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1), rules, holidays)
    return day


def schedule(now: datetime, rules: DateRules) -> Schedule:
    holidays = frozenset(date.fromisoformat(h) for h in rules.holidays)
    start = now.date()
    if now.time() >= parse_cutoff(rules.cutoff_time) or not is_working_day(start, rules, holidays):
        start += timedelta(days=1)
    start = next_working_day(start, rules, holidays)
    dispatch = add_working_days(start, rules.lead_time_days, rules, holidays)
    required = add_working_days(dispatch, rules.dispatch_days_before_delivery, rules, holidays)
    return Schedule(start, dispatch, required)
