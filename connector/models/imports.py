"""Pressero-style imports of Tharstern stock items as storefront products (seed 002), and what
each imported product keeps of Tharstern: part numbers, price with the import's markup, stock."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .money import Money

ITEM_STATES = ("pending", "imported", "skipped", "failed")


class Import(Base):
    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    site: Mapped[str] = mapped_column(String(253))
    external_user_id: Mapped[str] = mapped_column(String(40))
    categories: Mapped[list[str]] = mapped_column(default=list)
    user_groups: Mapped[list[str]] = mapped_column(default=list)
    markup_percent: Mapped[float] = mapped_column(default=0.0)
    mandatory_upload: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16))  # running | interrupted | completed
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    runs: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list["ImportItem"]] = relationship(back_populates="import_", order_by="ImportItem.position",
                                                     cascade="all, delete-orphan")


class ImportItem(Base):
    __tablename__ = "import_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    stock_item_id: Mapped[int]
    state: Mapped[str] = mapped_column(String(16))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"))
    message: Mapped[str | None] = mapped_column(Text)

    import_: Mapped[Import] = relationship(back_populates="items")


class ImportedProduct(Base):
    """A storefront product created by an import (one per stock item and site)."""

    __tablename__ = "imported_products"
    __table_args__ = (UniqueConstraint("storefront_id", "site", "stock_item_id",
                                       name="uq_imported_products_storefront_site_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), unique=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id", ondelete="SET NULL"))
    site: Mapped[str] = mapped_column(String(253))
    stock_item_id: Mapped[int] = mapped_column(index=True)
    stock_item_code: Mapped[str] = mapped_column(String(100))
    part_number: Mapped[str] = mapped_column(String(80))          # ExternalUserID-TharsternProductID
    public_part_number: Mapped[str | None] = mapped_column(String(80))
    mis_product_id: Mapped[str] = mapped_column(String(340))      # ExternalUserID-TharsternProductID-SiteDomain
    categories: Mapped[list[str]] = mapped_column(default=list)
    user_groups: Mapped[list[str]] = mapped_column(default=list)
    mandatory_upload: Mapped[bool] = mapped_column(default=False)
    markup_percent: Mapped[float] = mapped_column(default=0.0)
    unit_price: Mapped[Decimal | None] = mapped_column(Money)      # Tharstern's UnitPrice
    price: Mapped[Decimal | None] = mapped_column(Money)           # with the import's markup
    available: Mapped[float | None]
    tracks_stock: Mapped[bool] = mapped_column(default=True)       # a stock line (no product type, not a service)
    out_of_stock: Mapped[bool] = mapped_column(default=False)
    stock_sequence: Mapped[int] = mapped_column(default=0)         # last StockItemChanged Sequence applied
    synced_at: Mapped[datetime | None]
