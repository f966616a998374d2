"""Reading Tharstern's JSON the way a .NET API has to be read: names in any letter case, enums
as ``{"Value", "Name"}`` objects (or bare names or numbers), numbers possibly as strings, and the
product type id spelled ``ProductTypes_ID`` or ``ProductTypeID`` (reference §3.2, §6.3)."""
from __future__ import annotations

from typing import Any

from ..domain.records import (LinkedCustomer, PartOption, ProcessOption, ProductType, StockItem,
                              TharsternCustomer)

MISSING = object()


def pick(data: Any, *names: str, default: Any = None) -> Any:
    """The first of ``names`` present in ``data`` (any letter case), else ``default``."""
    if not isinstance(data, dict):
        return default
    lowered = {str(k).lower(): v for k, v in data.items()}
    for name in names:
        value = lowered.get(name.lower(), MISSING)
        if value is not MISSING and value is not None:
            return value
    return default


def to_int(value: Any, default: int | None = None) -> int | None:
    if isinstance(value, bool) or value is None:
        return default
    if isinstance(value, int):
        return value
    try:
        number = float(str(value).strip())
    except ValueError:
        return default
    return int(number) if number.is_integer() else default


def to_float(value: Any, default: float | None = None) -> float | None:
    if isinstance(value, bool) or value is None:
        return default
    try:
        number = float(str(value).strip())
    except ValueError:
        return default
    return number if number == number else default


def to_bool(value: Any, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return default


def enum_name(value: Any, names: dict[int, str] | None = None) -> str | None:
    """``{"Value": 1, "Name": "Finished"}`` → ``"Finished"``; a bare name stays; a bare number is
    looked up in ``names`` when given."""
    if isinstance(value, dict):
        name = pick(value, "Name")
        if isinstance(name, str) and name.strip():
            return name.strip()
        value = pick(value, "Value")
    if isinstance(value, str) and value.strip() and not value.strip().lstrip("-").isdigit():
        return value.strip()
    number = to_int(value)
    if number is not None and names:
        return names.get(number)
    return None if number is None else str(number)


def text(data: Any, *names: str) -> str:
    value = pick(data, *names, default="")
    return value.strip() if isinstance(value, str) else str(value)


def items_of(details: Any) -> tuple[list[Any], int | None]:
    """A list answer's ``Details`` → (items, TotalItemCount)."""
    items = pick(details, "Items", default=[])
    total = to_int(pick(details, "TotalItemCount"))
    return (items if isinstance(items, list) else []), total


# -- records ------------------------------------------------------------------------------------
def stock_item(data: dict[str, Any]) -> StockItem | None:
    item_id = to_int(pick(data, "ID", "Id"))
    if item_id is None:
        return None
    linked = []
    for entry in pick(data, "LinkedCustomers", default=[]) or []:
        code = text(entry, "CustomerCode")
        if code:
            linked.append(LinkedCustomer(code, to_int(pick(entry, "MinOrderQty")), to_int(pick(entry, "MaxOrderQty"))))
    return StockItem(
        id=item_id,
        code=text(data, "Code"),
        description=text(data, "Description"),
        type=enum_name(pick(data, "Type")) or "None",
        product_type_id=to_int(pick(data, "ProductTypes_ID", "ProductTypeID", "ProductTypes_Id"), 0) or 0,
        product_type_name=pick(data, "ProductTypes_Name") or None,
        unit_price=to_float(pick(data, "UnitPrice")),
        available=to_float(pick(data, "Available")),
        tax_rate=to_float(pick(pick(data, "TaxDetails"), "Rate")),
        linked_customers=tuple(linked),
    )


def product_type(data: dict[str, Any]) -> ProductType | None:
    type_id = to_int(pick(data, "ID", "Id"))
    if type_id is None:
        return None
    parts = tuple(
        PartOption(id=part_id, name=text(p, "Name"), is_required=to_bool(pick(p, "IsRequired")),
                   is_default=to_bool(pick(p, "IsDefault")), default_pages=to_int(pick(p, "DefaultPages")),
                   default_stock_item_code=pick(p, "DefaultStockItemCode") or None)
        for p in pick(data, "Parts", default=[]) or [] if (part_id := to_int(pick(p, "ID", "Id"))) is not None)
    processes = tuple(
        ProcessOption(id=process_id, name=text(p, "Name"), is_required=to_bool(pick(p, "IsRequired")),
                      is_default=to_bool(pick(p, "IsDefault")))
        for p in pick(data, "Processes", default=[]) or []
        if (process_id := to_int(pick(p, "ProcessTypeId", "ProcessTypeID"))) is not None)
    return ProductType(
        id=type_id, name=text(data, "Name"), description=text(data, "Description"),
        work_type=enum_name(pick(data, "WorkType")),
        minimum_quantity=to_int(pick(data, "MinimumQuantity")),
        maximum_quantity=to_int(pick(data, "MaximumQuantity")),
        quantity_increment=to_int(pick(data, "QuantityIncrement")),
        parts=parts, processes=processes,
    )


def customer(data: dict[str, Any]) -> TharsternCustomer | None:
    customer_id = to_int(pick(data, "ID", "Id"))
    code = text(data, "Code")
    if customer_id is None or not code:
        return None
    emails = [text(data, "ContactEmail")]
    emails += [text(c, "Email") for c in pick(data, "Contacts", default=[]) or [] if isinstance(c, dict)]
    unique = tuple(dict.fromkeys(e for e in emails if e))
    return TharsternCustomer(id=customer_id, code=code, name=text(data, "Name"), contact=text(data, "Contact"),
                             contact_email=text(data, "ContactEmail"), emails=unique)
