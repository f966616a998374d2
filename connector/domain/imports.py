"""Pressero's naming of imported Tharstern products (seed 002): the part number is
``ExternalUserID-TharsternProductID`` (``117-12345``; the public part number starts the same),
the pricing engine's MIS product id ``ExternalUserID-TharsternProductID-SiteDomain``; at most
50 products per import page."""
from __future__ import annotations

MAX_PER_IMPORT = 50


def part_number(external_user_id: str, stock_item_id: int) -> str:
    return f"{external_user_id}-{stock_item_id}"


def mis_product_id(external_user_id: str, stock_item_id: int, site: str) -> str:
    return f"{external_user_id}-{stock_item_id}-{site}"


def normalise_site(site: str) -> str:
    """A site as its domain: no scheme, no path, lower case (``https://Shop.example.com/`` →
    ``shop.example.com``)."""
    text = site.strip().lower()
    for prefix in ("https://", "http://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text.split("/", 1)[0]
