"""Model → answer dictionaries (the schemas in ``schemas_*`` describe them)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..models import Attribute, AttributeValue, Customer, Department, Product, Storefront, Variant
from ..services.customers.codes import resolve


def iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def storefront_summary(sf: Storefront) -> dict[str, Any]:
    return {"key": sf.key, "name": sf.name, "platform": sf.platform, "connected": not sf.missing_connection_fields()}


def connection(sf: Storefront) -> dict[str, Any]:
    return {"api_url": sf.api_url, "email": sf.email, "application_id": sf.application_id,
            "storefront_customer_code": sf.storefront_customer_code, "outgoing_ip": sf.outgoing_ip,
            "password_set": bool(sf.password_sealed), "missing": sf.missing_connection_fields()}


def storefront_detail(sf: Storefront) -> dict[str, Any]:
    return {**storefront_summary(sf), "connection": connection(sf), "behaviour": sf.behaviour.to_dict()}


def link(variant: Variant, warnings: list[str] | None = None) -> dict[str, Any]:
    found = variant.link
    base = {"variant_id": variant.id, "linked": found is not None, "warnings": warnings or [], "parts": [],
            "processes": [], "selected_part_ids": [], "selected_process_ids": [], "manual_edit": False}
    if found is None:
        return base
    options = found.product_type_options or {"parts": [], "processes": []}
    parts_chosen, processes_chosen = set(found.selected_part_ids or []), set(found.selected_process_ids or [])
    return {
        **base,
        "stock_item_id": found.stock_item_id, "stock_item_code": found.stock_item_code,
        "stock_item_description": found.stock_item_description, "stock_item_type": found.stock_item_type,
        "product_type_id": found.product_type_id, "product_type_name": found.product_type_name,
        "use_estimate_pricing": found.use_estimate_pricing,
        "pricing": "estimate" if found.priced_by_estimate else "price_list",
        "parts": [{**o, "selected": o["id"] in parts_chosen} for o in options["parts"]],
        "processes": [{**o, "selected": o["id"] in processes_chosen} for o in options["processes"]],
        "selected_part_ids": list(found.selected_part_ids or []),
        "selected_process_ids": list(found.selected_process_ids or []),
        "estimate_template": found.estimate_template, "sample_request": found.sample_request,
        "template_source": found.template_source, "manual_edit": found.manual_edit,
        "mapping_code": found.mapping_code, "linked_at": iso(found.linked_at),
    }


def variant(item: Variant, warnings: list[str] | None = None) -> dict[str, Any]:
    return {"id": item.id, "product_id": item.product_id, "name": item.name, "sku": item.sku,
            "link": link(item, warnings)}


def attribute_value(value: AttributeValue) -> dict[str, Any]:
    return {"id": value.id, "name": value.name, "node": value.node, "value": value.value}


def attribute(item: Attribute) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "values": [attribute_value(v) for v in item.values]}


def product(item: Product) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "sku": item.sku, "description": item.description,
            "variants": [variant(v) for v in item.variants], "attributes": [attribute(a) for a in item.attributes]}


def product_summary(item: Product) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "sku": item.sku, "variant_ids": [v.id for v in item.variants]}


def department(item: Department) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "code": item.code, "customer_ids": sorted(c.id for c in item.customers)}


def customer(sf: Storefront, item: Customer) -> dict[str, Any]:
    return {"id": item.id, "email": item.email, "name": item.name, "department_id": item.department_id,
            "department_name": item.department.name if item.department else None, "connect_id": item.connect_id,
            "link_source": item.link_source, "linked_at": iso(item.linked_at),
            "customer_code": resolve(sf, item).to_dict()}
