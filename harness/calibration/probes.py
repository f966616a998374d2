"""The probes: bounded, read-only requests every Tharstern answers, planned from what it holds.

Planned in stages against the real server (each stage reads what the one before found), then
sent unchanged to the fake: the token (good and refused credentials); stock items without and
with ``customerCode`` (and ``includeGeneric``), a second page, and the last row (each server's
own, to see whether ``paging_startIndex`` counts rows or pages); product types, and for at most
``max_types`` of them the type by id and its sample estimate request; customers, by keyword;
contacts; estimates, orders and jobs lists; the 400 (a query value that is not a number), 401 (a
token no server issued) and 404 (a resource that does not exist) shapes. With writes allowed:
pricing one sample estimate request, and one sales order whose ``UniqueSubmitOrderID`` and
references say it is a conformance probe.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from .client import Answer

PROBE_EMAIL = "tharness-conformance-probe@invalid.example"
MARK = "tharness conformance probe - safe to delete"
SAMPLE = "sample estimate request of product type "
LAST_ROW = ("asked for the last row of its own list, one server had it and the other had none: one of them "
            "counts paging_startIndex in pages, not rows")
JOB_AT_ONCE = ("the job of the order this run just made is listed by one server and not (yet) by the other: "
               "one of them lists new jobs late")


@dataclass
class Probe:
    name: str
    operation: str                 # what answers are grouped by to compare shapes
    method: str
    path: str                      # under the API base: api/products
    params: list[tuple[str, str]] = field(default_factory=list)
    auth: str = "token"            # token | earlier | none | unknown | login
    body: Any = None
    write: bool = False
    fixture_data: bool = True      # answered from data a fixture carries (not estimates, orders, jobs)
    last_row_of: str | None = None  # ask for the last row of what that probe listed, on each server its own
    filled_note: str = ""          # lists compared item or none whatever the data, for this reason
    content_type: str | None = None  # send the JSON body with this content type

    def params_for(self, answers: dict[str, "Answer"]) -> list[tuple[str, str]]:
        """The query to send: for a last-row probe, ``paging_startIndex`` is the last row of the
        list this server gave for ``last_row_of`` (read as a row offset it holds one item; read
        as a page number, as some installations do, it holds none)."""
        if not self.last_row_of:
            return self.params
        listed = details(answers.get(self.last_row_of))
        total = listed.get("TotalItemCount") if isinstance(listed, dict) else None
        last = max(int(total) - 1, 0) if isinstance(total, int) and not isinstance(total, bool) else 0
        return self.params + [("paging_startIndex", str(last)), ("paging_numberOfRecords", "2")]

    def shown_query(self) -> str:
        """The query for a report: the password always masked, the e-mail of the login too."""
        def secret(name: str) -> bool:
            return "password" in name.lower() or (self.auth == "login" and name.lower() == "email")
        shown = "&".join(f"{k}={'***' if secret(k) else v}" for k, v in self.params)
        last_row = "paging_startIndex=(its last row)&paging_numberOfRecords=2" if self.last_row_of else ""
        return "&".join(part for part in (shown, last_row) if part)


def items(answer: Answer | None) -> list[dict]:
    body = answer.json if answer is not None else None
    details = body.get("Details") if isinstance(body, dict) else None
    found = details.get("Items") if isinstance(details, dict) else None
    return [i for i in found if isinstance(i, dict)] if isinstance(found, list) else []


def details(answer: Answer | None) -> Any:
    body = answer.json if answer is not None else None
    return body.get("Details") if isinstance(body, dict) else None


class Planner:
    def __init__(self, *, page_size: int = 10, max_types: int = 5, allow_writes: bool = False) -> None:
        self.page_size = page_size
        self.max_types = max_types
        self.allow_writes = allow_writes
        self.skipped: list[str] = []
        self.run_id = uuid.uuid4().hex[:12].upper()
        self.marker = f"TCP-{self.run_id}"   # in every write, to find (and delete) what this run made

    def _page(self, start: int = 0) -> list[tuple[str, str]]:
        return [("paging_startIndex", str(start)), ("paging_numberOfRecords", str(self.page_size))]

    def first(self, email: str, password: str, application_id: str) -> list[Probe]:
        page = self._page()
        return [
            Probe("token", "GET authentication/generateapitoken", "GET", "api/authentication/generateapitoken",
                  [("email", email), ("password", password), ("applicationId", application_id)], auth="login"),
            Probe("token, asked again", "GET authentication/generateapitoken", "GET",
                  "api/authentication/generateapitoken",
                  [("email", email), ("password", password), ("applicationId", application_id)], auth="login"),
            Probe("stock items with the token asked for before", "GET products", "GET", "api/products",
                  page, auth="earlier"),
            Probe("token, refused credentials", "GET authentication/generateapitoken (refused)", "GET",
                  "api/authentication/generateapitoken",
                  [("email", PROBE_EMAIL), ("password", "not-a-password"), ("applicationId", application_id)], auth="none"),
            Probe("stock items", "GET products", "GET", "api/products", page),
            Probe("product types", "GET producttypes", "GET", "api/producttypes", page),
            Probe("customers", "GET customers", "GET", "api/customers", page),
            Probe("estimates", "GET estimates", "GET", "api/estimates", page, fixture_data=False),
            Probe("sales orders", "GET orders", "GET", "api/orders", page, fixture_data=False),
            Probe("jobs", "GET jobs", "GET", "api/jobs", page, fixture_data=False),
            Probe("400: a query value that is not a number", "400 GET products", "GET", "api/products",
                  [("id", "not-a-number")]),
            Probe("401: a token no server issued", "401 GET products", "GET", "api/products", page, auth="unknown"),
            Probe("404: no such resource", "404 GET", "GET", "api/tharness-conformance-no-such-resource"),
        ]

    def second(self, found: dict[str, Answer]) -> list[Probe]:
        probes = [Probe("stock items, second page", "GET products", "GET", "api/products", self._page(self.page_size)),
                  Probe("stock items, the last row", "GET products", "GET", "api/products", last_row_of="stock items",
                        filled_note=LAST_ROW)]
        customers = items(found.get("customers"))
        code = self.customer_code(found)
        if code:
            probes += [
                Probe("stock items of a customer", "GET products", "GET", "api/products",
                      [("customerCode", code)] + self._page()),
                Probe("stock items of a customer, generic too", "GET products", "GET", "api/products",
                      [("customerCode", code), ("includeGeneric", "true")] + self._page()),
            ]
        else:
            self.skipped.append("stock items by customerCode: no customer code found")
        if customers:
            keyword = str(customers[0].get("Code") or customers[0].get("Name") or "")
            probes.append(Probe("customers by keyword", "GET customers", "GET", "api/customers",
                                [("keyword", keyword)] + self._page()))
            with_contacts = next((c for c in customers if c.get("Contacts")), customers[0])
            probes.append(Probe("contacts of a customer", "GET contacts", "GET", "api/contacts",
                                [("customerCode", str(with_contacts.get("Code", "")))]))
        else:
            self.skipped.append("customers by keyword and contacts: the server lists no customer")
        type_ids = [t["ID"] for t in items(found.get("product types")) if isinstance(t.get("ID"), int)][:self.max_types]
        if not type_ids:
            self.skipped.append("product type by id and sample estimate requests: the server lists no product type")
        for type_id in type_ids:
            probes.append(Probe(f"product type {type_id}", "GET producttypes", "GET", "api/producttypes",
                                [("id", str(type_id))]))
            probes.append(Probe(f"{SAMPLE}{type_id}", "GET estrequest/{id}/example",
                                "GET", f"api/estrequest/{type_id}/example"))
        return probes

    def writes(self, found: dict[str, Answer]) -> list[Probe]:
        if not self.allow_writes:
            return []
        probes = []
        estimates, order = self.estimate_requests(found), self.sales_order(found)
        for type_id, estimate in estimates:   # each probed type: one the API cannot price shows its failure
            probes.append(Probe(f"pricing the sample estimate request of product type {type_id}", "POST estrequest",
                                "POST", "api/estrequest", body=estimate, write=True))
        if estimates:
            probes.append(Probe("pricing the first sent as text/plain", "POST estrequest (text/plain)", "POST",
                                "api/estrequest", body=estimates[0][1], write=True, content_type="text/plain"))
        else:
            self.skipped.append("estimate pricing: no sample estimate request or customer code")
        if order is not None:
            probes.append(Probe("a sales order marked as a probe", "POST orders/submit", "POST", "api/orders/submit",
                                body=order, write=True))
            probes.append(Probe("the job of that order, at once", "GET jobs", "GET", "api/jobs",
                                [("ref1", self.marker)], filled_note=JOB_AT_ONCE))
        else:
            self.skipped.append("order submission: no stock item linked to a customer")
        return probes

    def estimate_requests(self, found: dict[str, Answer]) -> list[tuple[str, dict[str, Any]]]:
        """The sample estimate requests found (product type id, request), each for the customer
        code and marked as a probe."""
        code = self.customer_code(found)
        made = []
        for name, answer in found.items():
            sample = details(answer)
            if name.startswith(SAMPLE) and isinstance(sample, dict) and code and answer.status == 200:
                made.append((name[len(SAMPLE):], {**sample, "Customer": {**(sample.get("Customer") or {}), "Code": code},
                                                      "Ref1": MARK, "Ref2": self.marker}))
        return made

    def sales_order(self, found: dict[str, Answer]) -> dict[str, Any] | None:
        """One order line of a stock item linked to the customer code, marked as a probe."""
        code = self.customer_code(found)
        stock_item = next((i for i in items(found.get("stock items of a customer")) if i.get("Code")), None)
        return self.order(code, stock_item) if stock_item and code else None

    def order(self, code: str, stock_item: dict) -> dict[str, Any]:
        now = datetime.now(timezone.utc)
        quantity = max(1, int(next((link.get("MinOrderQty") or 0 for link in stock_item.get("LinkedCustomers") or []
                                    if isinstance(link, dict) and str(link.get("CustomerCode", "")).lower() == code.lower()), 0)))
        return {"Orders": [{
            "UniqueSubmitOrderID": f"THARNESS-CONFORMANCE-{self.run_id}",
            "InvoiceCustomer": {"Code": code}, "DeliveryCustomer": {"Code": code},
            "OrderDate": now.strftime("%Y-%m-%dT%H:%M:%S"),
            "RequiredDate": (now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M:%S"),
            "Items": [{"StockItemID": stock_item.get("ID"), "StockItemCode": stock_item.get("Code"),
                       "Description": MARK, "Quantity": quantity, "Value": {"Net": 0, "Tax": 0},
                       "Ref1": self.marker, "Ref2": MARK}],
        }]}

    @staticmethod
    def customer_code(found: dict[str, Answer]) -> str | None:
        for item in items(found.get("stock items")):
            for link in item.get("LinkedCustomers") or []:
                if isinstance(link, dict) and link.get("CustomerCode"):
                    return str(link["CustomerCode"])
        customers = items(found.get("customers"))
        return str(customers[0]["Code"]) if customers and customers[0].get("Code") else None
