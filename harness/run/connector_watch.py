"""When the connector's reset can be left out: what the harness knows of the in-process connector
since its last reset.

The runner resets the connector before every scenario, yet most scenarios never use it. A reset
is left out only when nothing can have changed the connector since the last one: that reset was
to the same fixture, under ``KEPT_FOR_S`` ago, and since then nobody has sent it a request. The
harness is the only one that knows the in-process connector's address (a port the OS picked), so
every request that could reach it, or let another server reach it, passes the harness first:

- a request to the connector (whatever it is: a clock step, a read that fills a cache);
- a request to the fake that mentions the connector's port anywhere (URL, query, body, headers):
  a webhook subscription to ``{connector_url}`` makes the fake call the connector later.

Anything else cannot reach it, and its background work (the outbox, imports) only ever starts
from a request. Once the fake has been told the address, the connector's next reset does not
count as a clean one: it comes before the fake's (so that the connector's leftovers do not reach
the fake), and a delivery may land between the two; the fake's reset removes the subscriptions
and waits for a delivery in flight, so the reset after that one counts again. Whoever hands the connector's address to other code (the Python API does) calls
``share()``, and from then on every scenario resets it. A mention that is only a coincidence (the
port's digits in some body) costs one reset, never a stale state. Only ``LocalServers`` keeps a
watch, and only when both servers are its own: a connector elsewhere (``--live``) may have other
clients.
"""
from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

KEPT_FOR_S = 30.0  # the connector's demo data carries times relative to its reset: never older than this


class ConnectorWatch:
    def __init__(self) -> None:
        self.port_text: str | None = None
        self.fixture: str | None = None  # what the connector holds untouched since its last reset; None: unknown
        self.reset_at = 0.0
        self.shared = False
        self.fake_knows = False  # the fake was told the address since its last reset

    def started(self, root: str) -> None:
        """The connector now answers at ``root``; what it holds is not known until a reset."""
        self.port_text = str(urlsplit(root).port)
        self.fixture = None

    def share(self) -> None:
        """Its address was handed to other code: it may be called by anyone from now on."""
        self.shared = True
        self.fixture = None

    def holds(self, fixture: str) -> bool:
        """Whether the connector is as its last reset to ``fixture`` left it, recently enough."""
        return (not self.shared and self.fixture == fixture
                and time.monotonic() - self.reset_at < KEPT_FOR_S)

    def was_reset(self, fixture: str) -> None:
        """The connector answered its reset to ``fixture``."""
        if not self.shared and not self.fake_knows:
            self.fixture, self.reset_at = fixture, time.monotonic()

    def fake_was_reset(self) -> None:
        """The fake answered its reset: no subscription, no delivery in flight."""
        self.fake_knows = False

    def note_request(self, side: str, url: str, *parts: Any) -> None:
        """Before the harness sends a request: does it reach the connector, or tell its address?"""
        if side == "connector":
            self.fixture = None
        elif not self.fake_knows and self._mentions(url, *parts):
            # looked for even when the connector is already due a reset: that reset is no clean one
            # if the fake can still call it between the two resets
            self.fixture, self.fake_knows = None, True

    def _mentions(self, *parts: Any) -> bool:
        if self.port_text is None:
            return True
        return any(part is not None and self.port_text in (part if isinstance(part, str) else repr(part))
                   for part in parts)
