"""Whether an attribute value's mapping fits the estimate templates of its product's variants.

A mapped node that a linked variant's template does not have means pricing that variant with
this value will fail; the REST answer warns of it and the admin pages show it.
"""
from __future__ import annotations

import copy

from ...domain.node_paths import NodePathError, set_node
from ...models import AttributeValue, Variant


def misfits(value: AttributeValue) -> list[tuple[Variant, str]]:
    """Each linked variant of the value's product whose template the value's node does not fit,
    with why."""
    if value.node is None:
        return []
    found = []
    for variant in value.attribute.product.variants:
        template = variant.link.estimate_template if variant.link else None
        if template is None:
            continue
        try:
            set_node(copy.deepcopy(template), value.node, value.value)
        except NodePathError as error:
            found.append((variant, str(error)))
    return found
