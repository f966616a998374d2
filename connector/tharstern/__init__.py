"""The only place that speaks HTTP to Tharstern.

``TharsternClient`` (one per storefront connection, built by ``ClientFactory``) builds every URL,
authenticates with a cached token, binds the storefront's outgoing IP, retries idempotent calls,
reads answers case-insensitively into ``connector.domain.records`` and turns every failure into a
``TharsternError`` subclass. Nothing here logs a password or a token.
"""
from .client import TharsternClient
from .errors import TharsternError
from .factory import ClientFactory

__all__ = ["TharsternClient", "TharsternError", "ClientFactory"]
