"""Orders while Tharstern cannot be asked (docs/connector.md, "Orders while Tharstern is down").

Placement asks Tharstern three things: the customer's code (automatic linking at the first
order), fresh stock items (tax rate, order limits, stock) and each line's price. When it cannot
be asked, an order is still taken if nothing in it needs Tharstern's answer — every line priced
from what the storefront knows (its own price, or Tharstern's price list while the connector's
cached copy is fresh), no stock that Tharstern keeps, no customer to link — and queued in the
outbox, which sends it when Tharstern answers again. Otherwise it is refused (502, 504 on a
timeout) and nothing is stored; the refusal names every line that needs Tharstern and why,
which lines could be ordered now on their own, and what the shopper can do [I].
"""
from __future__ import annotations

from typing import Any

from ...domain.orders import is_stock_line, offline_need
from ...domain.records import StockItem
from ...errors import ConnectorError
from ...models import Storefront
from ...tharstern.errors import TharsternError
from ..catalog.connect_link import ConnectLinkCatalog
from ..runtime import Runtime

SHOPPER_ADVICE = ("Nothing of the order was stored and nothing was charged. Please try again in a few minutes, or "
                  "contact the shop to order by phone or e-mail.")
LINKING = ("your account is connected to a Tharstern customer at your first order, which needs Tharstern")


class TharsternDown(ConnectorError):
    """An order refused because what it needs from Tharstern cannot be had now."""

    def __init__(self, error: TharsternError, needs: dict[str, str], line_count: int) -> None:
        self.status = error.http_status
        why = "; ".join(f"{_label(field)} {reason}" for field, reason in needs.items())
        could = [n + 1 for n in range(line_count) if f"lines.{n}" not in needs]
        alone = ""
        if could and "customer_id" not in needs:
            alone = f" Line(s) {', '.join(map(str, could))} could be ordered now on their own."
        message = (f"Tharstern cannot be asked right now ({error.problem}: {error.cause}), and this order needs it: "
                   f"{why}.{alone} {SHOPPER_ADVICE}")
        errors: dict[str, Any] = {field: [reason] for field, reason in needs.items()}
        errors.update({"tharstern": error.to_dict(), "advice": [SHOPPER_ADVICE]})
        super().__init__(message, errors)


def _label(field: str) -> str:
    return "the customer:" if field == "customer_id" else f"line {int(field.split('.')[1]) + 1}:"


def cached_stock_items(rt: Runtime, sf: Storefront) -> dict[int, StockItem]:
    """The storefront code's stock items as the connector last read them, if still cached."""
    catalog = ConnectLinkCatalog(rt, sf)
    found = rt.cache.peek(sf.id, (catalog.client.root, "stock_items", catalog.code.lower()))
    return {item.id: item for item in (found.value if found is not None else [])}


def line_needs(sf: Storefront, lines: list, known: dict[int, StockItem]) -> dict[str, str]:
    """``lines.N`` → why that line needs Tharstern, for the lines that do."""
    behaviour = sf.behaviour
    needs = {}
    for n, line in enumerate(lines):
        link = line.variant.link
        item = known.get(link.stock_item_id)
        stock_line = (is_stock_line(item, priced_by_estimate=link.priced_by_estimate) if item is not None
                      else not link.priced_by_estimate and link.product_type_id == 0)
        reason = offline_need(handles_pricing=behaviour.handles_pricing, handles_stock=behaviour.handles_stock,
                              priced_by_estimate=link.priced_by_estimate, stock_line=stock_line)
        if reason:
            needs[f"lines.{n}"] = reason
    return needs
