"""The storefront catalog: products → variants (each with at most one Connect Link) and
product attributes → attribute values (each optionally mapped to a node of the estimate request).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    storefront_id: Mapped[int] = mapped_column(ForeignKey("storefronts.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(String(2000))

    variants: Mapped[list["Variant"]] = relationship(back_populates="product", order_by="Variant.id",
                                                     cascade="all, delete-orphan")
    attributes: Mapped[list["Attribute"]] = relationship(back_populates="product", order_by="Attribute.id",
                                                         cascade="all, delete-orphan")


class Variant(Base):
    __tablename__ = "variants"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str | None] = mapped_column(String(100))

    product: Mapped[Product] = relationship(back_populates="variants")
    link: Mapped["VariantLink | None"] = relationship(back_populates="variant", cascade="all, delete-orphan",
                                                      uselist=False)


class VariantLink(Base):
    """The Connect Link of one variant: which Tharstern stock item it is, whether it is priced by
    estimate, and the estimate request template (from the product type's sample request, cut
    down to the selected parts and processes, or edited by hand / produced by mapping code)."""

    __tablename__ = "variant_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("variants.id", ondelete="CASCADE"), unique=True)
    stock_item_id: Mapped[int]
    stock_item_code: Mapped[str] = mapped_column(String(100))
    stock_item_description: Mapped[str | None] = mapped_column(String(500))
    stock_item_type: Mapped[str | None] = mapped_column(String(40))
    product_type_id: Mapped[int] = mapped_column(default=0)
    product_type_name: Mapped[str | None] = mapped_column(String(200))
    use_estimate_pricing: Mapped[bool] = mapped_column(default=True)
    sample_request: Mapped[dict[str, Any] | None]
    product_type_options: Mapped[dict[str, Any] | None]  # {"parts": [...], "processes": [...]} as fetched with the sample
    estimate_template: Mapped[dict[str, Any] | None]
    selected_part_ids: Mapped[list[int]] = mapped_column(default=list)
    selected_process_ids: Mapped[list[int]] = mapped_column(default=list)
    template_source: Mapped[str | None] = mapped_column(String(16))  # selection | manual | mapping_code
    manual_edit: Mapped[bool] = mapped_column(default=False)
    mapping_code: Mapped[str | None] = mapped_column(Text)
    linked_at: Mapped[datetime]

    variant: Mapped[Variant] = relationship(back_populates="link")

    @property
    def priced_by_estimate(self) -> bool:
        return self.use_estimate_pricing and self.product_type_id > 0


class Attribute(Base):
    __tablename__ = "attributes"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    product: Mapped[Product] = relationship(back_populates="attributes")
    values: Mapped[list["AttributeValue"]] = relationship(back_populates="attribute", order_by="AttributeValue.id",
                                                          cascade="all, delete-orphan")


class AttributeValue(Base):
    """One option of an attribute. ``node`` + ``value`` is its mapping onto the estimate request
    (``Parts[0].PaperCode`` = ``DIG GLO 130``); both null when unmapped."""

    __tablename__ = "attribute_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attributes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    node: Mapped[str | None] = mapped_column(String(300))
    value: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))

    attribute: Mapped[Attribute] = relationship(back_populates="values")
