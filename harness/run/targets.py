"""Where a step's request goes: the rules that turn ``connector: POST /customers`` and
``tharstern: GET products`` into URLs (documented in docs/scenarios.md).

Connector: a path whose first segment starts with ``_`` or is one of ``CONNECTOR_ROOT_SEGMENTS``
(``/_control/reset``, ``/webhooks/tharstern/default``, ``/openapi.json``, ``/api/...``) is taken
from the connector's root; any other path is under the storefront API
``/api/storefronts/{storefront}`` (``/customers`` → ``/api/storefronts/default/customers``).

Tharstern: a path without a leading ``/`` is under the faked API ``{base}/api/``
(``products`` → ``/TharsternAPI/api/products``); a path with one is from the fake's root
(``/_fake/journal``, ``/TharsternAPI/api/products``).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

CONNECTOR_ROOT_SEGMENTS = ("api", "webhooks", "openapi.json", "docs", "admin", "static", "health", "")
DEFAULT_BASE_PATH = "/TharsternAPI"


class NoConnector(RuntimeError):
    """A step needs the connector, and none is running."""


@dataclass
class Targets:
    tharstern_root: str
    base_path: str = DEFAULT_BASE_PATH
    connector_root: str | None = None
    harness_ip: str | None = None  # the address the harness calls the fake from, when it binds one

    @property
    def tharstern_api_url(self) -> str:
        return self.tharstern_root + self.base_path

    @property
    def api_prefix(self) -> str:
        return f"{self.base_path}/api/"

    def tharstern(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        if path.startswith("/"):
            return self.tharstern_root + path
        return self.tharstern_root + self.api_prefix + path

    def is_tharstern_api(self, url: str) -> bool:
        """Whether a URL is on the faked API (needs a token), not the control plane or docs."""
        root_path = urlsplit(self.tharstern_root).path  # /t/{tenant} on a shared fake
        return urlsplit(url).path.lower().startswith((root_path + self.api_prefix).lower())

    def connector(self, path: str, storefront: str = "default") -> str:
        if self.connector_root is None:
            raise NoConnector("no connector is running")
        if path.startswith(("http://", "https://")):
            return path
        if not path.startswith("/"):
            path = "/" + path
        first = path[1:].split("/", 1)[0].split("?", 1)[0]
        if first.startswith("_") or first in CONNECTOR_ROOT_SEGMENTS:
            return self.connector_root + path
        return f"{self.connector_root}/api/storefronts/{storefront}{path}"

    def variables(self, storefront: str) -> dict[str, str]:
        """The built-in variables a scenario may use."""
        return {
            "storefront": storefront,
            "connector_url": self.connector_root or "",
            "tharstern_url": self.tharstern_root,
            "tharstern_api_url": self.tharstern_api_url,
            "harness_ip": self.harness_ip or "127.0.0.1",
        }


def split_tharstern_url(url: str) -> tuple[str, str]:
    """``http://h:8910/TharsternAPI`` → (``http://h:8910``, ``/TharsternAPI``); a URL without a
    path gets the default base path."""
    parts = urlsplit(url.rstrip("/"))
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"{url!r} is not a URL such as http://127.0.0.1:8910/TharsternAPI")
    root = f"{parts.scheme}://{parts.netloc}"
    path = parts.path.rstrip("/")
    if path.lower().endswith("/api"):
        path = path[:-4]
    return root, path or DEFAULT_BASE_PATH


def connector_root_of(url: str) -> str:
    parts = urlsplit(url.rstrip("/"))
    if not parts.scheme or not parts.netloc:
        raise ValueError(f"{url!r} is not a URL such as http://127.0.0.1:8920")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
