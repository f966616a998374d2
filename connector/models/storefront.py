"""A storefront and its Connect:Tharstern settings.

Connection settings are columns; the password is stored because it must be sent to Tharstern,
sealed (``connector/password_box.py``: ``password_sealed`` holds ``fernet:<token>``), and it is
write-only everywhere else (never answered, logged or put in an error). Behaviour
settings are one validated JSON document read through ``connector.domain.behaviour.Behaviour``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.behaviour import Behaviour
from .base import Base

DEFAULT_OUTGOING_IP = "127.0.0.1"
PLATFORMS = ("infigo", "pressero")


class Storefront(Base):
    __tablename__ = "storefronts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(16), default="infigo")
    created_at: Mapped[datetime]

    # connection
    api_url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(254))
    password_sealed: Mapped[str | None] = mapped_column("password", Text)  # never the plain password
    application_id: Mapped[str | None] = mapped_column(String(100))
    storefront_customer_code: Mapped[str | None] = mapped_column(String(40))
    outgoing_ip: Mapped[str] = mapped_column(String(45), default=DEFAULT_OUTGOING_IP)

    # behaviour (see Behaviour for names, defaults and meaning)
    behaviour_json: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def __repr__(self) -> str:  # never the password
        return f"<Storefront {self.key!r} id={self.id}>"

    @property
    def behaviour(self) -> Behaviour:
        return Behaviour.from_dict(self.behaviour_json or {})

    @behaviour.setter
    def behaviour(self, value: Behaviour) -> None:
        self.behaviour_json = value.to_dict()

    def missing_connection_fields(self) -> list[str]:
        return [name for name in ("api_url", "email", "password", "application_id", "storefront_customer_code")
                if not getattr(self, "password_sealed" if name == "password" else name)]
