"""The IP allowlist: a setting a test flips through the control plane.

The allowlist guards the faked API only. Entries are addresses or networks (``127.0.0.2``,
``10.0.0.0/8``); an empty list lets everyone in. A blocked client meets ``mode``: ``drop`` (the
connection closes with no answer), ``hang`` (no answer for ``hang_s`` seconds, then close) or
``forbidden`` (HTTP 403 with the envelope).
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from ..errors import ModelStateError

MODES = ("drop", "hang", "forbidden")


@dataclass(frozen=True)
class Allowlist:
    ips: tuple[str, ...] = ()
    mode: str = "drop"
    hang_s: float = 30.0

    def allows(self, address: str) -> bool:
        if not self.ips:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(entry, strict=False) for entry in self.ips)

    def to_dict(self) -> dict[str, Any]:
        return {"ips": list(self.ips), "mode": self.mode, "hang_s": self.hang_s}

    @classmethod
    def parse(cls, spec: Any, base: "Allowlist | None" = None) -> "Allowlist":
        """Build from ``{ips, mode, hang_s}``; omitted keys keep ``base``'s values."""
        base = base or cls()
        if not isinstance(spec, dict):
            raise ModelStateError.single("allowlist", "must be an object with ips, mode, hang_s")
        unknown = sorted(set(spec) - {"ips", "mode", "hang_s"})
        errors: dict[str, list[str]] = {k: ["unknown field"] for k in unknown}
        ips = spec.get("ips", list(base.ips))
        if not isinstance(ips, list) or not all(isinstance(i, str) for i in ips):
            errors["ips"] = ["must be a list of IP addresses or networks"]
        else:
            for n, entry in enumerate(ips):
                try:
                    ipaddress.ip_network(entry.strip(), strict=False)
                except ValueError:
                    errors[f"ips[{n}]"] = [f"'{entry}' is not an IP address or network"]
        mode = spec.get("mode", base.mode)
        if mode not in MODES:
            errors["mode"] = [f"must be one of {', '.join(MODES)}"]
        hang_s = spec.get("hang_s", base.hang_s)
        if isinstance(hang_s, bool) or not isinstance(hang_s, (int, float)) or not 0 <= hang_s <= 600:
            errors["hang_s"] = ["must be a number of seconds between 0 and 600"]
        if errors:
            raise ModelStateError(errors)
        return cls(ips=tuple(i.strip() for i in ips), mode=mode, hang_s=float(hang_s))
