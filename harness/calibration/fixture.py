"""A fixture file (the ``/_fake/seed`` body) from a recording of a real Tharstern.

What the recorded answers held becomes the fake's start data, in the API's own field names (the
fake's seed reads them): customers (``customers``, ``customers/create``) with their contacts
(``contacts?customerCode=`` adds to them), product types with parts and processes
(``producttypes``), stock items with their customer links (``products``), and the API users who
were given a token (``authentication/generateapitoken``; the recording masks passwords, so they
get the one given with ``--password``). Entities seen several times are merged, the later
answer winning field by field. Everything else an answer carries is kept as it is, so a field
the fake learns to read later comes through without a change here.

What the recording cannot tell is said in ``warnings`` (and at the top of the file): a list of
which fewer entities were recorded than ``TotalItemCount`` says exist, a stock item whose product
type was never listed (a placeholder type with the name the stock item gives is added), a
customer known only from its contacts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from .recording import Exchange, load_recording

ZERO_TOKEN = "00000000-0000-0000-0000-000000000000"
PAGING = {"paging_startindex", "paging_numberofrecords", "paging_sortcolumn", "paging_sortdirection"}


@dataclass
class Fixture:
    source: str
    users: dict[str, dict] = field(default_factory=dict)
    customers: dict[str, dict] = field(default_factory=dict)
    product_types: dict[int, dict] = field(default_factory=dict)
    products: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    exchanges: int = 0

    def seed_body(self) -> dict[str, Any]:
        return {
            "fixture": "empty",
            "users": sorted(self.users.values(), key=lambda u: u["Email"].lower()),
            "customers": sorted(self.customers.values(), key=_by_id),
            "productTypes": [self.product_types[k] for k in sorted(self.product_types)],
            "products": sorted(self.products.values(), key=_by_id),
        }

    def counts(self) -> dict[str, int]:
        return {"users": len(self.users), "customers": len(self.customers),
                "productTypes": len(self.product_types), "products": len(self.products)}

    def to_yaml(self) -> str:
        made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        counts = ", ".join(f"{n} {k}" for k, n in self.counts().items())
        lines = [f"# Fake Tharstern fixture made by `tharness fixture from-recording` on {made}",
                 f"# from {self.exchanges} recorded exchanges in {self.source}: {counts}.",
                 "# The /_fake/seed body format (docs/calibration.md); start a fake with it, or POST it to /_fake/seed."]
        lines += [f"# warning: {w}" for w in self.warnings]
        return "\n".join(lines) + "\n" + yaml.safe_dump(self.seed_body(), sort_keys=False, allow_unicode=True, width=120)


def fixture_from_recording(folder: str | Path, *, password: str = "tharstern") -> Fixture:
    exchanges = load_recording(folder)
    fixture = Fixture(source=str(folder), exchanges=len(exchanges))
    totals: dict[str, int] = {}
    for exchange in exchanges:
        if not exchange.succeeded:
            continue
        operation = exchange.operation
        if operation == "authentication/generateapitoken":
            _add_user(fixture, exchange, password)
        elif operation in ("customers", "customers/create"):
            for item in _items(exchange):
                _merge_customer(fixture, item)
        elif operation == "contacts":
            _add_contacts(fixture, exchange)
        elif operation == "producttypes":
            for item in _items(exchange):
                if isinstance(item.get("ID"), int):
                    fixture.product_types[item["ID"]] = {**fixture.product_types.get(item["ID"], {}), **item}
        elif operation == "products":
            for item in _items(exchange):
                if isinstance(item.get("Code"), str):
                    key = item["Code"].lower()
                    fixture.products[key] = {**fixture.products.get(key, {}), **item}
        if operation in ("customers", "products", "producttypes") and _unfiltered(exchange):
            total = exchange.details.get("TotalItemCount") if isinstance(exchange.details, dict) else None
            if isinstance(total, int):
                totals[operation] = max(total, totals.get(operation, 0))
    _add_missing_types(fixture)
    _warn_incomplete(fixture, totals)
    return fixture


def write_fixture(fixture: Fixture, target: str | Path) -> Path:
    """YAML with the warnings as comments; JSON (no comments) when the name ends in ``.json``."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        text = json.dumps(fixture.seed_body(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = fixture.to_yaml()
    path.write_text(text, encoding="utf-8")
    return path


def _items(exchange: Exchange) -> list[dict]:
    details = exchange.details
    items = details.get("Items") if isinstance(details, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _unfiltered(exchange: Exchange) -> bool:
    return all(name.lower() in PAGING for name, _ in exchange.params)


def _add_user(fixture: Fixture, exchange: Exchange, password: str) -> None:
    email = exchange.param("email")
    details = exchange.details if isinstance(exchange.details, dict) else {}
    if not email or details.get("Token") in (None, ZERO_TOKEN):
        return
    user: dict[str, Any] = {"Email": email, "Password": password}
    token = exchange.body["Status"].get("Token")
    if isinstance(token, dict) and isinstance(token.get("UserId"), int) and token["UserId"] > 0:
        user["UserId"] = token["UserId"]
    fixture.users[email.lower()] = user


def _merge_customer(fixture: Fixture, item: dict) -> None:
    code = item.get("Code")
    if not isinstance(code, str) or not code:
        return
    old = fixture.customers.get(code.lower(), {})
    merged = {**old, **item}
    merged["Contacts"] = _merge_contacts(old.get("Contacts") or [], item.get("Contacts") or [])
    fixture.customers[code.lower()] = merged


def _merge_contacts(old: list, new: list) -> list:
    merged: dict[Any, dict] = {}
    for contact in [*old, *new]:
        if isinstance(contact, dict):
            key = contact.get("ID") or (contact.get("Email") or "").lower() or contact.get("Name")
            merged[key] = {**merged.get(key, {}), **contact}
    return list(merged.values())


def _add_contacts(fixture: Fixture, exchange: Exchange) -> None:
    code = exchange.param("customerCode")
    contacts = _items(exchange)
    if not code or not contacts:
        return
    if code.lower() not in fixture.customers:
        fixture.warnings.append(f"customer {code} is known only from its contacts; its name is its code")
        fixture.customers[code.lower()] = {"Code": code, "Name": code, "Contacts": []}
    customer = fixture.customers[code.lower()]
    customer["Contacts"] = _merge_contacts(customer.get("Contacts") or [], contacts)


def _add_missing_types(fixture: Fixture) -> None:
    for product in fixture.products.values():
        type_id = product.get("ProductTypes_ID", product.get("ProductTypeID"))
        if isinstance(type_id, int) and type_id > 0 and type_id not in fixture.product_types:
            name = product.get("ProductTypes_Name") or f"Product type {type_id}"
            fixture.product_types[type_id] = {"ID": type_id, "Name": name}
            fixture.warnings.append(f"product type {type_id} ({name}) of stock item {product.get('Code')} was "
                                    "never listed; a placeholder without parts or processes stands for it")


def _warn_incomplete(fixture: Fixture, totals: dict[str, int]) -> None:
    have = {"customers": len(fixture.customers), "products": len(fixture.products),
            "producttypes": len(fixture.product_types)}
    for operation, total in totals.items():
        if have[operation] < total:
            fixture.warnings.append(f"GET {operation} says {total} exist but {have[operation]} were recorded; "
                                    "page through the whole list while recording to have them all")


def _by_id(entity: dict) -> tuple:
    value = entity.get("ID")
    return (0, value, "") if isinstance(value, int) else (1, 0, str(entity.get("Code", "")))
