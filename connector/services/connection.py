"""Check Connection (reference §1.3): ask Tharstern for a token, look up the storefront customer
code, count the stock items it can see, and say which problem was met and how to fix it."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..models import Storefront
from ..tharstern import errors, wire
from ..tharstern.client import TharsternClient
from ..tharstern.urls import api_root, host_and_port
from .runtime import Runtime

log = logging.getLogger("connector.connection")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    problem: str | None
    message: str
    advice: str | None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "problem": self.problem, "message": self.message, "advice": self.advice,
                "details": self.details}


def _problem(error: errors.TharsternError) -> str:
    """The contract's name for a failure: the classification's ``problem``, where ``rejected``
    (the token call refused its fields) is reported as ``bad_credentials``."""
    return "bad_credentials" if error.problem == "rejected" else error.problem


def _advice(error: errors.TharsternError, sf: Storefront) -> str:
    """What to do about a failure met while checking, by its cause."""
    host, port = host_and_port(sf.api_url or "")
    ip = sf.outgoing_ip
    firewall = (f"If the Tharstern server restricts who may call it, ask its IT team to allow the outgoing IP "
                f"{ip} on port {port}.")
    if error.cause == "outgoing_ip":
        return (f"The outgoing IP {ip} is not an address of the connector's machine. Set outgoing_ip to the address "
                f"the connector really calls from, and allow that address on port {port} in Tharstern's firewall.")
    if error.cause in ("dropped", "timeout", "forbidden"):
        return (f"Tharstern's firewall is probably not letting the connector in. Ask the Tharstern server's IT team "
                f"to allowlist the outgoing IP {ip} on port {port} (the port of the API URL), then check again. Also "
                f"confirm that {host}:{port} is the API endpoint.")
    if error.cause == "refused":
        return (f"Nothing listens at {host}:{port}. Check the host and port of the API URL with the customer's IT "
                "team or Tharstern support, and that the Tharstern API is running. " + firewall)
    if error.problem == "wrong_url":
        path = urlsplit((sf.api_url or "").strip()).path.strip("/")
        hint = (" The URL has no path; Tharstern's API usually lives under a path such as /TharsternAPI."
                if not path else "")
        return ("Check the API URL: it is the address under which Tharstern's /api/... lives, e.g. "
                f"https://mis.example.com/TharsternAPI (the connector adds /api itself).{hint} The customer's IT team "
                "or Tharstern support can confirm it.")
    if _problem(error) == "bad_credentials":
        return ("Re-enter the e-mail address, password and Application ID of the Tharstern API user and confirm them "
                "with Tharstern. The Application ID is free text, but must be the same one Tharstern expects and "
                "unique per storefront.")
    return ("Tharstern's API answered with an error, so it cannot be used right now. Try again later; if it "
            "persists, ask Tharstern support. " + firewall)


def _failed(error: errors.TharsternError, sf: Storefront, step: str) -> CheckResult:
    problem, advice = _problem(error), _advice(error, sf)
    log.info("Check Connection of storefront %s failed at %s: %s (%s)", sf.key, step, problem, error.cause)
    return CheckResult(False, problem, error.message, advice,
                       {"step": step, "error": type(error).__name__, "cause": error.cause,
                        "outgoing_ip": sf.outgoing_ip, "api_root": api_root(sf.api_url or "")})


def check_connection(rt: Runtime, sf: Storefront) -> CheckResult:
    client: TharsternClient = rt.clients.for_storefront(sf)
    code = (sf.storefront_customer_code or "").strip()
    details: dict[str, Any] = {"outgoing_ip": sf.outgoing_ip, "api_root": client.root}
    try:
        client.fresh_token()
    except errors.TharsternError as error:
        return _failed(error, sf, "token")
    try:
        found = [c for c in client.customers(customer_code=code) if c.code.lower() == code.lower()]
    except errors.TharsternError as error:
        return _failed(error, sf, "customer_code")
    if not found:
        log.info("Check Connection of storefront %s: unknown customer code", sf.key)
        return CheckResult(False, "unknown_customer_code",
                           f"Connected and signed in, but Tharstern has no customer with the code '{code}'.",
                           "Set storefront_customer_code to the Tharstern customer that web orders go to (ask the "
                           "Tharstern admin). It must have access to every product you intend to map, because "
                           "Tharstern returns only the stock items linked to it.",
                           {**details, "step": "customer_code", "storefront_customer_code": code})
    customer = found[0]
    try:
        body = client.call("GET", "products", params={"customerCode": code, "paging_numberOfRecords": 1})
        visible = wire.to_int(wire.pick(wire.pick(body, "Details"), "TotalItemCount"))
    except errors.TharsternError as error:
        return _failed(error, sf, "stock_items")
    details.update({"storefront_customer_code": customer.code, "customer_name": customer.name,
                    "stock_items_visible": visible})
    message = (f"Connected to {client.where} as {sf.email} from {sf.outgoing_ip}. The storefront customer code "
               f"{customer.code} is '{customer.name}'")
    advice = None
    if visible == 0:
        message += ", but no stock item is linked to it, so the Connect Link list will be empty."
        advice = (f"Ask the Tharstern admin to link the stock items you will map to the customer {customer.code}.")
    else:
        message += f" and sees {visible} stock item(s)." if visible is not None else "."
    log.info("Check Connection of storefront %s succeeded", sf.key)
    return CheckResult(True, None, message, advice, details)
