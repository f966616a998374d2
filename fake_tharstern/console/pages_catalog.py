"""Console pages: customers, stock items, product types, estimates and sales orders."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, request

from ..backend.records import enums
from . import reads
from .queries import CustomerFilter, ListFilter, StockFilter, read_query
from .render import fake, render


def customers():
    args, errors = read_query(CustomerFilter(), request.args)
    state = fake().snapshot()
    found = reads.filter_customers(state["customers"], args.get("keyword"))
    shown, pager = reads.paginate(found, args.get("page"))
    return render("customers.html", "Customers", customers=shown, pager=pager, args=args, errors=errors)


def stock_items():
    args, errors = read_query(StockFilter(), request.args)
    state = fake().snapshot()
    found = reads.filter_products(state["products"], keyword=args.get("keyword"), type_name=args.get("type"),
                                  customer=args.get("customer"), visible=args.get("visible"))
    shown, pager = reads.paginate(found, args.get("page"))
    product_types = [(0, "none (sold at its unit price)")] + [(t["ID"], f"{t['ID']} {t['Name']}")
                                                              for t in state["productTypes"]]
    return render("stock_items.html", "Stock items", products=shown, pager=pager, args=args, errors=errors,
                  types=list(enums.STOCK_ITEM_TYPES), product_types=product_types)


def product_types():
    args, errors = read_query(ListFilter(), request.args)
    backend = fake()
    state = backend.snapshot()
    found = [t for t in state["productTypes"] if reads.contains(args.get("keyword"), t["Name"], t.get("Description"),
                                                                 t["WorkType"]["Name"])]
    shown, pager = reads.paginate(found, args.get("page"), size=20)
    rows = reads.product_type_rows(shown, state["products"], backend.settings.unsupported_work_types)
    return render("product_types.html", "Product types", rows=rows, pager=pager, args=args, errors=errors)


def estimates():
    args, errors = read_query(ListFilter(), request.args)
    state = fake().snapshot()
    found = [e for e in reversed(state["estimates"])
             if reads.contains(args.get("keyword"), e["EstimateRef"], e.get("Title"), e["Customer"]["Code"],
                               *(e.get(f"Ref{n}") for n in range(1, 11)))]
    shown, pager = reads.paginate(found, args.get("page"))
    return render("estimates.html", "Estimates", estimates=shown, pager=pager, args=args, errors=errors,
                  type_names=reads.type_names(state["productTypes"]))


def estimate(estimate_id: int):
    backend = fake()
    found = next((e for e in backend.snapshot()["estimates"] if e["ID"] == estimate_id), None)
    if found is None:
        abort(404, f"There is no estimate {estimate_id}.")
    exchanges = reads.estimate_exchanges(backend.journal.entries(method="POST", path="*estrequest*"), estimate_id)
    return render("estimate.html", f"Estimate {found['EstimateRef']}", estimate=found, exchanges=exchanges,
                  journal_size=backend.journal.size)


def orders():
    args, errors = read_query(ListFilter(), request.args)
    state = fake().snapshot()
    jobs = {j["JobNo"]: j for j in state["jobs"]}
    found = [o for o in reversed(state["orders"])
             if reads.contains(args.get("keyword"), o["OrderNo"], o.get("UniqueSubmitOrderID"),
                               o["InvoiceCustomer"]["Code"], o.get("Ref1"))]
    shown, pager = reads.paginate(found, args.get("page"))
    return render("orders.html", "Sales orders", orders=shown, pager=pager, args=args, errors=errors, jobs=jobs)


def order_asset(order_id: int, asset_id: int):
    """An order's artwork (``orders/submitorderasset``), as a download."""
    backend = fake()
    order = next((o for o in backend.snapshot()["orders"] if o["ID"] == order_id), None)
    entry = next((a for a in (order or {}).get("Assets", []) if a["ID"] == asset_id), None)
    content = backend.order_asset_content(asset_id) if entry else None
    if content is None or entry is None:
        abort(404)
    return Response(content, mimetype=entry["ContentType"], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(entry['Filename'])}",
        "X-Content-Type-Options": "nosniff"})


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/customers", "customers", customers)
    blueprint.add_url_rule("/stock-items", "stock_items", stock_items)
    blueprint.add_url_rule("/product-types", "product_types", product_types)
    blueprint.add_url_rule("/estimates", "estimates", estimates)
    blueprint.add_url_rule("/estimates/<int:estimate_id>", "estimate", estimate)
    blueprint.add_url_rule("/orders", "orders", orders)
    blueprint.add_url_rule("/orders/<int:order_id>/assets/<int:asset_id>", "order_asset", order_asset)
