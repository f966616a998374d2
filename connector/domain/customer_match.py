"""Finding a storefront customer among Tharstern customers by e-mail (reference §4.4).

Tharstern's ``keyword`` search matches substrings of codes, names and e-mails, so its answer is
only a shortlist: a match is a customer whose main e-mail or any contact's e-mail equals the
shopper's, ignoring case and surrounding spaces.

When several Tharstern customers carry the e-mail, automatic linking chooses one by a fixed rule
(``CHOICE_RULE``, so the same data always gives the same link, whatever order Tharstern lists
them in) and says so: the answer names every candidate and the rule (``ambiguity``).
"""
from __future__ import annotations

from typing import Any

from .records import TharsternCustomer

CHOICE_RULE = ("a customer whose main e-mail (ContactEmail) is the shopper's comes before one that has it only on "
               "a contact; then the oldest customer (the lowest Tharstern ID); then the code in alphabetical order")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def exact_email_matches(candidates: list[TharsternCustomer], email: str) -> list[TharsternCustomer]:
    wanted = normalise_email(email)
    if not wanted:
        return []
    return [c for c in candidates if any(normalise_email(e) == wanted for e in c.emails)]


def _main_email_matches(customer: TharsternCustomer, wanted: str) -> bool:
    return normalise_email(customer.contact_email) == wanted


def choose_among(matches: list[TharsternCustomer], email: str) -> list[TharsternCustomer]:
    """The matches in ``CHOICE_RULE``'s order: the first is the one automatic linking links."""
    wanted = normalise_email(email)
    return sorted(matches, key=lambda c: (not _main_email_matches(c, wanted), c.id, c.code.lower()))


def ambiguity(ordered: list[TharsternCustomer], email: str) -> dict[str, Any] | None:
    """What a choice among several matches looks like in an answer (None for one match or none):
    every candidate (the chosen one first), where the e-mail was found, and the rule."""
    if len(ordered) < 2:
        return None
    wanted = normalise_email(email)
    return {"email": email.strip(), "chosen": ordered[0].code, "rule": CHOICE_RULE,
            "candidates": [{"code": c.code, "name": c.name, "id": c.id,
                            "matched_on": "ContactEmail" if _main_email_matches(c, wanted) else "contact"}
                           for c in ordered]}


def describe_ambiguity(found: dict[str, Any]) -> str:
    """One sentence for explanations and messages."""
    others = [c for c in found["candidates"] if c["code"] != found["chosen"]]
    listed = ", ".join(f"{c['code']} '{c['name']}'" for c in others)
    return (f"{len(found['candidates'])} Tharstern customers have the e-mail {found['email']}: {found['chosen']} was "
            f"chosen over {listed}, because {found['rule']}. If that is the wrong one, set the right code in the "
            "Connect Link popup.")


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
