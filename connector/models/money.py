"""Money columns: exact decimals on every backend (SQLite has no decimal type, so they are kept
as text such as ``"12.50"``)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator


class Money(TypeDecorator):
    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | float | str | None, dialect) -> str | None:
        return None if value is None else str(Decimal(str(value)))

    def process_result_value(self, value: str | None, dialect) -> Decimal | None:
        return None if value is None else Decimal(value)
