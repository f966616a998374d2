"""Automatic link-or-create of Tharstern customers by e-mail ("Use ExternalId as CustomerCode";
seed "automatically link Tharstern customers"; reference §4.4).

Runs at order placement (``POST /orders``, issue 5, calls ``link_or_create`` before it resolves
the customer code). With the setting on, a customer without a link of their own and without a
department code is searched for in Tharstern by e-mail (``GET customers?keyword=``, then an
exact match ignoring case on ``ContactEmail`` or any contact's e-mail); a match is linked — among
several, the one ``domain.customer_match.CHOICE_RULE`` puts first, and the link keeps every
candidate and the rule (``link_ambiguity``) for the answers to show — else
a Tharstern customer is created (``POST customers/create``) and linked. The link is stored at
once. A lock per customer, held in the app, makes concurrent orders of one customer wait for
each other, so a customer is never created twice within one connector process; on a database
shared by several processes (PostgreSQL) the customer's row is also read ``FOR UPDATE`` and held
until the link is stored, so another process's order of that customer waits and then finds it
linked. A customer
who already has a ConnectId is never re-linked; when that ConnectId does not exist in Tharstern
the outcome says so (``connect_id_not_found``) instead of replacing it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ...domain.customer_codes import Resolution
from ...domain.customer_match import ambiguity, choose_among, describe_ambiguity, exact_email_matches
from ...domain.records import TharsternCustomer
from ...errors import NotFound
from ...models import Customer, Storefront
from ...tharstern.errors import TharsternError
from ..runtime import Runtime
from .codes import resolve
from .popup import find_by_code

log = logging.getLogger("connector.customers")


@dataclass(frozen=True)
class LinkOutcome:
    customer_id: int
    action: str
    resolution: Resolution
    message: str
    tharstern_customer: TharsternCustomer | None = None

    @property
    def code(self) -> str | None:
        return self.resolution.code

    def to_dict(self) -> dict[str, Any]:
        return {"customer_id": self.customer_id, "action": self.action, "message": self.message,
                "customer_code": self.resolution.to_dict(),
                "tharstern_customer": self.tharstern_customer.summary() if self.tharstern_customer else None}


def link_or_create(rt: Runtime, storefront_id: int, customer_id: int) -> LinkOutcome:
    """Link or create the customer's Tharstern customer if the rules say so; raises
    ``TharsternError`` when Tharstern cannot be asked for a customer still to link (nothing is
    stored then). An existing link is checked in Tharstern when it can be, and stands when not."""
    with rt.customer_locks.hold(("customer-link", storefront_id, customer_id)):
        with rt.store.sessions() as session:
            sf = session.get(Storefront, storefront_id)
            shared = not rt.store.is_sqlite
            customer = session.get(Customer, customer_id, with_for_update=shared)
            if sf is None or customer is None or customer.storefront_id != storefront_id:
                raise NotFound(f"There is no customer {customer_id} in storefront {storefront_id}.")
            outcome = _decide(rt, sf, customer)
            if outcome is not None:
                return outcome
            if not shared:
                session.commit()  # end the read before calling Tharstern; loaded objects stay usable
            client = rt.clients.for_storefront(sf)
            matches = choose_among(exact_email_matches(client.customers(keyword=customer.email.strip()), customer.email),
                                   customer.email)
            found = ambiguity(matches, customer.email)
            if matches:
                chosen, action, source = matches[0], "linked", "auto_linked"
                message = (f"Found the Tharstern customer {chosen.code} '{chosen.name}' by e-mail and linked it."
                           + (" " + describe_ambiguity(found) if found else ""))
            else:
                chosen = client.create_customer(name=customer.name, email=customer.email.strip(), contact=customer.name)
                action, source = "created", "auto_created"
                message = (f"No Tharstern customer has the e-mail {customer.email}; created {chosen.code} "
                           f"'{chosen.name}' and linked it.")
            customer.connect_id = chosen.code
            customer.link_source = source
            customer.linked_at = rt.clock.now()
            customer.link_ambiguity = found
            session.commit()
            log.info("Customer %s of storefront %s: %s Tharstern customer %s", customer.id, sf.key, action, chosen.code)
            return LinkOutcome(customer.id, action, resolve(sf, customer), message, chosen)


def _decide(rt: Runtime, sf: Storefront, customer: Customer) -> LinkOutcome | None:
    """The outcome when nothing is to be linked, else None."""
    resolution = resolve(sf, customer)
    if not sf.behaviour.use_external_id_as_customer_code:
        return LinkOutcome(customer.id, "disabled", resolution,
                           "Automatic linking (use_external_id_as_customer_code) is off.")
    if customer.connect_id:
        code = customer.connect_id
        try:
            known = find_by_code(rt.clients.for_storefront(sf), code)
        except TharsternError as error:  # only a check: the link stands, and an order can still be taken
            return LinkOutcome(customer.id, "already_linked", resolution,
                               f"Already linked to {code} (not checked: Tharstern could not be asked, {error.cause}).")
        if known is None:
            return LinkOutcome(customer.id, "connect_id_not_found", resolution,
                               f"The customer already has the ConnectId {code}, which does not exist in Tharstern. "
                               "Automatic linking does not replace an existing ConnectId: correct it in the Connect "
                               "Link popup.")
        return LinkOutcome(customer.id, "already_linked", resolution,
                           f"Already linked to {known.code} '{known.name}'.", known)
    if resolution.rule == "department":
        return LinkOutcome(customer.id, "department", resolution,
                           "The customer's department has a Tharstern code, which comes before automatic linking.")
    return None
