"""What the console's pages show, worked out from the backend's public reads. No Flask here.

Reads go through ``snapshot()``, ``job_lifecycle()``, ``list_webhook_deliveries()`` and the
journal, never through the faked API's list methods: those count job reads for ``after_reads``
plans and follow the paging quirk, and looking at a page must change nothing.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..backend.production import lifecycle
from ..backend.production.jobs import held_from

PAGE_SIZE = 50


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    total: int
    first: int  # 1-based number of the first row shown (0 when none)
    last: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def paginate(items: list[Any], page: int | None, size: int = PAGE_SIZE) -> tuple[list[Any], Pager]:
    """One page of ``items``; a page past the end shows the last page."""
    pages = max(1, math.ceil(len(items) / size))
    number = min(max(1, page or 1), pages)
    start = (number - 1) * size
    shown = items[start:start + size]
    return shown, Pager(number, pages, len(items), start + 1 if shown else 0, start + len(shown))


def contains(needle: str | None, *values: Any) -> bool:
    if not needle:
        return True
    wanted = needle.strip().lower()
    return any(wanted in str(v or "").lower() for v in values)


def filter_customers(customers: Iterable[dict], keyword: str | None) -> list[dict]:
    return [c for c in customers if contains(keyword, c["Code"], c["Name"], c.get("ContactEmail"),
                                             *(x.get("Email") for x in c["Contacts"]),
                                             *(x.get("Name") for x in c["Contacts"]))]


def filter_products(products: Iterable[dict], *, keyword: str | None = None, type_name: str | None = None,
                    customer: str | None = None, visible: str | None = None) -> list[dict]:
    """Stock items by text (code or description), type, linked customer code and visibility."""
    found = [p for p in products if contains(keyword, p["Code"], p.get("Description"))]
    if type_name:
        found = [p for p in found if p["Type"]["Name"] == type_name]
    if customer:
        code = customer.strip().lower()
        found = [p for p in found if any(link["CustomerCode"].lower() == code for link in p["LinkedCustomers"])]
    if visible in ("yes", "no"):
        found = [p for p in found if p["Visible"] == (visible == "yes")]
    return found


def product_type_rows(types: Iterable[dict], products: Iterable[dict], unsupported: Iterable[str]) -> list[dict]:
    """Each product type with the stock items that use it and whether the API can estimate it."""
    by_type: dict[int, list[dict]] = {}
    for product in products:
        if product["ProductTypes_ID"]:
            by_type.setdefault(product["ProductTypes_ID"], []).append(product)
    blocked = set(unsupported)
    return [{"type": t, "stock_items": by_type.get(t["ID"], []),
             "cannot_estimate": t["WorkType"]["Name"] in blocked} for t in types]


def job_moves(job: dict) -> dict[str, Any]:
    """The buttons a job gets: every legal next state, and how a despatch would walk."""
    status, held = job["Status"]["Name"], held_from(job)
    walk = lifecycle.path_to(status, lifecycle.DESPATCHED, held)
    return {"next": lifecycle.legal_moves(status, held), "held_from": held,
            "despatch_walk": walk or [], "final": status in lifecycle.FINAL}


def filter_jobs(jobs: Iterable[dict], *, status: str | None = None, keyword: str | None = None) -> list[dict]:
    found = [j for j in jobs if not status or j["Status"]["Name"] == status]
    return [j for j in found if contains(keyword, j["JobNo"], j.get("SalesOrderNo"), (j.get("InvoiceCustomer") or {}).get("Code"),
                                         j.get("StockItemCode"), j.get("Description"), j.get("Ref1"), j.get("Ref2"))]


def find_job(jobs: Iterable[dict], job_no: str) -> dict | None:
    wanted = str(job_no).strip().lower()
    return next((j for j in jobs if j["JobNo"].lower() == wanted), None)


def type_names(types: Iterable[dict]) -> dict[int, str]:
    return {t["ID"]: t["Name"] for t in types}


def delivery_summary(deliveries: Iterable[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for delivery in deliveries:
        counts[delivery["status"]] = counts.get(delivery["status"], 0) + 1
    return counts


def blocked_entries(entries: Iterable[dict], limit: int = 20) -> list[dict]:
    """The newest journal entries of clients the allowlist turned away."""
    return [e for e in reversed(list(entries)) if e.get("blocked")][:limit]


def estimate_exchanges(entries: Iterable[dict], estimate_id: int) -> list[dict[str, Any]]:
    """The journal's exchanges that made estimate ``estimate_id`` (``POST estrequest``, or a new
    estimate from an existing one): each with the request and the answer, pretty-printed when
    they read as JSON and as recorded (possibly cut short by the journal) otherwise."""
    found = []
    pattern = re.compile(rf'"ID"\s*:\s*{int(estimate_id)}\b')
    for entry in entries:
        answer = entry.get("response_body") or ""
        if entry.get("method") != "POST" or "estrequest" not in entry.get("path", "").lower():
            continue
        if not pattern.search(answer):
            continue
        found.append({**entry, "request_text": _pretty(entry.get("request_body")), "answer_text": _pretty(answer)})
    return found


def _pretty(text: str | None) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2)
    except ValueError:
        return text
