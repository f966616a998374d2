"""The quirk switches: departures seen in real Tharstern installations, flipped through the
control plane (``PUT /_fake/quirks``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import ModelStateError


@dataclass(frozen=True)
class Quirks:
    """Switchable departures seen in real Tharstern installations.

    - ``estimate_failed_but_created``: estrequest answers ``Success=false`` with a problem although
      the estimate was created (an integrator recovers it with ``GET estimates?keyword=``).
    - ``bad_credentials_success``: a refused token request still says ``Status.Success=true``;
      clients must look at the all-zero token instead.
    - ``paging_start_index_is_page``: ``paging_startIndex`` counts pages, not rows.
    """

    estimate_failed_but_created: bool = False
    bad_credentials_success: bool = False
    paging_start_index_is_page: bool = False

    def to_dict(self) -> dict[str, bool]:
        return asdict(self)

    @classmethod
    def parse(cls, spec: Any, base: "Quirks | None" = None) -> "Quirks":
        base = base or cls()
        if not isinstance(spec, dict):
            raise ModelStateError.single("quirks", "must be an object of quirk names to true/false")
        names = {f.name for f in fields(cls)}
        errors = {k: [f"unknown quirk; known: {', '.join(sorted(names))}"] for k in spec if k not in names}
        errors.update({k: ["must be true or false"] for k, v in spec.items() if k in names and not isinstance(v, bool)})
        if errors:
            raise ModelStateError(errors)
        return cls(**{**base.to_dict(), **spec})
