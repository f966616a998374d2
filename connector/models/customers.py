"""Departments (groups of storefront users, e.g. one company) and customers (storefront users).

A department's ``code`` is its Tharstern customer code (Connect Link → ExternalId). A customer's
``connect_id`` is its own Tharstern customer code; ``link_source`` says how it got there:
``manual`` (Connect Link popup, CSV), ``auto_linked`` (found by e-mail at order time) or
``auto_created`` (created in Tharstern at order time). ``link_ambiguity`` keeps, for a customer
linked automatically while several Tharstern customers had their e-mail, every candidate and the
rule that chose (``domain.customer_match.ambiguity``); a link set by hand clears it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base

LINK_SOURCES = ("manual", "auto_linked", "auto_created")


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(40))

    customers: Mapped[list["Customer"]] = relationship(back_populates="department")


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("storefront_id", "email_key", name="uq_customers_storefront_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))  # lower case: e-mails match in any case
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    connect_id: Mapped[str | None] = mapped_column(String(40))
    link_source: Mapped[str | None] = mapped_column(String(16))
    linked_at: Mapped[datetime | None]
    link_ambiguity: Mapped[dict[str, Any] | None]

    department: Mapped[Department | None] = relationship(back_populates="customers")
