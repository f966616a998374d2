"""Normalisers that turn seed or create input into stored entities, with defaults.

Input uses the API's own field names (any letter case, as the real .NET API accepts). Every
problem is collected into one ModelStateError whose keys are field paths such as
``products[3].LinkedCustomers[0].CustomerCode``. Fields marked [I] are invented by the fake (see
docs/fake-vs-real.md); ``UpliftPercentage`` on customers and ``Pricing`` on product types drive
the fake's deterministic prices.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from ..errors import ModelStateError
from . import enums


class Fields:
    """Reads one input object case-insensitively and records problems under a path prefix."""

    def __init__(self, data: Any, path: str, errors: dict[str, list[str]]) -> None:
        self.path = path
        self.errors = errors
        if not isinstance(data, dict):
            self.fail("", "must be an object")
            data = {}
        self._data = {str(k).lower(): v for k, v in data.items()}

    def at(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, message: str) -> None:
        key = self.at(name) if name else (self.path or "body")
        self.errors.setdefault(key, []).append(message)

    def has(self, name: str) -> bool:
        return name.lower() in self._data and self._data[name.lower()] is not None

    def raw(self, name: str, default: Any = None) -> Any:
        value = self._data.get(name.lower())
        return default if value is None else value

    def text(self, name: str, default: str | None = "", *, required: bool = False, max_len: int = 200) -> str | None:
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, "is required")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(name, "must be a string")
            return default
        value = value.strip()
        if required and not value:
            self.fail(name, "must not be empty")
        if len(value) > max_len:
            self.fail(name, f"must be at most {max_len} characters")
        return str(value)

    def number(self, name: str, default: float | None = 0, *, minimum: float | None = None,
               maximum: float | None = None, integer: bool = False, required: bool = False) -> Any:
        value = self.raw(name)
        if value is None:
            if required:
                self.fail(name, "is required")
            return default
        parsed = to_number(value, integer=integer)
        if parsed is None:
            self.fail(name, f"'{value}' is not a valid {'integer' if integer else 'number'}")
            return default
        if minimum is not None and parsed < minimum:
            self.fail(name, f"must be at least {minimum}")
        if maximum is not None and parsed > maximum:
            self.fail(name, f"must be at most {maximum}")
        return parsed

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.fail(name, "must be true or false")
        return default

    def items(self, name: str) -> list[Any]:
        value = self.raw(name, [])
        if not isinstance(value, list):
            self.fail(name, "must be a list")
            return []
        return value

    def enum(self, name: str, table: dict[str, int], default: str) -> dict[str, Any]:
        value = self.raw(name)
        if value is None:
            return enums.enum(table, default)
        found = enums.lookup(table, value)
        if found is None:
            self.fail(name, f"'{value}' is not one of {', '.join(table)}")
            return enums.enum(table, default)
        return enums.enum(table, found)


# What .NET's invariant-culture parsing takes from a string (``int.Parse`` with NumberStyles.Integer,
# ``double.Parse`` with Float): ASCII digits, a sign, white space (ASCII only) around; no digit
# separators, no fraction or exponent for an integer. The OpenAPI document states the same patterns.
NET_WHITE = r"[\t\n\v\f\r ]*"
INTEGER_TEXT = re.compile(f"{NET_WHITE}[+-]?[0-9]+{NET_WHITE}")
NUMBER_TEXT = re.compile(rf"{NET_WHITE}[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?{NET_WHITE}")


def to_number(value: Any, *, integer: bool = False) -> Any:
    """Numbers may arrive as strings (``"StockItemID": "2284"``), read as .NET reads them
    (``INTEGER_TEXT``, ``NUMBER_TEXT``); booleans are not numbers."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if (INTEGER_TEXT if integer else NUMBER_TEXT).fullmatch(value) is None:
            return None
        value = int(value) if INTEGER_TEXT.fullmatch(value) else float(value)
    if not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
        return None
    if integer:
        return int(value) if float(value).is_integer() else None
    return value


def make_address(f: Fields) -> dict[str, Any]:
    lines = f.raw("AddressLines")
    if lines is None:  # the order shape spells lines out one by one
        lines = [f.raw(f"AddressLine{n}") for n in (1, 2, 3)]
    if not isinstance(lines, list):
        f.fail("AddressLines", "must be a list of strings")
        lines = []
    return {
        "AddressLines": [str(line) for line in lines if line not in (None, "")],
        "City": f.text("City"),
        "Region": f.text("Region"),
        "Country": f.text("Country"),
        "Postcode": f.text("Postcode"),
        "Telephone": f.text("Telephone"),
    }


def make_contact(data: Any, path: str, errors: dict[str, Any], contact_id: int, customer_code: str) -> dict[str, Any]:
    f = Fields(data, path, errors)
    email = f.text("Email")
    if email and "@" not in email:
        f.fail("Email", f"'{email}' is not an e-mail address")
    return {
        "ID": f.number("ID", contact_id, integer=True, minimum=1),
        "CustomerCode": customer_code,
        "Name": f.text("Name", required=True),
        "Email": email,
        "Telephone": f.text("Telephone"),
        "Mobile": f.text("Mobile"),
    }


def make_customer(data: Any, path: str, errors: dict[str, Any], customer_id: int,
                  next_contact_id: Callable[[], int]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    code = f.text("Code", required=True, max_len=40)
    email = f.text("ContactEmail")
    if email and "@" not in email:
        f.fail("ContactEmail", f"'{email}' is not an e-mail address")
    contacts = [
        make_contact(c, f"{f.at('Contacts')}[{n}]", errors, next_contact_id(), code or "")
        for n, c in enumerate(f.items("Contacts"))
    ]
    return {
        "ID": f.number("ID", customer_id, integer=True, minimum=1),
        "Code": code,
        "Name": f.text("Name", required=True),
        "Address": make_address(Fields(f.raw("Address", {}), f.at("Address"), errors)),
        "Contact": f.text("Contact"),
        "ContactEmail": email,
        "Contacts": contacts,
        "UpliftPercentage": f.number("UpliftPercentage", 0, minimum=-90, maximum=500),
        "Deleted": f.flag("Deleted"),
    }


def make_linked_customer(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    return {
        "CustomerCode": f.text("CustomerCode", required=True, max_len=40),
        "MinOrderQty": f.number("MinOrderQty", 0, integer=True, minimum=0),
        "MaxOrderQty": f.number("MaxOrderQty", 0, integer=True, minimum=0),
    }


def make_product(data: Any, path: str, errors: dict[str, Any], product_id: int, product_types: dict[int, dict[str, Any]]) -> tuple[dict[str, Any], bool]:
    """A stock item and whether it is visible. ``ProductTypes_ID`` and ``ProductTypeID`` carry the
    same value (sources disagree on the spelling, so the fake emits both)."""
    f = Fields(data, path, errors)
    type_id = f.number("ProductTypes_ID", None, integer=True, minimum=0)
    if type_id is None:
        type_id = f.number("ProductTypeID", 0, integer=True, minimum=0)
    product_type = product_types.get(type_id) if type_id else None
    if type_id and product_type is None:
        f.fail("ProductTypes_ID", f"product type {type_id} does not exist")
    tax = Fields(f.raw("TaxDetails", {}), f.at("TaxDetails"), errors)
    balance = f.number("Balance", None, minimum=0)
    available = f.number("Available", balance if balance is not None else 1000, minimum=0)
    product = {
        "ID": f.number("ID", product_id, integer=True, minimum=1),
        "Code": f.text("Code", required=True, max_len=60),
        "Description": f.text("Description"),
        "Type": f.enum("Type", enums.STOCK_ITEM_TYPES, "Finished"),
        "ProductTypes_ID": type_id,
        "ProductTypes_Name": product_type["Name"] if product_type else "",
        "ProductTypeID": type_id,
        "UnitPrice": f.number("UnitPrice", 0, minimum=0),
        "TaxDetails": {"Code": tax.text("Code", "S"), "Rate": tax.number("Rate", 20.0, minimum=0, maximum=100)},
        "Available": available,
        "Balance": balance if balance is not None else available,
        "Weight": f.number("Weight", 0, minimum=0),
        "LinkedCustomers": [
            make_linked_customer(link, f"{f.at('LinkedCustomers')}[{n}]", errors)
            for n, link in enumerate(f.items("LinkedCustomers"))
        ],
    }
    return product, f.flag("Visible", True)


def make_process(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    return {  # the client model's order: ProcessTypeId, IsDefault, IsRequired, Name
        "ProcessTypeId": f.number("ProcessTypeId", None, integer=True, minimum=1, required=True),
        "IsDefault": f.flag("IsDefault"),
        "IsRequired": f.flag("IsRequired"),
        "Name": f.text("Name", required=True),
        "SetupPrice": f.number("SetupPrice", 0, minimum=0),
        "UnitPrice": f.number("UnitPrice", 0, minimum=0),
    }


def make_part(data: Any, path: str, errors: dict[str, Any], part_id: int) -> dict[str, Any]:
    f = Fields(data, path, errors)
    return {
        "ID": f.number("ID", part_id, integer=True, minimum=1),
        "Name": f.text("Name", required=True),
        "IsDefault": f.flag("IsDefault", True),
        "IsRequired": f.flag("IsRequired", True),
        "DefaultPages": f.number("DefaultPages", 1, integer=True, minimum=1),
        "DefaultStockItemCode": f.text("DefaultStockItemCode"),
        "UpsPerSheet": f.number("UpsPerSheet", 1, integer=True, minimum=1),
        "Processes": [make_process(p, f"{f.at('Processes')}[{n}]", errors) for n, p in enumerate(f.items("Processes"))],
    }


def make_pricing(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    breaks = []
    for n, item in enumerate(f.items("QuantityBreaks")):
        b = Fields(item, f"{f.at('QuantityBreaks')}[{n}]", errors)
        breaks.append({"MinQuantity": b.number("MinQuantity", 1, integer=True, minimum=1),
                       "UnitPrice": b.number("UnitPrice", 0, minimum=0)})
    breaks.sort(key=lambda b: b["MinQuantity"])
    if not breaks:
        breaks = [{"MinQuantity": 1, "UnitPrice": 0.10}]
    return {
        "SetupPrice": f.number("SetupPrice", 25.0, minimum=0),
        "QuantityBreaks": breaks,
        "ShippingBase": f.number("ShippingBase", 5.0, minimum=0),
        "ShippingPerUnit": f.number("ShippingPerUnit", 0.01, minimum=0),
    }


def make_product_type(data: Any, path: str, errors: dict[str, Any], type_id: int,
                      next_part_id: Callable[[], int]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    minimum = f.number("MinimumQuantity", 1, integer=True, minimum=1)
    maximum = f.number("MaximumQuantity", 1_000_000, integer=True, minimum=1)
    if isinstance(minimum, int) and isinstance(maximum, int) and maximum < minimum:
        f.fail("MaximumQuantity", "must not be below MinimumQuantity")
    processes = [make_process(p, f"{f.at('Processes')}[{n}]", errors) for n, p in enumerate(f.items("Processes"))]
    return {  # the client model's order (Processes before Parts); Pricing [I] last
        "ID": f.number("ID", type_id, integer=True, minimum=1),
        "Name": f.text("Name", required=True),
        "Description": f.text("Description"),
        "WorkType": f.enum("WorkType", enums.WORK_TYPES, "Digital"),
        "DefaultPageSize": page_size(f),
        "MinimumQuantity": minimum,
        "MaximumQuantity": maximum,
        "QuantityIncrement": f.number("QuantityIncrement", 1, integer=True, minimum=1),
        "Processes": processes,
        "Parts": [make_part(p, f"{f.at('Parts')}[{n}]", errors, next_part_id()) for n, p in enumerate(f.items("Parts"))],
        "Pricing": make_pricing(f.raw("Pricing", {}), f.at("Pricing"), errors),
    }


def page_size(f: Fields) -> str:
    """``DefaultPageSize`` is a string in the client model (C-TAPI ``ProductType``): a page size
    code such as ``A4``. A seed may also give the older object form ``{"Code": "A4"}``."""
    raw = f.raw("DefaultPageSize")
    if isinstance(raw, dict):
        return Fields(raw, f.at("DefaultPageSize"), f.errors).text("Code", "A4", max_len=40) or "A4"
    return f.text("DefaultPageSize", "A4", max_len=40) or "A4"


def make_user(data: Any, path: str, errors: dict[str, Any], user_id: int) -> dict[str, Any]:
    f = Fields(data, path, errors)
    email = f.text("Email", required=True)
    if email and "@" not in email:
        f.fail("Email", f"'{email}' is not an e-mail address")
    return {
        "UserId": f.number("UserId", user_id, integer=True, minimum=1),
        "Email": email,
        "Password": f.text("Password", required=True),
    }


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ModelStateError(errors)
