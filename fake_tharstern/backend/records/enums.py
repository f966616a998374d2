"""Enum values of the fake. Tharstern returns enums as ``{"Value": n, "Name": "..."}``.

The names of stock item types come from a public client model (C-TAPI ``StockItemTypes``, with
its underscore in ``Printable_Reel``) plus ``None`` (Infigo's default product type filter is
"Finished and None"). The numbers are invented [I]; so are the work types, the token statuses and
the estimate ``Ordered`` states. The query-string enums (sort columns and direction) take the
client model's names and their declaration order as numbers, as a .NET enum has them. See
docs/fake-vs-real.md.
"""
from __future__ import annotations

from typing import Any

STOCK_ITEM_TYPES = {
    "None": 0,
    "Finished": 1,
    "PrintableFlat": 2,
    "Printable_Reel": 3,
    "Origination": 4,
    "Material": 5,
    "Sundry": 6,
    "Service": 7,
    "Unknown": 99,
}

WORK_TYPES = {
    "SheetFed": 1,
    "Digital": 2,
    "WideFormat": 3,
    "Booklet": 4,
    "Envelopes": 5,
    "Labels": 6,
    "WebPress": 7,
}

TOKEN_STATUSES = {"Valid": 0, "Missing": 1, "Invalid": 2, "Expired": 3}

ORDER_STATUSES = {
    "OrderEntered": 1,
    "Confirmed": 2,
    "AwaitingAuthorization": 3,
    "Produced": 4,
    "AwaitingDelivery": 5,
    "PartialDelivery": 6,
    "AwaitingInvoice": 7,
    "PartialInvoice": 8,
    "Completed": 9,
    "Cancelled": 10,
    "NotSubmitted": 11,
    "Unknown": 99,
}

JOB_STATUSES = {
    "Entered": 1,
    "OutOnProof": 2,
    "InProduction": 3,
    "FinishedProduction": 4,
    "Despatched": 5,
    "Delivered": 6,
    "Completed": 7,
    "OnHold": 8,
    "Cancelled": 9,
}


# Estimate.Ordered is an EnumValueAndName in the client model (C-TAPI); its names are invented [I]
ESTIMATE_ORDERED = {"NotOrdered": 0, "Ordered": 1}

SORT_DIRECTIONS = {"Ascending": 0, "Descending": 1}
CUSTOMER_SORT_COLUMNS = {"ID": 0, "Code": 1, "Name": 2}
STOCK_ITEM_SORT_COLUMNS = {"Id": 0, "Code": 1, "Description": 2}
PRODUCT_TYPE_SORT_COLUMNS = {"Id": 0, "Name": 1, "Description": 2}
ESTIMATE_SORT_COLUMNS = {"Id": 0, "EstimateRef": 1, "Title": 2, "CreatedDate": 3, "LastModifiedDate": 4}


def enum(table: dict[str, int], name: str) -> dict[str, Any]:
    return {"Value": table[name], "Name": name}


def lookup(table: dict[str, int], value: Any) -> str | None:
    """The canonical name for a name (any case) or a number; None when unknown."""
    if isinstance(value, dict):
        value = value.get("Name", value.get("Value"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().lstrip("-").isdecimal()):
        number = int(value.strip()) if isinstance(value, str) else value
        return next((k for k, v in table.items() if v == number), None)
    if isinstance(value, str):
        wanted = value.strip().lower()
        return next((k for k in table if k.lower() == wanted), None)
    return None
