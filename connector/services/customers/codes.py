"""The customer-code rule applied to stored customers (``connector.domain.customer_codes``)."""
from __future__ import annotations

from ...domain.customer_codes import CustomerFacts, Resolution, resolve_customer_code
from ...models import Customer, Storefront


def facts(customer: Customer) -> CustomerFacts:
    department = customer.department
    return CustomerFacts(email=customer.email, connect_id=customer.connect_id, link_source=customer.link_source,
                         linked_at=customer.linked_at, department_name=department.name if department else None,
                         department_code=(department.code or None) if department else None,
                         link_ambiguity=customer.link_ambiguity)


def resolve(sf: Storefront, customer: Customer | None) -> Resolution:
    return resolve_customer_code(facts(customer) if customer else None, sf.storefront_customer_code,
                                 auto_link=sf.behaviour.use_external_id_as_customer_code)
