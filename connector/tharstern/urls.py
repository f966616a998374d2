"""Building Tharstern URLs from what an admin typed as the API URL (reference §6.1).

The API URL is the root under which ``/api/...`` lives (``https://mis.example.com/TharsternAPI``).
People also type it with a trailing slash, with ``/api`` already on the end, or with spaces.
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def api_root(api_url: str) -> str:
    """``" https://h/TharsternAPI/api/ "`` → ``"https://h/TharsternAPI"``."""
    parts = urlsplit(api_url.strip())
    path = parts.path.rstrip("/")
    if path.lower().endswith("/api"):
        path = path[:-4].rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def endpoint(api_url: str, path: str) -> str:
    """The full URL of an API path such as ``"products"`` or ``"estrequest/3/example"``."""
    return f"{api_root(api_url)}/api/{path.lstrip('/')}"


def host_and_port(api_url: str) -> tuple[str, int]:
    parts = urlsplit(api_url.strip())
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.hostname or "", port or (443 if parts.scheme.lower() == "https" else 80)
