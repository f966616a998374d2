"""Estimate request templates (reference §2.6, §3.3).

Linking a variant fetches the product type's sample request; the template is that sample cut
down to the selected parts and processes. Choosing parts and processes again rebuilds it from
the sample, which discards hand edits (as Infigo warns). At pricing time the template gets the
attribute values' node mappings and the fields the connector owns.
"""
from __future__ import annotations

import copy
from typing import Any, Iterable

from .node_paths import set_node
from .records import ProductType

PART_ID_KEYS = ("ProductTypePartID", "ProductTypePartId")
PROCESS_ID_KEYS = ("ProcessTypeId", "ProcessTypeID")


def default_selection(product_type: ProductType) -> tuple[list[int], list[int]]:
    """Parts and processes ticked when a variant is first linked: the required and default ones."""
    parts = [p.id for p in product_type.parts if p.is_required or p.is_default]
    processes = [p.id for p in product_type.processes if p.is_required or p.is_default]
    return parts, processes


def check_selection(product_type: ProductType, part_ids: list[int], process_ids: list[int]) -> dict[str, list[str]]:
    """Problems with a choice of parts and processes, keyed by the field to blame."""
    errors: dict[str, list[str]] = {}
    for field, chosen, options, kind in (("part_ids", part_ids, product_type.parts, "part"),
                                         ("process_ids", process_ids, product_type.processes, "process")):
        known = {o.id: o for o in options}
        messages = []
        if len(set(chosen)) != len(chosen):
            messages.append(f"each {kind} may be chosen once")
        unknown = [i for i in chosen if i not in known]
        if unknown:
            names = ", ".join(f"{o.id} {o.name}" for o in options) or "none"
            messages.append(f"{kind} id(s) {', '.join(map(str, unknown))} are not on product type "
                            f"'{product_type.name}' (available: {names})")
        missing = [o for o in options if o.is_required and o.id not in chosen]
        for option in missing:
            messages.append(f"the {kind} '{option.name}' ({option.id}) is required by product type "
                            f"'{product_type.name}'")
        if messages:
            errors[field] = messages
    return errors


def _id_of(item: Any, keys: Iterable[str]) -> int | None:
    if not isinstance(item, dict):
        return None
    lowered = {str(k).lower(): v for k, v in item.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if value is not None:
            try:
                return int(value)
            except (TypeError, ValueError):
                return None
    return None


def _list_key(document: dict[str, Any], name: str) -> str | None:
    return next((k for k in document if isinstance(k, str) and k.lower() == name.lower()), None)


def build_template(sample: dict[str, Any], part_ids: list[int], process_ids: list[int]) -> dict[str, Any]:
    """The sample request with only the chosen parts and processes, in the sample's order."""
    template = copy.deepcopy(sample)
    for name, keys, chosen in (("Parts", PART_ID_KEYS, set(part_ids)), ("Processes", PROCESS_ID_KEYS, set(process_ids))):
        key = _list_key(template, name)
        if key is not None and isinstance(template[key], list):
            template[key] = [item for item in template[key] if _id_of(item, keys) in chosen]
    return template


def apply_node_values(request: dict[str, Any], values: list[tuple[str, Any]]) -> None:
    """Set each (node path, value) in place; raises NodePathError naming the path that does not fit."""
    for path, value in values:
        set_node(request, path, copy.deepcopy(value))


def apply_owned_fields(request: dict[str, Any], *, product_type_id: int, quantity: int, customer_code: str,
                       ignore_shipping: bool | None = None, required_date: str | None = None) -> None:
    """The fields the connector always sets: product type, quantity, customer and, when given,
    shipping and the required date."""
    # ProductTypeID and ProductTypeId are one field to Tharstern: keep one spelling so they cannot disagree
    spellings = [k for k in request if isinstance(k, str) and k.lower() == "producttypeid"]
    for extra in spellings[1:]:
        del request[extra]
    request[spellings[0] if spellings else "ProductTypeID"] = product_type_id
    set_node(request, "Quantity", quantity)
    customer_key = _list_key(request, "Customer")
    if customer_key is None or not isinstance(request[customer_key], dict):
        request[customer_key or "Customer"] = {}
    set_node(request, "Customer.Code", customer_code)
    if ignore_shipping is not None:
        set_node(request, "IgnoreShipping", ignore_shipping)
    if required_date is not None:
        set_node(request, "RequiredDateTime", required_date)


def fill_missing(request: dict[str, Any], **fields: Any) -> None:
    """Set each field (by its Tharstern name) that ``request`` does not have in any spelling."""
    for name, value in fields.items():
        if value is not None and _list_key(request, name) is None:
            request[name] = value


def product_type_id_of(template: dict[str, Any]) -> int | None:
    return _id_of(template, ("ProductTypeID",))
