"""Which Tharstern customer code an estimate or order uses (reference §4, DESIGN.md §4).

Order: the customer's own link (``connect_id``; typed in the Connect Link popup, or set by
automatic linking) → the department's code → automatic link-or-create by e-mail (only at order
placement, when ``use_external_id_as_customer_code`` is on) → the storefront customer code.
Resolving has no side effects: a customer whom automatic linking has not reached yet gets the
storefront default, and the explanation says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .customer_match import describe_ambiguity


@dataclass(frozen=True)
class CustomerFacts:
    """What resolution needs to know about a storefront customer."""
    email: str
    connect_id: str | None = None
    link_source: str | None = None  # manual | auto_linked | auto_created
    linked_at: datetime | None = None
    department_name: str | None = None
    department_code: str | None = None
    link_ambiguity: dict[str, Any] | None = None  # candidates and rule when linked among several


@dataclass(frozen=True)
class Resolution:
    code: str | None
    rule: str
    explanation: str
    ambiguity: dict[str, Any] | None = None  # {email, chosen, rule, candidates[{code, name, id, matched_on}]}

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``{code, rule, explanation}``, plus ``ambiguity`` when there was a choice."""
        body: dict[str, Any] = {"code": self.code, "rule": self.rule, "explanation": self.explanation}
        if self.ambiguity:
            body["ambiguity"] = self.ambiguity
        return body


def _when(moment: datetime | None) -> str:
    return f" on {moment.strftime('%Y-%m-%d %H:%M')} UTC" if moment else ""


def resolve_customer_code(customer: CustomerFacts | None, storefront_code: str | None, *,
                          auto_link: bool) -> Resolution:
    default = (storefront_code or "").strip() or None
    if customer is None:
        return _storefront_default(default, "No customer was given (an anonymous shopper)")
    if customer.connect_id:
        code = customer.connect_id
        if customer.link_source == "auto_linked":
            explanation = (f"{customer.email} was linked automatically to the Tharstern customer {code}, found by "
                           f"e-mail at their first order{_when(customer.linked_at)}.")
            found = customer.link_ambiguity
            if found:
                explanation += " " + describe_ambiguity(found)
            return Resolution(code, "auto_linked", explanation, found or None)
        if customer.link_source == "auto_created":
            return Resolution(code, "auto_created", f"No Tharstern customer had the e-mail {customer.email}, so "
                              f"{code} was created in Tharstern and linked at their first order{_when(customer.linked_at)}.")
        return Resolution(code, "customer_link", f"{customer.email} has their own Connect Link to the Tharstern "
                          f"customer {code}, which comes before department and storefront codes.")
    if customer.department_code:
        return Resolution(customer.department_code, "department", f"{customer.email} has no link of their own and "
                          f"belongs to the department '{customer.department_name}', linked to {customer.department_code}.")
    if customer.department_name:
        reason = (f"{customer.email} has no link of their own and their department '{customer.department_name}' "
                  "has no Tharstern code")
    else:
        reason = f"{customer.email} has no link of their own and no department"
    if auto_link:
        reason += ("; automatic linking by e-mail is on but runs at order placement, so the storefront default "
                   "applies until their first order links or creates their Tharstern customer")
    return _storefront_default(default, reason)


def _storefront_default(code: str | None, reason: str) -> Resolution:
    if code is None:
        return Resolution(None, "storefront_default", f"{reason}, and the storefront has no customer code set: "
                          "set storefront_customer_code in the connection settings.")
    return Resolution(code, "storefront_default", f"{reason}, so the storefront customer code {code} applies.")
