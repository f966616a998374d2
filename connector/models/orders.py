"""Storefront orders → lines, and the outbox of ``orders/submit`` submissions.

An order is priced, checked and stored at placement; it is *released* to Tharstern when it is
approved and its workflow status has reached the storefront's ``transfer_on`` (placement =
at once). Releasing writes one ``Submission`` per Tharstern order (one per storefront order, or
one per line when grouped per item) holding the exact ``orders/submit`` JSON; the outbox worker
sends it. Each line follows its Tharstern job: number, status, tracking number and history, fed
by webhooks and reconcile.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .money import Money

ORDER_STATES = ("awaiting_approval", "awaiting_workflow", "queued", "submitted", "partly_failed", "failed")


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("storefront_id", "reference", name="uq_orders_storefront_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(40))  # the storefront's order number: UniqueSubmitOrderID, Ref1
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    customer_name: Mapped[str | None] = mapped_column(String(200))
    customer_email: Mapped[str | None] = mapped_column(String(254))
    customer_code: Mapped[str] = mapped_column(String(40))
    customer_code_rule: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(24), index=True)
    needs_approval: Mapped[bool] = mapped_column(default=False)
    approved_at: Mapped[datetime | None]
    workflow_status: Mapped[str] = mapped_column(String(50))
    transfer_on: Mapped[str] = mapped_column(String(50))  # the setting when the order was placed
    grouping: Mapped[str] = mapped_column(String(16))     # per_order | per_item, as placed
    released_at: Mapped[datetime | None]
    requested_date: Mapped[str | None] = mapped_column(String(10))
    required_date: Mapped[str] = mapped_column(String(10))
    placed_at: Mapped[datetime]
    delivery_address: Mapped[dict[str, Any] | None]
    shipping_net: Mapped[Decimal | None] = mapped_column(Money)
    shipping_tax_rate: Mapped[Decimal | None] = mapped_column(Money)
    include_shipping: Mapped[bool] = mapped_column(default=False)
    send_tax: Mapped[bool] = mapped_column(default=False)
    currency: Mapped[str | None] = mapped_column(String(8))
    workflow_history: Mapped[list[Any]] = mapped_column(default=list)
    accepted_offline: Mapped[str | None] = mapped_column(Text)  # why Tharstern could not be asked at placement

    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.line_no",
                                                    cascade="all, delete-orphan")
    submissions: Mapped[list["Submission"]] = relationship(back_populates="order", order_by="Submission.id",
                                                           cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (UniqueConstraint("order_id", "line_no", name="uq_order_lines_order_line_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int]
    line_ref: Mapped[str] = mapped_column(String(60), index=True)  # Ref2 on the Tharstern item
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("variants.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(String(400))
    stock_item_id: Mapped[int]
    stock_item_code: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int]
    attribute_value_ids: Mapped[list[int]] = mapped_column(default=list)
    attributes: Mapped[list[Any]] = mapped_column(default=list)  # [{"name", "value"}] as chosen
    artwork_urls: Mapped[list[str]] = mapped_column(default=list)
    price: Mapped[Decimal | None] = mapped_column(Money)           # the line total the shopper pays
    price_source: Mapped[str] = mapped_column(String(16))          # estimate | price_list | storefront
    price_message: Mapped[str | None] = mapped_column(Text)
    estimate_id: Mapped[int | None]
    estimate_ref: Mapped[str | None] = mapped_column(String(40))
    send_price: Mapped[bool] = mapped_column(default=False)
    send_price_reason: Mapped[str | None] = mapped_column(String(300))
    tax_rate: Mapped[Decimal | None] = mapped_column(Money)
    value_net: Mapped[Decimal | None] = mapped_column(Money)
    value_tax: Mapped[Decimal | None] = mapped_column(Money)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"), index=True)
    tharstern_order_no: Mapped[str | None] = mapped_column(String(40))
    job_no: Mapped[str | None] = mapped_column(String(40), index=True)
    job_status: Mapped[str | None] = mapped_column(String(40))
    status_changed_at: Mapped[str | None] = mapped_column(String(40))  # Tharstern's ChangedDateTime, as sent
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    courier: Mapped[str | None] = mapped_column(String(100))
    despatched_at: Mapped[str | None] = mapped_column(String(40))
    history: Mapped[list[Any]] = mapped_column(default=list)
    last_sequence: Mapped[int] = mapped_column(default=0)
    last_news_at: Mapped[datetime | None]  # the last event or poll that told us about the job

    order: Mapped[Order] = relationship(back_populates="lines")
    submission: Mapped["Submission | None"] = relationship(back_populates="lines")


class Submission(Base):
    """One ``orders/submit`` order, written before it is sent (the outbox). A process sending it
    holds it by a lease (``claimed_by``, ``lease_until``): if the process dies mid-send, another
    takes it once the lease has passed."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    unique_submit_order_id: Mapped[str] = mapped_column(String(100), unique=True)
    payload: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(String(16), index=True)  # pending | sending | sent | failed
    claimed_by: Mapped[str | None] = mapped_column(String(120))  # the process sending it (while ``sending``)
    lease_until: Mapped[datetime | None]  # a ``sending`` row whose lease has passed is taken by any process
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    tharstern_order_id: Mapped[int | None]
    tharstern_order_no: Mapped[str | None] = mapped_column(String(40))
    status_details: Mapped[str | None] = mapped_column(Text)

    order: Mapped[Order] = relationship(back_populates="submissions")
    lines: Mapped[list[OrderLine]] = relationship(back_populates="submission", order_by="OrderLine.line_no")
