"""Webhooks from Tharstern: the storefront's subscription (its secret stays here, write-only)
and every event received, stored once per ``EventId`` with what applying it did."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

OUTCOMES = ("applied", "stale", "unmatched", "ignored")


class WebhookSubscription(Base):
    """What ``POST /subscriptions/sync`` registered in Tharstern for a storefront."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(default=list)
    secret: Mapped[str] = mapped_column(String(200))                 # sealed (fernet:...); never answered or logged
    previous_secret: Mapped[str | None] = mapped_column(String(200))  # sealed; accepted until the next sync
    tharstern_id: Mapped[int | None]
    synced_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:  # never the secret
        return f"<WebhookSubscription storefront={self.storefront_id} tharstern_id={self.tharstern_id}>"


class WebhookEvent(Base):
    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("storefront_id", "event_id", name="uq_webhook_events_storefront_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(60))
    sequence: Mapped[int | None]
    subject: Mapped[str | None] = mapped_column(String(100))  # "job:<JobNo>" or "stockitem:<ID>"
    received_at: Mapped[datetime]
    deliveries: Mapped[int] = mapped_column(default=1)        # copies received (retries, duplicates)
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text)
    body: Mapped[dict[str, Any]]


class WebhookRefusal(Base):
    """A request to the receiver that was refused (bad or missing signature, a timestamp outside
    the window, not an event), kept so a person can see why. Only the newest ``KEEP`` per
    storefront stay; nothing secret is stored (no signature, no body)."""

    __tablename__ = "webhook_refusals"
    KEEP = 200

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    received_at: Mapped[datetime]
    status: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    webhook_id: Mapped[str | None] = mapped_column(String(100))
    remote: Mapped[str | None] = mapped_column(String(64))
