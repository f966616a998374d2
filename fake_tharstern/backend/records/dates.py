"""Lenient date parsing, as the real API accepts whatever its .NET binder can read.

Seen in the wild: ``2026-04-14T10:00:00.000Z``, ``2026-04-14T10:00:00.000-04:00``,
``2021-11-15T13:41:13.5``, ``2026-04-14`` and even ``15-Nov-21``. Dates without an offset are
taken as UTC [I].
"""
from __future__ import annotations

from datetime import datetime, timezone

_EXTRA_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d %b %Y")


def parse_date(value: str) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    candidate = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        moment = None
        for fmt in _EXTRA_FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
