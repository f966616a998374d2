"""Sales orders (``POST orders/submit``, ``GET orders``) and the jobs they create (``GET jobs``).

The submit body is the shape in seed 002 (Pressero's): numbers may come as strings and optional
fields as null. Shape errors are HTTP 400 ModelState keyed ``submitOrders.Orders[i]....``.
Business failures fail one order, all or nothing: ``ID=0`` with the reasons in ``StatusDetails``
(unknown invoice customer, stock item or estimate; an estimate of another customer, another
quantity or already ordered; stock short). A successful order gets an ``OrderNo``, each of its
items becomes a job in status ``Entered``, and stock lines (see ``is_stock_line``) lower the
item's ``Available``.
The same ``UniqueSubmitOrderID`` again returns the first result and creates nothing; failed
submissions are not remembered, so a corrected retry can succeed [I].
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from tharstern_kit.clock import iso

from ..base import BackendBase
from ..production.jobs import new_job
from ..records import enums
from ..records.dates import parse_date
from ..records.entities import Fields, make_address, raise_if
from ..records.paging import page

PREFIX = "submitOrders"
JOB_VISIBILITY_LAG_S = 5.0  # with the quirk jobs_visible_late, how long a new job stays out of GET jobs [I]
UNSTOCKED_TYPES = {"Service"}


def is_stock_line(item: dict[str, Any], product: dict[str, Any]) -> bool:
    """Lines taken from stock: no estimate, no product type (printed items are made to order
    [I]) and not a service."""
    return not item["EstimateID"] and not product["ProductTypes_ID"] and product["Type"]["Name"] not in UNSTOCKED_TYPES


class OrdersMixin(BackendBase):
    def submit_orders(self, body: Any) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        orders = parse_submit(body, errors)
        raise_if(errors)
        results = []
        with self.lock:
            for order in orders:
                key = order["UniqueSubmitOrderID"]
                if key and key in self.state.submissions:
                    results.append(self.state.submissions[key])
                    continue
                reasons = self._order_problems(order)
                if reasons:
                    results.append({"ID": 0, "OrderNo": "", "UniqueSubmitOrderID": key,
                                    "StatusDetails": " ".join(reasons)})
                    continue
                result = self._create_order(order)
                if key:
                    self.state.submissions[key] = result
                results.append(result)
        return {"Orders": results}

    def _order_problems(self, order: dict[str, Any]) -> list[str]:
        state = self.state
        reasons = []
        code = order["InvoiceCustomer"]["Code"]
        customer = state.customer_by(code)
        if customer is None:
            reasons.append(f"Invoice customer '{code}' was not found." if code else "The invoice customer has no code.")
        wanted: dict[int, int] = {}
        for n, item in enumerate(order["Items"], start=1):
            product = state.products.get(item["StockItemID"]) if item["StockItemID"] else state.product_by(item["StockItemCode"])
            if product is None:
                reasons.append(f"Item {n}: stock item '{item['StockItemID'] or item['StockItemCode']}' was not found.")
                continue
            item["_product"] = product
            if item["EstimateID"]:
                estimate = state.estimates.get(item["EstimateID"])
                if estimate is None:
                    reasons.append(f"Item {n}: estimate {item['EstimateID']} was not found.")
                elif estimate["Ordered"]["Name"] == "Ordered":
                    reasons.append(f"Item {n}: estimate {estimate['EstimateRef']} has already been ordered.")
                elif customer and estimate["Customer"]["Code"].lower() != customer["Code"].lower():
                    reasons.append(f"Item {n}: estimate {estimate['EstimateRef']} belongs to customer "
                                   f"'{estimate['Customer']['Code']}', not '{customer['Code']}'.")
                elif estimate["Quantity"] != item["Quantity"]:
                    reasons.append(f"Item {n}: quantity {item['Quantity']} does not match estimate "
                                   f"{estimate['EstimateRef']} ({estimate['Quantity']}).")
            if is_stock_line(item, product):
                wanted[product["ID"]] = wanted.get(product["ID"], 0) + item["Quantity"]
        for product_id, quantity in wanted.items():
            product = state.products[product_id]
            if quantity > product["Available"]:
                reasons.append(f"Insufficient stock for '{product['Code']}': {quantity} requested, "
                               f"{product['Available']:g} available.")
        return reasons

    def _create_order(self, order: dict[str, Any]) -> dict[str, Any]:
        state = self.state
        now = self.clock.now()
        order_id = state.next_id("order")
        order_no = f"SO{order_id:06d}"
        customer = state.customer_by(order["InvoiceCustomer"]["Code"])
        assert customer is not None  # submit_orders refused the order otherwise
        lines = []
        for item in order["Items"]:
            product = item.pop("_product")
            line_id = state.next_id("order_line")
            job_id = state.next_id("job")
            job_no = str(job_id)
            estimate = state.estimates[item["EstimateID"]] if item["EstimateID"] else None
            if estimate is not None:
                state.estimates[estimate["ID"]] = {**estimate, "Ordered": enums.enum(enums.ESTIMATE_ORDERED, "Ordered"),
                                                   "JobCreated": job_no, "LastModifiedDate": iso(now)}
            elif is_stock_line(item, product):
                current = state.products[product["ID"]]
                state.products[product["ID"]] = {**current, "Available": current["Available"] - item["Quantity"]}
            line = {**item, "LineID": line_id, "StockItemID": product["ID"], "StockItemCode": product["Code"],
                    "Description": item["Description"] or product["Description"], "JobNo": job_no}
            lines.append(line)
            state.jobs[job_id] = new_job(
                job_id=job_id, order_no=order_no, order_id=order_id, line_id=line_id, estimate=estimate,
                customer=customer, item=line, description=line["Description"],
                required=iso(item["RequiredDate"] or order["RequiredDate"] or now), at=now.timestamp())
            self._job_created(job_id)
        state.orders[order_id] = {
            "ID": order_id,
            "OrderNo": order_no,
            "UniqueSubmitOrderID": order["UniqueSubmitOrderID"],
            "CompanyID": order["CompanyID"],
            "Status": enums.enum(enums.ORDER_STATUSES, "OrderEntered"),
            "InvoiceCustomer": {**order["InvoiceCustomer"], "Code": customer["Code"]},
            "DeliveryCustomer": order["DeliveryCustomer"],
            "OrderDate": iso(order["OrderDate"] or now),
            "RequiredDate": iso(order["RequiredDate"]) if order["RequiredDate"] else None,
            "Ref1": order["Ref1"],
            "Ref2": order["Ref2"],
            "Shipping": order["Shipping"],
            "Items": [{**line, "RequiredDate": iso(line["RequiredDate"]) if line["RequiredDate"] else None}
                      for line in lines],
            "CreatedDateTime": iso(now),
        }
        return {"ID": order_id, "OrderNo": order_no, "UniqueSubmitOrderID": order["UniqueSubmitOrderID"],
                "StatusDetails": f"Sales order {order_no} created with {len(lines)} job(s)."}

    def list_orders(self, *, order_nos: list[str] | None = None, ids: list[int] | None = None,
                    customer_codes: list[str] | None = None, statuses: list[str] | None = None,
                    keyword: str | None = None, start_index: int | None = None,
                    number: int | None = None) -> dict[str, Any]:
        with self.lock:
            items = [self.state.orders[k] for k in sorted(self.state.orders)]
        if order_nos:
            wanted = {n.strip().lower() for n in order_nos}
            items = [o for o in items if o["OrderNo"].lower() in wanted]
        if ids:
            wanted_ids = set(ids)
            items = [o for o in items if o["ID"] in wanted_ids]
        if customer_codes:
            codes = {c.strip().lower() for c in customer_codes}
            items = [o for o in items if o["InvoiceCustomer"]["Code"].lower() in codes]
        if statuses:
            names = {enums.lookup(enums.ORDER_STATUSES, s) for s in statuses}
            items = [o for o in items if o["Status"]["Name"] in names]
        if keyword:
            needle = keyword.strip().lower()
            items = [o for o in items if needle in o["OrderNo"].lower()
                     or needle in str(o["UniqueSubmitOrderID"] or "").lower()
                     or needle in str(o["Ref1"] or "").lower()]
        return page(items, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)

    def list_jobs(self, *, job_nos: list[str] | None = None, ids: list[int] | None = None,
                  estimate_id: int | None = None, ref1: str | None = None,
                  customer_code: str | None = None, start_index: int | None = None,
                  number: int | None = None) -> dict[str, Any]:
        with self.lock:
            now = self.clock.time()
            self._tick_job_plans(now)
            items = [self.state.jobs[k] for k in sorted(self.state.jobs)]
        if self.quirks.jobs_visible_late:  # a client polls "to let SQL catch up" (reference §11)
            items = [j for j in items if _created_at(j) + JOB_VISIBILITY_LAG_S <= now]
        if job_nos:
            wanted = {n.strip().lower() for n in job_nos}
            items = [j for j in items if j["JobNo"].lower() in wanted]
        if ids:
            wanted_ids = set(ids)
            items = [j for j in items if j["ID"] in wanted_ids]
        if estimate_id:
            items = [j for j in items if j["EstimateId"] == estimate_id]
        if ref1:
            items = [j for j in items if (j["Ref1"] or "") == ref1]
        if customer_code:
            items = [j for j in items if j["InvoiceCustomer"]["Code"].lower() == customer_code.strip().lower()]
        listing = page(items, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)
        with self.lock:
            return self._jobs_read(listing)


def _created_at(job: dict[str, Any]) -> float:
    moment = parse_date(job.get("CreatedDateTime") or "")
    return moment.timestamp() if moment else 0.0


def parse_submit(body: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    f = Fields(body, PREFIX, errors)
    raw_orders = f.items("Orders")
    if not raw_orders and f.at("Orders") not in errors:
        f.fail("Orders", "At least one order is required.")
    return [_parse_order(o, f"{f.at('Orders')}[{n}]", errors) for n, o in enumerate(raw_orders)]


def _date(f: Fields, name: str) -> datetime | None:
    text = f.text(name, "")
    if not text:
        return None
    moment = parse_date(text)
    if moment is None:
        f.fail(name, f"'{text}' is not a date the API can read.")
    return moment


def _party(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any]:
    f = Fields(data if data is not None else {}, path, errors)
    return {
        "Code": f.text("Code", "", max_len=60),
        "Name": f.text("Name", ""),
        "Address": make_address(Fields(f.raw("Address", {}), f.at("Address"), errors)),
        "Contact": f.text("Contact", ""),
        "ContactEmail": f.text("ContactEmail", ""),
    }


def _value(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any] | None:
    if data is None:
        return None
    f = Fields(data, path, errors)
    value = {"Net": f.number("Net", 0), "Tax": f.number("Tax", 0)}
    if f.has("TaxDetails"):
        tax = Fields(f.raw("TaxDetails"), f.at("TaxDetails"), errors)
        value["TaxDetails"] = {"Rate": tax.number("Rate", 0, minimum=0, maximum=100)}
    return value


def _parse_order(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    shipping = f.raw("Shipping")
    shipping_value = None
    if shipping is not None:
        s = Fields(shipping, f.at("Shipping"), errors)
        shipping_value = {"Value": _value(s.raw("Value"), s.at("Value"), errors)}
    items = f.items("Items")
    if not items and f.at("Items") not in errors:
        f.fail("Items", "An order needs at least one item.")
    return {
        "CompanyID": f.text("CompanyID", ""),
        "UniqueSubmitOrderID": f.text("UniqueSubmitOrderID", "", max_len=100),
        "InvoiceCustomer": _party(f.raw("InvoiceCustomer"), f.at("InvoiceCustomer"), errors),
        "DeliveryCustomer": _party(f.raw("DeliveryCustomer"), f.at("DeliveryCustomer"), errors) if f.has("DeliveryCustomer") else None,
        "RequiredDate": _date(f, "RequiredDate"),
        "OrderDate": _date(f, "OrderDate"),
        "Ref1": f.text("Ref1", ""),
        "Ref2": f.text("Ref2", ""),
        "Shipping": shipping_value,
        "Items": [_parse_item(i, f"{f.at('Items')}[{n}]", errors) for n, i in enumerate(items)],
    }


def _parse_item(data: Any, path: str, errors: dict[str, Any]) -> dict[str, Any]:
    f = Fields(data, path, errors)
    stock_item_id = f.number("StockItemID", None, integer=True, minimum=1) if f.raw("StockItemID") != "" else None
    stock_item_code = f.text("StockItemCode", "", max_len=60)
    if not stock_item_id and not stock_item_code and f.at("StockItemID") not in errors:
        f.fail("StockItemID", "Give a StockItemID or a StockItemCode.")
    quantity = f.number("Quantity", None, integer=True, required=True)
    if isinstance(quantity, int) and quantity <= 0:
        f.fail("Quantity", "The Quantity must be greater than zero.")
    estimate_id = f.number("EstimateID", None, integer=True, minimum=0) if f.raw("EstimateID") != "" else None
    delivery = f.raw("DeliveryAddress")
    assets = []
    if f.has("Assets"):
        a = Fields(f.raw("Assets"), f.at("Assets"), errors)
        for n, asset in enumerate(a.items("Items")):
            af = Fields(asset, f"{a.at('Items')}[{n}]", errors)
            url = af.text("Content_URL", "", max_len=4000)
            assets.append({
                "Filename": af.text("Filename", "", max_len=400),
                "IsContent": af.flag("IsContent"),
                "Content_URL": url,
                "Visibility": af.raw("Visibility") if isinstance(af.raw("Visibility"), dict) else {},
            })
    metadata = f.raw("Metadata", [])
    if not isinstance(metadata, list):
        f.fail("Metadata", "must be a list")
        metadata = []
    return {
        "StockItemID": stock_item_id,
        "StockItemCode": stock_item_code,
        "EstimateID": estimate_id or 0,
        "Description": f.text("Description", "", max_len=400),
        "Quantity": quantity,
        "Value": _value(f.raw("Value"), f.at("Value"), errors),
        "RequiredDate": _date(f, "RequiredDate"),
        "Ref1": f.text("Ref1", ""),
        "Ref2": f.text("Ref2", ""),
        "DeliveryAddress": _party(delivery, f.at("DeliveryAddress"), errors) if delivery is not None else None,
        "ChiliDocumentID": f.text("ChiliDocumentID", ""),
        "Metadata": metadata,
        "Assets": {"Items": assets},
    }
