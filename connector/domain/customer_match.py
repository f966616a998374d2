"""Finding a storefront customer among Tharstern customers by e-mail (reference §4.4).

Tharstern's ``keyword`` search matches substrings of codes, names and e-mails, so its answer is
only a shortlist: a match is a customer whose main e-mail or any contact's e-mail equals the
shopper's, ignoring case and surrounding spaces.
"""
from __future__ import annotations

from .records import TharsternCustomer


def normalise_email(email: str) -> str:
    return email.strip().lower()


def exact_email_matches(candidates: list[TharsternCustomer], email: str) -> list[TharsternCustomer]:
    wanted = normalise_email(email)
    if not wanted:
        return []
    return [c for c in candidates if any(normalise_email(e) == wanted for e in c.emails)]


def rank_candidates(candidates: list[TharsternCustomer], email: str, query: str | None = None) -> list[tuple[TharsternCustomer, bool]]:
    """The Connect Link popup's list: customers whose e-mail matches first, then by name;
    ``query`` filters by code, name or e-mail (substring, any case)."""
    wanted = normalise_email(email)
    needle = (query or "").strip().lower()
    rows = []
    for customer in candidates:
        if needle and not (needle in customer.code.lower() or needle in customer.name.lower()
                           or any(needle in e.lower() for e in customer.emails)):
            continue
        matches = bool(wanted) and any(normalise_email(e) == wanted for e in customer.emails)
        rows.append((customer, matches))
    rows.sort(key=lambda row: (not row[1], row[0].name.lower(), row[0].id))
    return rows
