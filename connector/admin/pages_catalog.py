"""Admin pages: step 3 product mapping (products and variants, the product-type diagnosis, and a
variant's Connect Link popup with the type-ahead list, parts and processes, advanced JSON and a
price check) and step 4 attribute mapping."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from sqlalchemy import select

from tharstern_kit.pages.queries import read_query

from ..models import Customer, Product, Storefront, Variant
from ..resources import answers
from ..services import lookup
from ..services.catalog.connect_link import ConnectLinkCatalog
from ..services.runtime import db, runtime
from ..tharstern.errors import TharsternError
from ..tharstern.factory import ConnectionIncomplete
from . import reads
from .queries import DiagnoseFilter, SearchFilter
from .render import render, storefront, tharstern_problem

UNREADABLE = (TharsternError, ConnectionIncomplete)
MAPPING_EXAMPLE = """{#- Mapping code: a Jinja2 template whose output is the estimate request as JSON. It sees request
    (the request built so far, read-only), sample, quantity, customer_code, attributes and nodes.
    This example writes the request out again with one value changed: runs of 1000 or more get
    the Title "Bulk run: ... copies". Plain Jinja2: it runs in any sandbox. -#}
{%- set big = quantity >= 1000 -%}
{
{%- if big %}
  "Title": {{ ("Bulk run: " ~ quantity ~ " copies") | tojson }}{{ "," if request | reject("equalto", "Title") | list }}
{%- endif %}
{%- for key, value in request.items() if not (big and key == "Title") %}
  {{ key | tojson }}: {{ value | tojson }}{{ "," if not loop.last }}
{%- endfor %}
}"""


def _products(sf: Storefront) -> list[Product]:
    return list(db().scalars(select(Product).where(Product.storefront_id == sf.id).order_by(Product.id)))


def products(sf: str):
    found = storefront(sf)
    args, errors = read_query(DiagnoseFilter(), request.args)
    diagnosis, problem = None, None
    if "product_type_id" in args:
        try:
            diagnosis = ConnectLinkCatalog(runtime(), found).diagnose(args["product_type_id"]).to_dict()
        except UNREADABLE as error:
            problem = tharstern_problem(error)
    return render("products.html", "3 · Product mapping", found, products=[answers.product(p) for p in _products(found)],
                  args=args, errors=errors, diagnosis=diagnosis, problem=problem,
                  type_filter=found.behaviour.product_type_filter, template_sources=reads.TEMPLATE_SOURCES,
                  diagnosis_labels=reads.DIAGNOSIS_LABELS)


def _options(sf: Storefront, query: str | None) -> tuple[list[dict[str, Any]], str | None]:
    try:
        return ConnectLinkCatalog(runtime(), sf).options(query), None
    except UNREADABLE as error:
        return [], tharstern_problem(error)


def variant(sf: str, vid: int):
    found = storefront(sf)
    item = lookup.owned(db(), Variant, vid, found)
    args, errors = read_query(SearchFilter(), request.args)
    shown = answers.variant(item)
    product = answers.product(item.product)
    customers = [answers.customer(found, c) for c in
                 db().scalars(select(Customer).where(Customer.storefront_id == found.id).order_by(Customer.id))]
    options, problem = _options(found, args.get("q"))
    link = shown["link"]
    return render("variant.html", f"Connect Link: {item.product.name} — {item.name}", found, step="admin.products",
                  variant=shown, link=link, product=product, customers=customers, options=options,
                  options_problem=problem, args=args, errors=errors, type_filter=found.behaviour.product_type_filter,
                  handles_pricing=found.behaviour.handles_pricing, template_sources=reads.TEMPLATE_SOURCES,
                  price_sources=reads.PRICE_SOURCES, pricing_labels=reads.PRICING_LABELS, rules=reads.RULE_LABELS,
                  part_choices=reads.option_choices(link["parts"]), process_choices=reads.option_choices(link["processes"]),
                  mapping_example=MAPPING_EXAMPLE)


def attributes(sf: str):
    found = storefront(sf)
    rows = []
    for product in _products(found):
        values = {v.id: reads.fit_problems(v) for a in product.attributes for v in a.values}
        rows.append({"product": answers.product(product), "problems": values,
                     "suggestions": reads.node_suggestions(product)})
    return render("attributes.html", "4 · Attribute mapping", found, rows=rows)


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/<sf>/products", "products", products)
    blueprint.add_url_rule("/<sf>/variants/<int:vid>", "variant", variant)
    blueprint.add_url_rule("/<sf>/attributes", "attributes", attributes)
