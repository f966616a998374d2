"""The ``orders/submit`` JSON for a released order, in the shape of seed 002 (Pressero's): one
Tharstern order per storefront order, or one per line (``<order>-<line>``), each with the
invoice and delivery customer, the required and order dates, shipping when the storefront
includes it, and items with ``StockItemID``, ``EstimateID`` for estimate-priced lines,
``Value{Net, Tax}`` only where the price is sent, ``Ref1`` (the order) and ``Ref2`` (the line)
for correlation, the chosen attributes as ``Metadata`` and the artwork as ``Assets``."""
from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urlsplit

from ...domain.orders import shipping_block, submit_ids
from ...models import Order, OrderLine

VISIBILITY = {"IDC": True, "E4Print": True, "PrintManagement": True, "JobWatch": True, "Portal": True}


def _address(address: dict[str, Any] | None) -> dict[str, Any]:
    address = address or {}
    lines = list(address.get("address_lines") or [])[:3] + [None, None, None]
    return {"AddressLine1": lines[0], "AddressLine2": lines[1], "AddressLine3": lines[2],
            "City": address.get("city"), "Region": address.get("region"), "Country": address.get("country"),
            "Postcode": address.get("postcode"), "Telephone": address.get("telephone"), "Fax": None}


def _party(order: Order) -> dict[str, Any]:
    address = order.delivery_address or {}
    name = address.get("name") or order.customer_name or order.customer_code
    return {"Code": order.customer_code, "Name": name, "Address": _address(address),
            "Contact": address.get("contact") or order.customer_name or name,
            "ContactEmail": address.get("email") or order.customer_email}


def _filename(url: str) -> str:
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return name or "artwork"


def _item(order: Order, line: OrderLine, required: str) -> dict[str, Any]:
    party = _party(order)
    item: dict[str, Any] = {
        "StockItemID": line.stock_item_id, "StockItemCode": line.stock_item_code, "Description": line.description,
        "Quantity": line.quantity, "RequiredDate": required, "Ref1": order.reference, "Ref2": line.line_ref,
        "DeliveryAddress": {"Name": party["Name"], "Address": party["Address"], "Contact": party["Contact"],
                            "ContactEmail": party["ContactEmail"]},
        "Metadata": [{"Name": a["name"], "Value": a["value"]} for a in (line.attributes or [])],
        "Assets": {"Items": [{"Filename": _filename(url), "IsContent": True, "Content_URL": url,
                              "Visibility": dict(VISIBILITY)} for url in (line.artwork_urls or [])]},
    }
    if line.estimate_id:
        item["EstimateID"] = line.estimate_id
    if line.send_price:
        item["Value"] = {"Net": float(line.value_net or 0), "Tax": float(line.value_tax or 0)}
    return item


def tharstern_orders(order: Order) -> list[tuple[str, list[OrderLine], dict[str, Any]]]:
    """(UniqueSubmitOrderID, lines, the order's JSON) for each Tharstern order to submit."""
    required = f"{order.required_date}T00:00:00"
    placed = order.placed_at.strftime("%Y-%m-%dT%H:%M:%S")
    by_no = {line.line_no: line for line in order.lines}
    groups = submit_ids(order.reference, order.grouping, sorted(by_no))
    out = []
    for index, (unique_id, line_nos) in enumerate(groups):
        lines = [by_no[n] for n in line_nos]
        party = _party(order)
        payload: dict[str, Any] = {
            "CompanyID": None, "UniqueSubmitOrderID": unique_id, "InvoiceCustomer": party,
            "DeliveryCustomer": dict(party), "RequiredDate": required, "OrderDate": placed,
            "Ref1": order.reference, "Ref2": unique_id,
            "Items": [_item(order, line, required) for line in lines],
        }
        # shipping goes once: on the whole order, or on the first of the per-item orders
        if order.include_shipping and order.shipping_net is not None and index == 0:
            payload["Shipping"] = shipping_block(Decimal(order.shipping_net), order.shipping_tax_rate, order.send_tax)
        out.append((unique_id, lines, payload))
    return out
