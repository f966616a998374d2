"""The customer Connect Link popup (reference §4.4): the customer's current Tharstern link and
candidate Tharstern customers from a cached list (seed: newly created Tharstern customers appear
only after the cache is cleared), and setting the link by hand. When several Tharstern customers
have the customer's e-mail, ``ambiguity`` names them and the rule: the one automatic linking
chose (kept from the link), or, for a customer not linked yet, the one it would choose."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...domain.customer_match import ambiguity, choose_among, describe_ambiguity, exact_email_matches, rank_candidates
from ...domain.records import TharsternCustomer
from ...errors import Invalid
from ...models import Customer, Storefront
from ...tharstern.client import TharsternClient
from ..runtime import Runtime
from .codes import resolve


def cached_customers(rt: Runtime, sf: Storefront, client: TharsternClient):
    """Every Tharstern customer (all pages), cached for the storefront's ``cache_ttl_s``."""
    return rt.cache.get(sf.id, (client.root, "customers"), sf.behaviour.cache_ttl_s, lambda: client.customers())


def find_by_code(client: TharsternClient, code: str) -> TharsternCustomer | None:
    """A live lookup of one code (``GET customers?customerCode=``), exact in any case."""
    return next((c for c in client.customers(customer_code=code) if c.code.lower() == code.strip().lower()), None)


def popup(rt: Runtime, sf: Storefront, customer: Customer, query: str | None, limit: int) -> dict[str, Any]:
    client = rt.clients.for_storefront(sf)
    listing = cached_customers(rt, sf, client)
    ranked = rank_candidates(listing.value, customer.email, query)
    linked, status, message = None, "none", "No Tharstern customer is linked to this customer."
    if customer.connect_id:
        code = customer.connect_id
        linked = next((c for c in listing.value if c.code.lower() == code.lower()), None)
        if linked is not None:
            status, message = "found", f"Linked to the Tharstern customer {linked.code} '{linked.name}'."
        else:
            linked = find_by_code(client, code)
            if linked is not None:
                status = "not_in_cached_list"
                message = (f"Linked to {linked.code} '{linked.name}', which Tharstern has but the cached customer list "
                           "(below) does not show yet: clear the cache to see it there.")
            else:
                status = "not_found"
                message = (f"The ConnectId {code} does not exist in Tharstern. Prices and orders for this customer use "
                           "it and will fail; automatic linking will not replace it. Pick the right Tharstern customer "
                           "below, or remove the link.")
    found = customer.link_ambiguity
    if found:
        message += " " + describe_ambiguity(found)
    elif not customer.connect_id:
        found = ambiguity(choose_among(exact_email_matches(listing.value, customer.email), customer.email),
                          customer.email)
        if found:
            message += (f" Several Tharstern customers have the e-mail {found['email']}: automatic linking would "
                        f"choose {found['chosen']}, because {found['rule']}.")
    stored = datetime.fromtimestamp(listing.stored_at, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "customer_id": customer.id, "email": customer.email, "connect_id": customer.connect_id,
        "link_source": customer.link_source, "link_status": status, "message": message,
        "linked_customer": linked.summary() if linked else None,
        "customer_code": resolve(sf, customer).to_dict(), "ambiguity": found,
        "candidates": [{**c.summary(), "matches_email": matches} for c, matches in ranked[:limit]],
        "candidates_total": len(ranked), "candidates_cached_at": stored, "candidates_from_cache": listing.hit,
    }


def set_link(rt: Runtime, sf: Storefront, customer: Customer, connect_id: str | None, verify: bool) -> None:
    """Link by hand (``manual``), or unlink with None. With ``verify`` the code must exist in Tharstern."""
    if connect_id is None:
        customer.connect_id = customer.link_source = customer.linked_at = customer.link_ambiguity = None
        return
    code = connect_id.strip()
    if verify:
        code = verified_code(rt, sf, code, "connect_id")
    customer.connect_id = code
    customer.link_source = "manual"
    customer.linked_at = rt.clock.now()
    customer.link_ambiguity = None


def verified_code(rt: Runtime, sf: Storefront, code: str, field: str) -> str:
    """The code as Tharstern spells it, or 422 on ``field`` when Tharstern has no such customer
    (a customer's Connect Link and a department's code are checked alike)."""
    found = find_by_code(rt.clients.for_storefront(sf), code.strip())
    if found is None:
        raise Invalid({field: [f"Tharstern has no customer with the code '{code.strip()}'; to store it anyway, "
                               "turn off the check that Tharstern has it (verify: false)"]})
    return found.code
