"""The quirk switches: departures seen in real Tharstern installations, flipped through the
control plane (``PUT /_fake/quirks``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import ModelStateError


@dataclass(frozen=True)
class Quirks:
    """Switchable departures: behaviour seen in real Tharstern installations, and for each point
    the sources leave open (reference §11) the less likely reading, so a client can be tried
    against both. Defaults are the likelier reading (docs/fake-vs-real.md says why).

    - ``estimate_failed_but_created``: estrequest answers ``Success=false`` with a problem although
      the estimate was created (an integrator recovers it with ``GET estimates?keyword=``).
    - ``bad_credentials_success`` (on by default): a refused token request says
      ``Status.Success=true`` with the all-zero token, which is what a public client's
      ``AuthenticationFailed`` branch waits for; off: ``Success=false``.
    - ``estimate_failure_is_400``: an estimate the API cannot make (``Success=false``) is an HTTP
      400 with the same envelope, as an older client reads it; off (default): HTTP 200.
    - ``any_content_type``: a body is read as JSON whatever its ``Content-Type``; off (default):
      a body without a JSON content type is a 415, as ASP.NET Web API answers.
    - ``new_token_revokes_old``: a new token for a (user, applicationId) makes that pair's earlier
      token invalid; off (default): earlier tokens stay valid until they expire.
    - ``jobs_visible_late``: a new job stays out of ``GET jobs`` for 5 s of the fake's clock, as
      a public client expects of a busy server (it polls for up to 30 s); off (default): at once.
    - ``paging_start_index_is_page``: ``paging_startIndex`` counts pages, not rows.
    """

    estimate_failed_but_created: bool = False
    bad_credentials_success: bool = True
    estimate_failure_is_400: bool = False
    any_content_type: bool = False
    new_token_revokes_old: bool = False
    jobs_visible_late: bool = False
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
