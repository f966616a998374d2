"""Estimate requests (``POST estrequest``), their sample (``estrequest/{id}/example``),
``GET estimates`` and ``POST estimate/newestimatefromexisting``.

Estimates answer in the client model's key order (C-TAPI ``Estimate``), with ``Ordered`` an enum
object (``NotOrdered``/``Ordered``) and ``JobCreated`` a string (the job's ``JobNo`` once one is
made, names and value [I]); each part carries ``FinishedSize`` (the request part's, else the
request's, else the product type's ``DefaultPageSize``).

Every successful request creates an estimate, as in the real system (the estimate list fills up,
seed P3345). Shape problems (no or non-positive ``Quantity``, a bad number or date) are HTTP 400
ModelState errors keyed ``estRequestProduct.<field>``; business problems (unknown product type,
customer, part, paper or process; an unsupported work type; a quantity outside the product
type's limits) are HTTP 200 with ``Success=false`` and ``Result.Problems``.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from tharstern_kit.clock import iso

from ..base import BackendBase
from ..records import enums
from ..records.dates import parse_date
from ..records.entities import Fields, raise_if
from ..records.paging import page, sort_items
from .pricing import PricedPart, PricedProcess, estimate_price

PREFIX = "estRequestProduct"
ESTIMATE_SORT = {"id": "ID", "estimateref": "EstimateRef", "title": "Title", "createddate": "CreatedDateTime",
                 "lastmodifieddate": "LastModifiedDate"}
REFS = tuple(f"Ref{n}" for n in range(1, 11))


class EstimatesMixin(BackendBase):
    def example_estimate_request(self, product_type_id: int) -> dict[str, Any] | None:
        """A full sample request with the product type's defaults: every part (with its default
        pages and paper) and every process, so a client keeps the ones it wants [I]."""
        with self.lock:
            product_type = self.state.product_types.get(product_type_id)
            if product_type is None:
                return None
            papers = {p["Code"].lower(): p for p in self.state.products.values()}
        size = product_type["DefaultPageSize"]
        return {
            "ID": 0,
            "Title": product_type["Name"],
            "ProductTypeID": product_type["ID"],
            "Quantity": product_type["MinimumQuantity"],
            "FinishedSize": {"Code": size, "Width": 0, "Depth": 0},
            "Orientation": {"Value": 0, "EnumType": "OrientationEnum"},
            "RequiredDateTime": iso(self.clock.now() + timedelta(days=7)),
            "Customer": {"Code": ""},
            "DeliveryCustomer": {"Code": ""},
            "Contact": {"Name": "", "Email": ""},
            "DeliveryContact": {"Name": "", "Email": ""},
            "IgnoreShipping": False,
            "CustomerUpliftPercentage": 0,
            **{ref: "" for ref in REFS},
            "Parts": [
                {
                    "ProductTypePartID": part["ID"],
                    "Name": part["Name"],
                    "Pages": part["DefaultPages"],
                    "PaperCode": part["DefaultStockItemCode"],
                    "GSM": papers.get((part["DefaultStockItemCode"] or "").lower(), {}).get("Weight", 0),
                    "FinishedSize": {"Code": size},
                    "FrontProcess": "4",
                    "BackProcess": "4" if part["DefaultPages"] > 1 else "0",
                    "Processes": [{"ProcessTypeId": p["ProcessTypeId"], "Name": p["Name"]} for p in part["Processes"]],
                }
                for part in product_type["Parts"]
            ],
            "Processes": [{"ProcessTypeId": p["ProcessTypeId"], "Name": p["Name"]} for p in product_type["Processes"]],
        }

    def create_estimate(self, body: Any) -> dict[str, Any]:
        """Price an estimate request. Returns ``{"Estimate", "Result"}``; the API layer turns
        ``Result.Success=false`` into ``Status.Success=false``."""
        errors: dict[str, list[str]] = {}
        request = parse_estimate_request(body, errors)
        raise_if(errors)
        with self.lock:
            return self._estimate_from(request)

    def new_estimate_from_existing(self, estimate_id: Any, quantity: Any) -> dict[str, Any]:
        """``POST estimate/newestimatefromexisting?estimateId=&quantity=``: a new estimate made
        from an existing one for another quantity (C-PECZ, fixed against a live server). The
        product type, customer, parts, processes, references and pricing options are the
        existing estimate's; it is priced afresh and checked like a new request, and points back
        with ``RevisedFromEstimateId`` [I]."""
        errors: dict[str, list[str]] = {}
        f = Fields({"estimateId": estimate_id, "quantity": quantity}, "", errors)
        source_id = f.number("estimateId", None, integer=True, required=True, minimum=1)
        wanted = f.number("quantity", None, integer=True, required=True)
        if isinstance(wanted, int) and wanted <= 0:
            f.fail("quantity", "The Quantity must be greater than zero.")
        raise_if(errors)
        with self.lock:
            source = self.state.estimates.get(source_id)
            if source is None:
                return _failed([f"Estimate {source_id} was not found."])
            return self._estimate_from(_request_of(source, wanted), revised_from=source["ID"])

    def _estimate_from(self, request: dict[str, Any], revised_from: int = 0) -> dict[str, Any]:
        """Price and store (the caller holds the lock)."""
        problems: list[str] = []
        priced = self._price_request(request, problems)
        if problems or priced is None:  # no price comes with a problem
            return _failed(problems)
        estimate = self._store_estimate(request, priced, revised_from)
        if self.quirks.estimate_failed_but_created:
            return _failed(["An error occurred while saving the estimate. It may not have been created."])
        return {"Estimate": estimate, "Result": {"Success": True, "Problems": []}}

    def _price_request(self, request: dict[str, Any], problems: list[str]) -> dict[str, Any] | None:
        state = self.state
        product_type = state.product_types.get(request["ProductTypeID"])
        if product_type is None:
            problems.append(f"Product type {request['ProductTypeID']} was not found.")
            return None
        work_type = product_type["WorkType"]["Name"]
        if work_type in self.settings.unsupported_work_types:
            problems.append(
                f"Product type '{product_type['Name']}' uses the work type '{work_type}', which cannot be "
                "estimated through the API. Use another product type or a supported work type.")
            return None
        quantity = request["Quantity"]
        if quantity < product_type["MinimumQuantity"]:
            problems.append(f"Quantity {quantity} is below the minimum of {product_type['MinimumQuantity']}.")
        if quantity > product_type["MaximumQuantity"]:
            problems.append(f"Quantity {quantity} is above the maximum of {product_type['MaximumQuantity']}.")
        increment = product_type["QuantityIncrement"]
        if increment > 1 and (quantity - product_type["MinimumQuantity"]) % increment:
            problems.append(f"Quantity {quantity} must go up in steps of {increment} from {product_type['MinimumQuantity']}.")
        customer = state.customer_by(request["CustomerCode"])
        if not request["CustomerCode"]:
            problems.append("A customer code is required (Customer.Code).")
        elif customer is None:
            problems.append(f"Customer '{request['CustomerCode']}' was not found.")
        parts = self._priced_parts(product_type, request, problems)
        processes = self._priced_processes(product_type, request, problems)
        if problems or customer is None:  # no customer is among the problems
            return None
        breakdown = estimate_price(
            product_type["Pricing"], quantity, [p["priced"] for p in parts],
            [p["priced"] for p in processes], customer["UpliftPercentage"],
            request["CustomerUpliftPercentage"], request["IgnoreShipping"])
        return {"product_type": product_type, "customer": customer, "parts": parts,
                "processes": processes, "breakdown": breakdown}

    def _priced_parts(self, product_type: dict[str, Any], request: dict[str, Any], problems: list[str]) -> list[dict[str, Any]]:
        known = {part["ID"]: part for part in product_type["Parts"]}
        asked = _asked_options(product_type, "Parts", request["Parts"], ("ID", "ProductTypePartID"), "Part", problems)
        priced = []
        for item in asked:
            part = known.get(item.get("ProductTypePartID"))
            if part is None:
                problems.append(f"Part {item.get('ProductTypePartID')} does not belong to product type '{product_type['Name']}'.")
                continue
            code = item.get("PaperCode") or part["DefaultStockItemCode"]
            paper = self.state.product_by(code)
            if code and paper is None:
                problems.append(f"Paper '{code}' for part '{part['Name']}' was not found.")
                continue
            pages = item.get("Pages") or part["DefaultPages"]
            size = item.get("FinishedSize") or request["FinishedSize"] or {"Code": product_type["DefaultPageSize"]}
            priced.append({
                "record": {"ProductTypePartID": part["ID"], "Name": part["Name"], "Pages": pages, "PaperCode": code or "",
                           "FinishedSize": {"Code": "", "Width": 0, "Depth": 0, **size}},
                "priced": PricedPart(pages, paper["UnitPrice"] if paper else 0, part["UpsPerSheet"]),
            })
        return priced

    def _priced_processes(self, product_type: dict[str, Any], request: dict[str, Any], problems: list[str]) -> list[dict[str, Any]]:
        known = {p["ProcessTypeId"]: p for p in product_type["Processes"]}
        asked = _asked_options(product_type, "Processes", request["Processes"], ("ProcessTypeId", "ProcessTypeId"),
                               "Process", problems)
        priced = []
        for item in asked:
            process = known.get(item.get("ProcessTypeId"))
            if process is None:
                problems.append(f"Process type {item.get('ProcessTypeId')} is not available on product type '{product_type['Name']}'.")
                continue
            priced.append({"record": {"ProcessTypeId": process["ProcessTypeId"], "Name": process["Name"]},
                           "priced": PricedProcess(process["SetupPrice"], process["UnitPrice"])})
        return priced

    def _store_estimate(self, request: dict[str, Any], priced: dict[str, Any], revised_from: int = 0) -> dict[str, Any]:
        """The estimate, its keys in the client model's order (C-TAPI ``Estimate``: ``ID`` first,
        ``Ordered`` an enum, ``JobCreated`` a string); the fake's own fields last."""
        estimate_id = self.state.next_id("estimate")
        now = self.clock.now()
        required = request["RequiredDateTime"] or now + timedelta(days=7)
        breakdown = priced["breakdown"]
        customer = priced["customer"]
        estimate = {
            "ID": estimate_id,
            "EstimateRef": f"E{estimate_id:06d}",
            "CreatedDateTime": iso(now),
            "RequiredDate": iso(required),
            "Quantity": request["Quantity"],
            "PriceExclShipping": breakdown.price_excl_shipping,
            "Price": breakdown.price,
            "Currency": dict(self.settings.currency),
            "Ordered": enums.enum(enums.ESTIMATE_ORDERED, "NotOrdered"),
            "JobCreated": "",
            "LastModifiedDate": iso(now),
            "Title": request["Title"] or priced["product_type"]["Name"],
            "IsRevision": bool(revised_from),
            "RevisedFromEstimateId": revised_from,
            "Customer": {"Code": customer["Code"], "Name": customer["Name"]},
            **{ref: request[ref] for ref in REFS},
            "ProductTypeId": priced["product_type"]["ID"],
            "Processes": [p["record"] for p in priced["processes"]],
            "Parts": [p["record"] for p in priced["parts"]],
            "PriceBreakdown": breakdown.to_dict(),
            "IgnoreShipping": request["IgnoreShipping"],
            "CustomerUpliftPercentage": request["CustomerUpliftPercentage"],
        }
        self.state.estimates[estimate_id] = estimate
        return estimate

    def list_estimates(self, *, ids: list[int] | None = None, estimate_ref: str | None = None,
                       keyword: str | None = None, customer_code: str | None = None,
                       start_index: int | None = None, number: int | None = None,
                       sort_column: str | None = None, sort_direction: str | None = None) -> dict[str, Any]:
        with self.lock:
            items = [self.state.estimates[k] for k in sorted(self.state.estimates)]
        if ids:
            wanted = set(ids)
            items = [e for e in items if e["ID"] in wanted]
        if estimate_ref:
            items = [e for e in items if e["EstimateRef"].lower() == estimate_ref.strip().lower()]
        if customer_code:
            items = [e for e in items if e["Customer"]["Code"].lower() == customer_code.strip().lower()]
        if keyword:
            needle = keyword.strip().lower()
            items = [e for e in items if any(needle in str(e.get(k) or "").lower()
                                             for k in ("EstimateRef", "Title", *REFS))
                     or needle in e["Customer"]["Code"].lower()]
        items = sort_items(items, sort_column, sort_direction, ESTIMATE_SORT)
        return page(items, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)


def parse_estimate_request(body: Any, errors: dict[str, list[str]]) -> dict[str, Any]:
    f = Fields(body, PREFIX, errors)
    quantity = f.number("Quantity", None, integer=True, required=True)
    if isinstance(quantity, int) and quantity <= 0:
        f.fail("Quantity", "The Quantity must be greater than zero.")
    product_type_id = f.number("ProductTypeID", None, integer=True, required=True, minimum=1)
    customer = Fields(f.raw("Customer", {}), f.at("Customer"), errors)
    required = None
    if f.has("RequiredDateTime"):
        text = f.text("RequiredDateTime")
        required = parse_date(text) if text else None
        if text and required is None:
            f.fail("RequiredDateTime", f"'{text}' is not a date the API can read.")
    return {
        "ProductTypeID": product_type_id,
        "Quantity": quantity,
        "FinishedSize": _size(f),
        "CustomerCode": customer.text("Code", "", max_len=40),
        "Title": f.text("Title"),
        "RequiredDateTime": required,
        "IgnoreShipping": f.flag("IgnoreShipping"),
        "CustomerUpliftPercentage": f.number("CustomerUpliftPercentage", 0, minimum=-90, maximum=500),
        "Parts": _parse_parts(f, errors) if f.has("Parts") else None,
        "Processes": _parse_processes(f.items("Processes"), f.at("Processes"), errors) if f.has("Processes") else None,
        **{ref: f.text(ref, "") for ref in REFS},
    }


def _parse_parts(f: Fields, errors: dict[str, Any]) -> list[dict[str, Any]]:
    parts = []
    for n, item in enumerate(f.items("Parts")):
        p = Fields(item, f"{f.at('Parts')}[{n}]", errors)
        pages = p.number("Pages", None, integer=True, minimum=1)
        parts.append({
            "ProductTypePartID": p.number("ProductTypePartID", None, integer=True, required=True),
            "Pages": pages,
            "PaperCode": p.text("PaperCode", ""),
            "FinishedSize": _size(p),
        })
    return parts


def _parse_processes(items: list[Any], path: str, errors: dict[str, Any]) -> list[dict[str, Any]]:
    processes = []
    for n, item in enumerate(items):
        p = Fields(item, f"{path}[{n}]", errors)
        processes.append({"ProcessTypeId": p.number("ProcessTypeId", None, integer=True, required=True)})
    return processes


def _size(f: Fields) -> dict[str, Any] | None:
    """A ``FinishedSize`` (the client's ``Dimension``: ``{Code, Width, Depth}``), or None."""
    if not f.has("FinishedSize"):
        return None
    d = Fields(f.raw("FinishedSize"), f.at("FinishedSize"), f.errors)
    return {"Code": d.text("Code", "", max_len=40), "Width": d.number("Width", 0, minimum=0),
            "Depth": d.number("Depth", 0, minimum=0)}


def _failed(problems: list[str]) -> dict[str, Any]:
    return {"Estimate": None, "Result": {"Success": False, "Problems": problems}}


def _request_of(estimate: dict[str, Any], quantity: int) -> dict[str, Any]:
    """The request an existing estimate was made from, for another quantity."""
    return {
        "ProductTypeID": estimate["ProductTypeId"],
        "Quantity": quantity,
        "FinishedSize": None,
        "CustomerCode": estimate["Customer"]["Code"],
        "Title": estimate["Title"],
        "RequiredDateTime": None,
        "IgnoreShipping": estimate.get("IgnoreShipping", False),
        "CustomerUpliftPercentage": estimate.get("CustomerUpliftPercentage", 0),
        "Parts": [{"ProductTypePartID": p["ProductTypePartID"], "Pages": p["Pages"], "PaperCode": p["PaperCode"],
                   "FinishedSize": p.get("FinishedSize")} for p in estimate["Parts"]],
        "Processes": [{"ProcessTypeId": p["ProcessTypeId"]} for p in estimate["Processes"]],
        **{ref: estimate.get(ref, "") for ref in REFS},
    }


def _asked_options(product_type: dict[str, Any], field: str, asked: list[dict[str, Any]] | None,
                   keys: tuple[str, str], label: str, problems: list[str]) -> list[dict[str, Any]]:
    """The parts or processes a request asks for (the defaults and required ones when it names
    none); each required one it leaves out is a problem. ``keys``: the option's id field and the
    request's."""
    own, theirs = keys
    options = product_type[field]
    if asked is None:
        asked = [{theirs: o[own]} for o in options if o["IsDefault"] or o["IsRequired"]]
    chosen_ids = {a.get(theirs) for a in asked}
    for option in options:
        if option["IsRequired"] and option[own] not in chosen_ids:
            problems.append(f"{label} '{option['Name']}' ({option[own]}) is required by product type '{product_type['Name']}'.")
    return asked
