"""Finding a storefront's things by id, or a 404 (422 for ids given in a body) that names them."""
from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Invalid, NotFound
from ..models import Attribute, AttributeValue, Base, Customer, Department, Import, Order, Product, Storefront, Variant

MAX_ID = 2**63 - 1
T = TypeVar("T", bound=Base)


def storefront(session: Session, key: str) -> Storefront:
    found = session.scalar(select(Storefront).where(Storefront.key == key))
    if found is None:
        raise NotFound(f"There is no storefront '{key}'.")
    return found


def _owned(session: Session, model: type[T], item_id: int, storefront_id: int) -> T | None:
    if not 0 < item_id <= MAX_ID:
        return None
    item = session.get(model, item_id)
    if item is None:
        return None
    owner = _storefront_of(item)
    return item if owner == storefront_id else None


def _storefront_of(item) -> int:
    if isinstance(item, (Product, Department, Customer, Order, Import)):
        return item.storefront_id
    if isinstance(item, (Variant, Attribute)):
        return item.product.storefront_id
    if isinstance(item, AttributeValue):
        return item.attribute.product.storefront_id
    raise TypeError(type(item).__name__)


NAMES = {Product: "product", Variant: "variant", Attribute: "attribute", AttributeValue: "attribute value",
         Department: "department", Customer: "customer", Order: "order", Import: "import"}


def owned(session: Session, model: type[T], item_id: int, sf: Storefront) -> T:
    """The item of this storefront, or 404."""
    item = _owned(session, model, item_id, sf.id)
    if item is None:
        raise NotFound(f"There is no {NAMES[model]} {item_id} in storefront '{sf.key}'.")
    return item


def referenced(session: Session, model: type[T], item_id: int, sf: Storefront, field: str) -> T:
    """An item named in a request body, or 422 naming the field."""
    item = _owned(session, model, item_id, sf.id)
    if item is None:
        raise Invalid({field: [f"there is no {NAMES[model]} {item_id} in storefront '{sf.key}'"]})
    return item


def attribute_values(session: Session, sf: Storefront, variant: Variant, value_ids: list[int],
                     field: str) -> list[AttributeValue]:
    """The chosen values of a variant's product, at most one per attribute (422 naming
    ``{field}.{n}`` otherwise)."""
    values: list[AttributeValue] = []
    seen: dict[int, int] = {}
    for n, value_id in enumerate(value_ids):
        value = referenced(session, AttributeValue, value_id, sf, f"{field}.{n}")
        if value.attribute.product_id != variant.product_id:
            raise Invalid({f"{field}.{n}": [f"value {value_id} belongs to another product's attribute"]})
        if value.attribute_id in seen:
            raise Invalid({f"{field}.{n}": [f"attribute '{value.attribute.name}' already has value "
                                            f"{seen[value.attribute_id]}"]})
        seen[value.attribute_id] = value_id
        values.append(value)
    return values
