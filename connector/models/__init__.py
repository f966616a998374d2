"""The connector's persistent state (SQLAlchemy 2, declarative, typed).

One module per area: storefronts and their settings, the storefront catalog with its Connect
Links, departments and customers. Orders, the outbox, received webhook events and imports
(issue 5) get their own modules here and hang off ``Storefront`` the same way.
"""
from .base import Base
from .catalog import Attribute, AttributeValue, Product, Variant, VariantLink
from .customers import Customer, Department
from .storefront import Storefront

__all__ = ["Base", "Storefront", "Product", "Variant", "VariantLink", "Attribute", "AttributeValue",
           "Department", "Customer"]
