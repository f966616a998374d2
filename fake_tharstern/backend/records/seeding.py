"""Applying a seed (``POST /_fake/seed``, and every fixture) to the state.

A seed is ``{"users", "customers", "productTypes", "products"}`` in the API's field names.
Entities replace ones already there with the same key (users by e-mail, customers and stock items
by code, product types by ID) and keep their ID unless the seed gives one. All problems in the
whole seed are reported at once with paths such as ``products[2].Code``; nothing is applied then.
"""
from __future__ import annotations

from typing import Any

from ..errors import ModelStateError
from .entities import make_customer, make_product, make_product_type, make_user, raise_if
from .state import State

SEED_KEYS = ("fixture", "seed", "users", "customers", "productTypes", "products", "allowlist")


def check_seed_keys(payload: Any) -> None:
    if not isinstance(payload, dict):
        raise ModelStateError.single("body", "a seed must be a JSON object")
    lowered = {k.lower(): k for k in SEED_KEYS}
    unknown = [k for k in payload if k.lower() not in lowered]
    if unknown:
        raise ModelStateError({k: [f"unknown key; a seed takes {', '.join(SEED_KEYS)}"] for k in unknown})
    for key in ("users", "customers", "productTypes", "products"):
        value = next((v for k, v in payload.items() if k.lower() == key.lower()), None)
        if value is not None and not isinstance(value, list):
            raise ModelStateError.single(key, "must be a list")


def entity_lists(payload: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: next((v for k, v in payload.items() if k.lower() == key.lower()), []) or []
            for key in ("users", "customers", "productTypes", "products")}


def apply_seed(state: State, payload: dict[str, Any]) -> dict[str, int]:
    """Validate the whole seed against ``state``, then apply it. Returns counts applied."""
    lists = entity_lists(payload)
    errors: dict[str, list[str]] = {}
    work = _Workspace(state)

    users = [make_user(u, f"users[{n}]", errors, work.user_id(u)) for n, u in enumerate(lists["users"])]
    types = [make_product_type(t, f"productTypes[{n}]", errors, work.type_id(t), lambda: state.next_id("part"))
             for n, t in enumerate(lists["productTypes"])]
    known_types = {**state.product_types, **{t["ID"]: t for t in types if isinstance(t["ID"], int)}}
    customers = [make_customer(c, f"customers[{n}]", errors, work.customer_id(c), lambda: state.next_id("contact"))
                 for n, c in enumerate(lists["customers"])]
    products = [make_product(p, f"products[{n}]", errors, work.product_id(p), known_types)
                for n, p in enumerate(lists["products"])]
    _check_unique(customers, "customers", "Code", errors)
    _check_unique(products, "products", "Code", errors)
    _check_unique(types, "productTypes", "ID", errors)
    raise_if(errors)

    for user in users:
        state.users[user["Email"].lower()] = user
        state.reserve_id("user", user["UserId"])
    for product_type in types:
        state.product_types[product_type["ID"]] = product_type
        state.reserve_id("product_type", product_type["ID"])
        for part in product_type["Parts"]:
            state.reserve_id("part", part["ID"])
    for customer in customers:
        old = state.customer_by(customer["Code"])
        if old is not None and old["ID"] != customer["ID"]:
            del state.customers[old["ID"]]
        state.customers[customer["ID"]] = customer
        state.reserve_id("customer", customer["ID"])
        for contact in customer["Contacts"]:
            state.reserve_id("contact", contact["ID"])
    for product, visible in products:
        old = state.product_by(product["Code"])
        if old is not None and old["ID"] != product["ID"]:
            del state.products[old["ID"]]
            state.hidden_products.discard(old["ID"])
        state.products[product["ID"]] = product
        (state.hidden_products.discard if visible else state.hidden_products.add)(product["ID"])
        state.reserve_id("product", product["ID"])
    state.reindex()
    return {"users": len(users), "customers": len(customers), "productTypes": len(types), "products": len(products)}


class _Workspace:
    """Chooses IDs for seeded entities: the seed's own, the replaced entity's, or a new one."""

    def __init__(self, state: State) -> None:
        self.state = state

    @staticmethod
    def _given(data: Any, key: str) -> Any:
        if isinstance(data, dict):
            return next((v for k, v in data.items() if k.lower() == key.lower()), None)
        return None

    def _reuse_or_new(self, data: Any, kind: str, existing: dict[str, Any] | None, id_key: str = "ID") -> int:
        given = self._given(data, id_key)
        if isinstance(given, int) and not isinstance(given, bool) and given > 0:
            return given
        if existing is not None:
            return int(existing[id_key])
        return self.state.next_id(kind)

    def user_id(self, data: Any) -> int:
        email = self._given(data, "Email")
        existing = self.state.users.get(email.lower()) if isinstance(email, str) else None
        return self._reuse_or_new(data, "user", existing, "UserId")

    def type_id(self, data: Any) -> int:
        return self._reuse_or_new(data, "product_type", None)

    def customer_id(self, data: Any) -> int:
        code = self._given(data, "Code")
        return self._reuse_or_new(data, "customer", self.state.customer_by(code) if isinstance(code, str) else None)

    def product_id(self, data: Any) -> int:
        code = self._given(data, "Code")
        return self._reuse_or_new(data, "product", self.state.product_by(code) if isinstance(code, str) else None)


def _check_unique(items: list[Any], path: str, key: str, errors: dict[str, Any]) -> None:
    seen: dict[Any, int] = {}
    for n, item in enumerate(items):
        entity = item[0] if isinstance(item, tuple) else item
        value = entity.get(key)
        if value in (None, ""):
            continue
        marker = value.lower() if isinstance(value, str) else value
        if marker in seen:
            errors.setdefault(f"{path}[{n}].{key}", []).append(f"duplicates {path}[{seen[marker]}]")
        else:
            seen[marker] = n
