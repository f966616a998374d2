"""What the admin pages show, worked out from the connector's models. No Flask, no writes.

``pathway`` is the start page: where a storefront stands on each step. The rest are small
helpers of single pages (attribute mappings that do not fit a template, node paths to suggest,
the Product Type Filter split into known types and free text).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..domain.behaviour import STOCK_ITEM_TYPES, Behaviour
from ..models import AttributeValue, Customer, Department, Product, Storefront
from ..services.catalog import attribute_fit

MAX_SUGGESTIONS = 200


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    endpoint: str
    state: str  # done | todo | warn | info
    summary: str
    facts: list[str] = field(default_factory=list)


def connection_step(sf: Storefront, last_check: dict[str, Any] | None = None) -> Step:
    """Done only after a passing Check Connection of the settings as they are now."""
    title, endpoint = "Connect settings and Check Connection", "admin.connection"
    missing = sf.missing_connection_fields()
    if missing:
        return Step(1, title, endpoint, "todo", f"Still to fill in: {', '.join(missing)}.")
    facts = [f"API URL {sf.api_url}", f"API user {sf.email} (password set)", f"Application ID {sf.application_id}",
             f"Storefront Customer Code {sf.storefront_customer_code}", f"Calls Tharstern from {sf.outgoing_ip}"]
    if last_check is None:
        return Step(1, title, endpoint, "todo", "Every connection setting is filled in, but Check Connection has not "
                    "passed since they were saved (or since the connector started): run it.", facts)
    when = last_check["at"].strftime("%Y-%m-%d %H:%M:%S")
    if not last_check["ok"]:
        return Step(1, title, endpoint, "warn", f"Check Connection failed at {when} UTC: {last_check['message']}", facts)
    return Step(1, title, endpoint, "done", f"Check Connection passed at {when} UTC.", facts)


def behaviour_step(behaviour: Behaviour) -> Step:
    facts = [f"Tharstern handles pricing: {'yes' if behaviour.handles_pricing else 'no'}",
             f"Tharstern handles stock: {'yes' if behaviour.handles_stock else 'no'}",
             f"Product Type Filter: {', '.join(behaviour.product_type_filter) or 'every type'}",
             f"Send price in orderline: {SEND_PRICE_LABELS.get(behaviour.send_price_in_orderline, '?')}",
             f"Use ExternalId as CustomerCode: {'on' if behaviour.use_external_id_as_customer_code else 'off'}"]
    if behaviour == Behaviour():
        return Step(2, "Behaviours", "admin.behaviour", "todo", "Every behaviour is at its default.", facts)
    return Step(2, "Behaviours", "admin.behaviour", "done", "Behaviours set.", facts)


def mapping_step(products: list[Product]) -> Step:
    variants = [v for p in products for v in p.variants]
    linked = [v.link for v in variants if v.link is not None]
    by_estimate = sum(1 for link in linked if link.priced_by_estimate)
    facts = [f"{by_estimate} priced by estimate, {len(linked) - by_estimate} from the price list"] if linked else []
    unlinked = [f"{v.product.name} — {v.name}" for v in variants if v.link is None]
    if unlinked:
        facts.append("Not linked: " + ", ".join(unlinked))
    state = "todo" if not linked else ("warn" if unlinked else "done")
    return Step(3, "Product mapping", "admin.products", state,
                f"{len(linked)} of {len(variants)} variant(s) have a Connect Link.", facts)


def attribute_step(products: list[Product]) -> Step:
    values = [v for p in products for a in p.attributes for v in a.values]
    mapped = [v for v in values if v.node is not None]
    misfits = sum(1 for v in mapped if fit_problems(v))
    facts = [f"{misfits} mapping(s) do not fit a variant's template"] if misfits else []
    state = "info" if not values else ("warn" if misfits else ("done" if mapped else "todo"))
    return Step(4, "Attribute mapping", "admin.attributes", state,
                f"{len(mapped)} of {len(values)} attribute value(s) are mapped to a node.", facts)


def customer_step(sf: Storefront, departments: list[Department], customers: list[Customer]) -> Step:
    coded = [d for d in departments if d.code]
    sources: dict[str, int] = {}
    for customer in customers:
        if customer.connect_id:
            sources[customer.link_source or "manual"] = sources.get(customer.link_source or "manual", 0) + 1
    linked = sum(sources.values())
    facts = [f"Storefront Customer Code: {sf.storefront_customer_code or 'not set'}",
             f"{len(coded)} of {len(departments)} department(s) have a Tharstern code",
             f"{linked} of {len(customers)} customer(s) linked"
             + (" (" + ", ".join(f"{n} {LINK_SOURCE_LABELS.get(k, k)}" for k, n in sorted(sources.items())) + ")"
                if sources else ""),
             "Automatic linking by e-mail: " + ("on" if sf.behaviour.use_external_id_as_customer_code else "off")]
    state = "done" if sf.storefront_customer_code else "todo"
    return Step(5, "Customer codes", "admin.customers", state,
                "Estimates and orders go to the storefront code unless a department or customer has its own.", facts)


def pathway(sf: Storefront, products: list[Product], departments: list[Department],
            customers: list[Customer], last_check: dict[str, Any] | None = None) -> list[Step]:
    return [connection_step(sf, last_check), behaviour_step(sf.behaviour), mapping_step(products), attribute_step(products),
            customer_step(sf, departments, customers)]


def fit_problems(value: AttributeValue) -> list[str]:
    """Where a mapped value's node does not fit the template of a variant of its product."""
    return [f"{variant.name}: {why}" for variant, why in attribute_fit.misfits(value)]


def node_suggestions(product: Product) -> list[str]:
    """Every leaf path of the templates of the product's linked variants (for the node field)."""
    paths: list[str] = []
    for variant in product.variants:
        template = variant.link.estimate_template if variant.link else None
        if template:
            for path in leaf_paths(template):
                if path not in paths:
                    paths.append(path)
    return paths[:MAX_SUGGESTIONS]


def leaf_paths(node: Any, prefix: str = "") -> Iterable[str]:
    if isinstance(node, dict):
        for key, child in node.items():
            yield from leaf_paths(child, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from leaf_paths(child, f"{prefix}[{index}]")
    elif prefix:
        yield prefix


def option_choices(options: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """Parts or processes of a link as checklist options, the required and default ones said so."""
    def label(option: dict[str, Any]) -> str:
        notes = [n for n, on in (("required", option["is_required"]), ("default", option["is_default"])) if on]
        return f"{option['name']} ({option['id']}{', ' + ', '.join(notes) if notes else ''})"
    return [(o["id"], label(o)) for o in options]


def split_type_filter(type_filter: Iterable[str]) -> tuple[list[str], list[str]]:
    """(known stock item types ticked, other names typed in the free-text box)."""
    known = [name for name in type_filter if name in STOCK_ITEM_TYPES]
    return known, [name for name in type_filter if name not in STOCK_ITEM_TYPES]


TEMPLATE_SOURCES = {"selection": "from parts and processes", "manual": "edited by hand",
                    "mapping_code": "mapping code"}
STATE_LABELS = {"done": "done", "todo": "to do", "warn": "needs a look", "info": "nothing to map"}
SEND_PRICE_LABELS = {"never": "Never", "always": "Always send price", "with_logic": "Send price with logic"}
LINK_SOURCE_LABELS = {"manual": "by hand", "auto_linked": "linked by e-mail", "auto_created": "created in Tharstern"}
RULE_LABELS = {"customer_link": "the customer's own link", "department": "the department's code",
               "auto_linked": "linked automatically by e-mail", "auto_created": "created in Tharstern automatically",
               "storefront_default": "the storefront default"}
PRICE_SOURCES = {"estimate": "a live Tharstern estimate", "price_list": "the price list (the stock item's unit price)"}
PRICING_LABELS = {"estimate": "Tharstern estimate", "price_list": "price list"}
LINK_STATUS_LABELS = {"none": "no link", "found": "found in Tharstern", "not_found": "not in Tharstern",
                      "not_in_cached_list": "in Tharstern, not yet in the cached list"}
DIAGNOSIS_LABELS = {"listed": "in the list", "filtered_out_by_type": "left out by the Product Type Filter",
                    "not_linked_to_storefront_code": "not linked to the storefront customer code",
                    "no_stock_item": "no stock item returned", "product_type_not_found": "no such product type",
                    "tharstern_unreachable": "Tharstern did not answer"}
