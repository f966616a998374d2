"""The connector's persistent state (SQLAlchemy 2, declarative, typed).

One module per area: storefronts and their settings, the storefront catalog with its Connect
Links, departments and customers, orders with their lines and the outbox of submissions,
webhook subscriptions and received events, Pressero-style imports.
"""
from .base import Base
from .catalog import Attribute, AttributeValue, Product, Variant, VariantLink
from .customers import Customer, Department
from .imports import Import, ImportedProduct, ImportItem
from .orders import Order, OrderLine, Submission
from .storefront import Storefront
from .webhooks import WebhookEvent, WebhookRefusal, WebhookSubscription

__all__ = ["Base", "Storefront", "Product", "Variant", "VariantLink", "Attribute", "AttributeValue",
           "Department", "Customer", "Order", "OrderLine", "Submission", "WebhookSubscription", "WebhookEvent",
           "WebhookRefusal", "Import", "ImportItem", "ImportedProduct"]
