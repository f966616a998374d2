"""Which ``Host`` names a server answers for (the defence against DNS rebinding).

A page on ``evil.example`` whose name is re-pointed at 127.0.0.1 reaches a server on loopback
with ``Host: evil.example``; answering only for configured names refuses it. Always allowed:
``localhost`` (and names under ``.localhost``, which browsers resolve to loopback themselves) and
every loopback address (127.0.0.0/8, ::1), and the address the connection arrived at (the bound
address; an address literal cannot be re-pointed by DNS). ``ALLOWED_HOSTS`` adds more: an exact name or
address, ``.example.com`` for that domain and every name under it, or ``*`` for any (the check
off, for a server behind a proxy that checks hosts itself). The command-line servers also add
the address they bind to. A request with no ``Host`` (HTTP/1.0) is not a browser's: it passes.
"""
from __future__ import annotations

import ipaddress
import json
from typing import Iterable


def split_host(host: str) -> tuple[str, int | None]:
    """``"[::1]:8910"`` -> ``("::1", 8910)``; ``"Example.COM."`` -> ``("example.com", None)``."""
    host = host.strip()
    port: int | None = None
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        if rest.startswith(":") and rest[1:].isdigit():
            port = int(rest[1:])
    elif host.count(":") == 1:
        name, _, text = host.partition(":")
        if text.isdigit():
            port = int(text)
    else:
        name = host
    return name.lower().rstrip("."), port


def is_loopback_name(name: str) -> bool:
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class HostPolicy:
    def __init__(self, allowed: Iterable[str] | str | None = ()) -> None:
        entries = [entry.lower().rstrip(".") for entry in host_names(allowed)]
        self.any = "*" in entries
        self.exact = {split_host(entry)[0] if not entry.startswith(".") else entry for entry in entries}
        self.domains = tuple(entry for entry in entries if entry.startswith("."))

    def allows(self, host: str | None, local_address: str | None = None) -> bool:
        """Whether to answer a request naming ``host``, which came in at ``local_address`` (the
        server's own address on that connection: an address literal naming it is not a rebinding)."""
        if host is None or self.any:
            return True
        name, _ = split_host(host)
        if not name:
            return False
        return (is_loopback_name(name) or name in self.exact or _same_address(name, local_address)
                or any(name == domain[1:] or name.endswith(domain) for domain in self.domains))


def _same_address(name: str, local_address: str | None) -> bool:
    if not local_address:
        return False
    try:
        return ipaddress.ip_address(name) == ipaddress.ip_address(local_address.split("%")[0])
    except ValueError:
        return False


def host_names(value: Iterable[str] | str | None) -> list[str]:
    """An ``ALLOWED_HOSTS`` value as a list: a list, a JSON list, or names separated by commas or
    spaces (``FAKE_THARSTERN_ALLOWED_HOSTS=fake.lan,.example.com``)."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value.replace(",", " ").split()
        value = parsed if isinstance(parsed, list) else [str(parsed)]
    return [str(entry).strip() for entry in value if str(entry).strip()]


def bound_hosts(host: str) -> list[str]:
    """What a command-line server bound to ``host`` adds to ``ALLOWED_HOSTS``: the address itself,
    unless it is a wildcard (0.0.0.0, ::), which names no host."""
    try:
        if ipaddress.ip_address(host).is_unspecified:
            return []
    except ValueError:
        pass
    return [host] if host else []
