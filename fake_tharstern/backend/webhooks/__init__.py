"""Outbound webhooks of the fake [I]: subscriptions, signed events, a background dispatcher
with retries, dead-lettering and injectable delivery faults. See ``hub`` for how the pieces fit
and docs/fake-vs-real.md ("Jobs and webhooks") for what is invented."""
from .delivery_faults import KINDS as FAULT_KINDS
from .events import EVENTS, Event, EventFactory, signature_headers
from .hub import WebhookHub
from .policy import WebhookPolicy

__all__ = ["EVENTS", "Event", "EventFactory", "FAULT_KINDS", "WebhookHub", "WebhookPolicy", "signature_headers"]
