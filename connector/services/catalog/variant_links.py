"""Variant mapping (reference §3.1, §2.6): link a variant to a stock item of the Connect Link
list; for a product type, fetch its sample estimate request and keep it as the template's
source; choose parts and processes (which rebuilds the template and drops hand edits); or set
the template by hand, as JSON or as mapping code."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from ...domain.mapping_code import MappingCodeError
from ...domain.records import PartOption, ProcessOption, ProductType
from ...domain.templates import build_template, check_selection, default_selection, product_type_id_of
from ...errors import Conflict, Invalid
from ...models import Storefront, Variant, VariantLink
from ..mapping_runner import MappingRunner
from ..runtime import Runtime
from .connect_link import ConnectLinkCatalog

MAX_TEMPLATE_CHARS = 65_536
EDITS_DISCARDED = ("Your manual edits to the advanced template were discarded: choosing parts and processes rebuilds "
                   "the template from Tharstern's sample request. Choose parts and processes first, then edit the "
                   "advanced template.")


def _options_snapshot(product_type: ProductType) -> dict[str, Any]:
    return {
        "parts": [{"id": p.id, "name": p.name, "is_required": p.is_required, "is_default": p.is_default}
                  for p in product_type.parts],
        "processes": [{"id": p.id, "name": p.name, "is_required": p.is_required, "is_default": p.is_default}
                      for p in product_type.processes],
    }


def _snapshot_type(link: VariantLink) -> ProductType:
    options = link.product_type_options or {"parts": [], "processes": []}
    return ProductType(
        id=link.product_type_id, name=link.product_type_name or "",
        parts=tuple(PartOption(o["id"], o["name"], o["is_required"], o["is_default"]) for o in options["parts"]),
        processes=tuple(ProcessOption(o["id"], o["name"], o["is_required"], o["is_default"]) for o in options["processes"]))


def link_variant(rt: Runtime, session: Session, sf: Storefront, variant: Variant, stock_item_id: int,
                 use_estimate_pricing: bool) -> list[str]:
    """Create or replace the variant's Connect Link; returns warnings for the admin."""
    catalog = ConnectLinkCatalog(rt, sf)
    item = catalog.find_listed(stock_item_id)
    if item is None:
        code = sf.storefront_customer_code
        raise Invalid({"stock_item_id": [
            f"stock item {stock_item_id} is not in the Connect Link list of storefront '{sf.key}': Tharstern does not "
            f"return it for the customer code {code}, or the Product Type Filter hides its type "
            "(GET connect-link/diagnose?product_type_id= explains a missing product type)"]})
    warnings: list[str] = []
    old = variant.link
    if old is not None and (old.manual_edit or old.mapping_code):
        warnings.append("The variant's previous Connect Link had manual template edits; linking again replaced them.")
    sample = options = template = None
    parts: list[int] = []
    processes: list[int] = []
    type_name = item.product_type_name
    if item.product_type_id > 0:
        product_type = catalog.product_type(item.product_type_id)
        if product_type is None:
            raise Conflict(f"Stock item {item.code} names product type {item.product_type_id}, which Tharstern does "
                           "not return (GET producttypes). Fix the stock item in Tharstern.")
        type_name = product_type.name
        if use_estimate_pricing:
            sample = catalog.client.example_request(product_type.id)
            options = _options_snapshot(product_type)
            parts, processes = default_selection(product_type)
            template = build_template(sample, parts, processes)
        else:
            warnings.append(f"Estimate pricing is off: {item.code} is priced from its unit price in Tharstern.")
    elif use_estimate_pricing:
        warnings.append(f"{item.code} has no product type (ProductTypes_ID = 0), so it cannot be priced by estimate: "
                        "it is priced from its unit price in Tharstern (a static price list).")
    if old is not None:
        session.delete(old)
        session.flush()
    variant.link = VariantLink(
        stock_item_id=item.id, stock_item_code=item.code, stock_item_description=item.description,
        stock_item_type=item.type, product_type_id=item.product_type_id, product_type_name=type_name,
        use_estimate_pricing=use_estimate_pricing, sample_request=sample, product_type_options=options,
        estimate_template=template, selected_part_ids=parts, selected_process_ids=processes,
        template_source="selection" if template is not None else None, manual_edit=False, mapping_code=None,
        linked_at=rt.clock.now())
    return warnings


def _estimate_link(variant: Variant) -> VariantLink:
    link = variant.link
    if link is None:
        raise Conflict(f"Variant {variant.id} has no Connect Link; link it to a stock item first (PUT .../link).")
    if not link.priced_by_estimate or link.sample_request is None:
        raise Conflict(f"Variant {variant.id} is not priced by estimate (its stock item {link.stock_item_code} "
                       + ("has no product type" if link.product_type_id == 0 else "is linked with estimate pricing off")
                       + "), so it has no parts, processes or estimate template.")
    return link


def choose_parts_and_processes(variant: Variant, part_ids: list[int], process_ids: list[int]) -> list[str]:
    link = _estimate_link(variant)
    problems = check_selection(_snapshot_type(link), part_ids, process_ids)
    if problems:
        raise Invalid(problems)
    warnings = [EDITS_DISCARDED] if (link.manual_edit or link.mapping_code) else []
    link.selected_part_ids = list(part_ids)
    link.selected_process_ids = list(process_ids)
    link.estimate_template = build_template(link.sample_request or {}, part_ids, process_ids)
    link.template_source = "selection"
    link.manual_edit = False
    link.mapping_code = None
    return warnings


def set_template(variant: Variant, template: dict[str, Any]) -> list[str]:
    link = _estimate_link(variant)
    size = len(json.dumps(template))
    if size > MAX_TEMPLATE_CHARS:
        raise Invalid({"template": [f"the template has {size} characters as JSON; at most {MAX_TEMPLATE_CHARS}"]})
    declared = product_type_id_of(template)
    if declared is not None and declared != link.product_type_id:
        raise Invalid({"template": [f"ProductTypeID {declared} differs from the linked product type "
                                    f"{link.product_type_id}; link another stock item to change the product type"]})
    link.estimate_template = template
    link.template_source = "manual"
    link.manual_edit = True
    link.mapping_code = None
    return ["The template was edited by hand: choosing parts and processes again will discard these edits."]


def example_context(variant: Variant, link: VariantLink, customer_code: str | None) -> dict[str, Any]:
    """What mapping code sees when it is checked on save: the template, the minimum quantity and
    each attribute's first value (pricing passes the real ones)."""
    request = json.loads(json.dumps(link.estimate_template or {}))
    quantity = next((v for k, v in request.items() if k.lower() == "quantity" and isinstance(v, int)), 1)
    firsts = [(a.name, a.values[0]) for a in variant.product.attributes if a.values]
    return {"request": request, "sample": link.sample_request or {}, "quantity": quantity,
            "customer_code": customer_code or "", "attributes": {name: value.name for name, value in firsts},
            "nodes": {name: {"node": value.node, "value": value.value} for name, value in firsts if value.node}}


def set_mapping_code(mapping: MappingRunner, variant: Variant, code: str, customer_code: str | None,
                     max_chars: int) -> list[str]:
    """Check the code on an example (in a worker process, under its limits) before keeping it."""
    link = _estimate_link(variant)
    if len(code) > max_chars:
        raise Invalid({"mapping_code": [f"mapping code has {len(code)} characters; at most {max_chars}"]})
    try:
        rendered = mapping.render(code, example_context(variant, link, customer_code))
    except MappingCodeError as error:
        raise Invalid({"mapping_code": [str(error)]}) from None
    declared = product_type_id_of(rendered)
    if declared is not None and declared != link.product_type_id:
        raise Invalid({"mapping_code": [f"the output's ProductTypeID {declared} differs from the linked product type "
                                        f"{link.product_type_id}"]})
    link.mapping_code = code
    link.template_source = "mapping_code"
    link.manual_edit = True
    return ["Mapping code is in use: choosing parts and processes again will discard it."]
