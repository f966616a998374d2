"""List answers: ``{"Items": [...], "TotalItemCount": n}`` paged by row offset.

``paging_startIndex`` is a 0-based row offset [I] (a public client passes what looks like a page
number; the quirk ``paging_start_index_is_page`` switches to that reading).
"""
from __future__ import annotations

from typing import Any, Sequence

DEFAULT_PAGE = 50
MAX_PAGE = 500


def window(start_index: int | None, number: int | None, *, start_is_page: bool = False) -> tuple[int, int]:
    """The rows ``[start, stop)`` a page asks for."""
    number = DEFAULT_PAGE if number is None else number
    start = (start_index or 0) * (number if start_is_page else 1)
    return start, start + number


def page(items: Sequence[Any], start_index: int | None, number: int | None, *, start_is_page: bool = False) -> dict[str, Any]:
    start, stop = window(start_index, number, start_is_page=start_is_page)
    return {"Items": list(items[start:stop]), "TotalItemCount": len(items)}


def sort_items(items: list[dict[str, Any]], column: str | None, direction: str | None, allowed: dict[str, str]) -> list[dict[str, Any]]:
    """Sort by one of ``allowed`` (query name, any case -> field). Unknown columns keep ID order."""
    field = allowed.get((column or "").lower())
    reverse = (direction or "").lower() == "descending"
    if field is None:
        return sorted(items, key=lambda i: i["ID"], reverse=reverse) if reverse else items
    return sorted(items, key=lambda i: (str(i.get(field) or "").lower(), i["ID"]) if field != "ID" else i["ID"], reverse=reverse)
