"""``ClientFactory``: builds a ``TharsternClient`` for a storefront's connection settings,
sharing the app's HTTP sessions and token cache."""
from __future__ import annotations

from .client import ClientOptions, ConnectionSettings, TharsternClient
from .tokens import TokenCache
from .transport import HttpSessions


class ConnectionIncomplete(ValueError):
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__("connection settings incomplete: " + ", ".join(missing))


class ClientFactory:
    def __init__(self, sessions: HttpSessions, tokens: TokenCache, options: ClientOptions) -> None:
        self.sessions = sessions
        self.tokens = tokens
        self.options = options

    def for_settings(self, settings: ConnectionSettings) -> TharsternClient:
        return TharsternClient(settings, self.sessions.for_source(settings.outgoing_ip), self.tokens, self.options)

    def for_storefront(self, storefront) -> TharsternClient:
        missing = storefront.missing_connection_fields()
        if missing:
            raise ConnectionIncomplete(missing)
        return self.for_settings(ConnectionSettings(
            api_url=storefront.api_url, email=storefront.email, password=storefront.password,
            application_id=storefront.application_id, outgoing_ip=storefront.outgoing_ip or "127.0.0.1"))
