"""Start a storefront over from scratch, for a class that walks the pathway again: what the
pathway sets is undone and what it made is removed, while the storefront's own catalog and
people stay for the class to map.

Undone: the connection settings (and the last Check Connection, cached Tharstern data), the
behaviours (back to their defaults), every variant's Connect Link, every attribute value's
mapping, departments' Tharstern codes and customers' ConnectIds. Removed: orders (with their
lines and outbox submissions), received webhook events and refusals, the webhook subscription
record, and Pressero imports with the products they created. Refused (409) while an order still
waits in the outbox to be sent, so nothing being sent is pulled from under the outbox.
"""
from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..domain.behaviour import Behaviour
from ..errors import Conflict
from ..models import (Attribute, AttributeValue, Customer, Department, Import, ImportedProduct, Order, Product,
                      Storefront, Submission, Variant, VariantLink, WebhookEvent, WebhookRefusal,
                      WebhookSubscription)
from ..models.storefront import DEFAULT_OUTGOING_IP
from .runtime import Runtime

CONNECTION_FIELDS = ("api_url", "email", "password_sealed", "application_id", "storefront_customer_code")


def start_over(rt: Runtime, session: Session, sf: Storefront) -> dict[str, int]:
    waiting = session.scalars(select(Submission.id).where(Submission.storefront_id == sf.id,
                                                          Submission.state.in_(("pending", "sending")))).all()
    if waiting:
        raise Conflict(f"{len(waiting)} submission(s) of storefront '{sf.key}' still wait in the outbox; let them be "
                       "sent (or fail) before starting over.")
    products = select(Product.id).where(Product.storefront_id == sf.id)
    variants = select(Variant.id).where(Variant.product_id.in_(products))
    imported = session.scalars(select(ImportedProduct.product_id).where(ImportedProduct.storefront_id == sf.id)).all()
    counts = {
        "connect_links": session.execute(delete(VariantLink).where(VariantLink.variant_id.in_(variants))).rowcount,  # type: ignore[attr-defined]  # a DML result has rowcount
        "attribute_mappings": session.execute(  # type: ignore[attr-defined]  # a DML result has rowcount
            update(AttributeValue).where(AttributeValue.attribute_id.in_(
                select(Attribute.id).where(Attribute.product_id.in_(products))), AttributeValue.node.is_not(None))
            .values(node=None, value=None)).rowcount,
        "department_codes": session.execute(update(Department).where(  # type: ignore[attr-defined]  # a DML result has rowcount
            Department.storefront_id == sf.id, Department.code.is_not(None)).values(code=None)).rowcount,
        "customer_links": session.execute(update(Customer).where(  # type: ignore[attr-defined]  # a DML result has rowcount
            Customer.storefront_id == sf.id, Customer.connect_id.is_not(None))
            .values(connect_id=None, link_source=None, linked_at=None)).rowcount,
        "orders": 0,
        "webhook_events": session.execute(delete(WebhookEvent).where(WebhookEvent.storefront_id == sf.id)).rowcount,  # type: ignore[attr-defined]  # a DML result has rowcount
        "webhook_refusals": session.execute(delete(WebhookRefusal).where(  # type: ignore[attr-defined]  # a DML result has rowcount
            WebhookRefusal.storefront_id == sf.id)).rowcount,
        "imports": 0,
        "imported_products": len(imported),
    }
    for job in session.scalars(select(Import).where(Import.storefront_id == sf.id)):
        session.delete(job)  # its items go with it
        counts["imports"] += 1
    for order in session.scalars(select(Order).where(Order.storefront_id == sf.id)):
        session.delete(order)  # lines and submissions go with it
        counts["orders"] += 1
    session.execute(delete(WebhookSubscription).where(WebhookSubscription.storefront_id == sf.id))
    session.execute(delete(ImportedProduct).where(ImportedProduct.storefront_id == sf.id))
    for product in session.scalars(select(Product).where(Product.id.in_(imported))):
        session.delete(product)
    for name in CONNECTION_FIELDS:
        setattr(sf, name, None)
    sf.outgoing_ip = DEFAULT_OUTGOING_IP
    sf.behaviour = Behaviour()
    session.commit()
    rt.forget_connection_state(sf.id)
    return counts
