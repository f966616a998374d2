"""Customers and their contacts.

``GET customers`` filters by ``customerCode`` (exact, any case), ``keyword`` (a case-insensitive
substring of the code, the name, the main contact e-mail or any contact's e-mail), ``id``
(repeatable) and ``email`` [I] (an exact e-mail, any case, on the customer or any contact).
``POST customers/create`` [I] is the fake's answer to the unknown endpoint Infigo uses to create
a customer when it links by e-mail: the real path is not public.
"""
from __future__ import annotations

import re
from typing import Any

from ..base import BackendBase
from ..errors import ModelStateError
from ..records.entities import make_customer, raise_if
from ..records.paging import page, sort_items

SORT_COLUMNS = {"id": "ID", "code": "Code", "name": "Name"}


def customer_emails(customer: dict[str, Any]) -> list[str]:
    emails = [customer.get("ContactEmail") or ""] + [c.get("Email") or "" for c in customer["Contacts"]]
    return [e.lower() for e in emails if e]


class CustomersMixin(BackendBase):
    def list_customers(self, *, customer_code: str | None = None, keyword: str | None = None,
                       ids: list[int] | None = None, email: str | None = None, start_index: int | None = None,
                       number: int | None = None, sort_column: str | None = None,
                       sort_direction: str | None = None) -> dict[str, Any]:
        with self.lock:
            customers = [c for c in self.state.customers.values() if not c["Deleted"]]
        if customer_code:
            customers = [c for c in customers if c["Code"].lower() == customer_code.strip().lower()]
        if ids:
            wanted = set(ids)
            customers = [c for c in customers if c["ID"] in wanted]
        if email:
            address = email.strip().lower()
            customers = [c for c in customers if address in customer_emails(c)]
        if keyword:
            needle = keyword.strip().lower()
            customers = [c for c in customers
                         if needle in c["Code"].lower() or needle in c["Name"].lower()
                         or any(needle in e for e in customer_emails(c))]
        customers = sort_items(sorted(customers, key=lambda c: c["ID"]), sort_column, sort_direction, SORT_COLUMNS)
        return page(customers, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)

    def list_contacts(self, *, customer_code: str | None = None, start_index: int | None = None,
                      number: int | None = None) -> dict[str, Any]:
        if not customer_code:
            raise ModelStateError.single("customerCode", "The customerCode field is required.")
        with self.lock:
            customer = self.state.customer_by(customer_code)
        contacts = customer["Contacts"] if customer else []
        return page(contacts, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)

    def create_customer(self, data: Any, *, path: str = "") -> dict[str, Any]:
        """Create one customer; a Code is generated from the name when none is given."""
        errors: dict[str, list[str]] = {}
        with self.lock:
            data = dict(data) if isinstance(data, dict) else data
            if isinstance(data, dict) and not any(k.lower() == "code" and _given(v) for k, v in data.items()):
                name = next((v for k, v in data.items() if k.lower() == "name" and isinstance(v, str)), "")
                data["Code"] = self._generate_customer_code(name)
            customer = make_customer(data, path, errors, self.state.next_id("customer"),
                                     lambda: self.state.next_id("contact"))
            if customer["Code"] and self.state.customer_by(customer["Code"]) is not None:
                errors.setdefault(f"{path}.Code" if path else "Code", []).append(
                    f"A customer with code '{customer['Code']}' already exists.")
            if isinstance(customer["ID"], int) and customer["ID"] in self.state.customers:
                errors.setdefault(f"{path}.ID" if path else "ID", []).append(
                    f"A customer with ID {customer['ID']} already exists.")
            raise_if(errors)
            self._store_customer(customer)
            return customer

    def _store_customer(self, customer: dict[str, Any]) -> None:
        self.state.customers[customer["ID"]] = customer
        self.state.reserve_id("customer", customer["ID"])
        for contact in customer["Contacts"]:
            self.state.reserve_id("contact", contact["ID"])
        self.state.customer_by_code[customer["Code"].lower()] = customer["ID"]

    def _generate_customer_code(self, name: str) -> str:
        stem = re.sub(r"[^A-Za-z0-9]", "", name).upper()[:6] or "CUST"
        n = 1
        while self.state.customer_by(f"{stem}{n:03d}") is not None:
            n += 1
        return f"{stem}{n:03d}"


def _given(value: Any) -> bool:
    """A Code to use (to check): anything but absent, null or blank text."""
    return value is not None and not (isinstance(value, str) and not value.strip())
