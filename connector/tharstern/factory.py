"""``ClientFactory``: builds a ``TharsternClient`` for a storefront's connection settings,
sharing the app's HTTP sessions and token cache; the stored password is opened only here."""
from __future__ import annotations

from typing import Callable

from .client import ClientOptions, ConnectionSettings, TharsternClient
from .tokens import TokenCache
from .transport import HttpSessions


class ConnectionIncomplete(ValueError):
    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__("connection settings incomplete: " + ", ".join(missing))


class ClientFactory:
    def __init__(self, sessions: HttpSessions, tokens: TokenCache, options: ClientOptions,
                 open_password: Callable[[str | None], str | None]) -> None:
        self.sessions = sessions
        self.open_password = open_password
        self.tokens = tokens
        self.options = options

    def for_settings(self, settings: ConnectionSettings) -> TharsternClient:
        return TharsternClient(settings, self.sessions.for_source(settings.outgoing_ip), self.tokens, self.options)

    def for_storefront(self, storefront) -> TharsternClient:
        missing = storefront.missing_connection_fields()
        password = self.open_password(storefront.password_sealed)
        if password is None and "password" not in missing:
            missing.append("password")  # sealed with another key: it has to be entered again
        if missing or password is None:
            raise ConnectionIncomplete(missing)
        return self.for_settings(ConnectionSettings(
            api_url=storefront.api_url, email=storefront.email, password=password,
            application_id=storefront.application_id, outgoing_ip=storefront.outgoing_ip or "127.0.0.1"))
