"""``TharsternClient``: every call the connector makes to one Tharstern, for one storefront.

One place builds URLs (``urls.endpoint``), takes a token and caches it until it expires
(``TokenCache``), renews it once on a 401, calls from the storefront's outgoing IP with
timeouts and retries (``HttpSessions``), reads answers case-insensitively (``wire``) and raises a
``TharsternError`` subclass for every failure (``failures``).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from ..domain.records import ProductType, StockItem, TharsternCustomer
from . import errors, wire
from .error_mapping import ZERO_TOKEN, envelope_or_error, reasons_of, succeeded, transport_error
from .tokens import IssuedToken, TokenCache, connection_key
from .urls import api_root, endpoint, host_and_port

log = logging.getLogger("connector.tharstern")
MAX_PAGES = 2000


@dataclass(frozen=True)
class ConnectionSettings:
    api_url: str
    email: str
    password: str = field(repr=False)
    application_id: str
    outgoing_ip: str = "127.0.0.1"


@dataclass(frozen=True)
class ClientOptions:
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0
    page_size: int = 100


@dataclass(frozen=True)
class EstimateOutcome:
    success: bool
    estimate_id: int | None
    estimate_ref: str | None
    price: float | None
    price_excl_shipping: float | None
    currency: str | None
    problems: list[str]


class TharsternClient:
    def __init__(self, settings: ConnectionSettings, session: requests.Session, tokens: TokenCache,
                 options: ClientOptions) -> None:
        self.settings = settings
        self.session = session
        self.tokens = tokens
        self.options = options
        self.root = api_root(settings.api_url)
        host, port = host_and_port(settings.api_url)
        self.where = f"{host}:{port}"
        self.token_key = connection_key(self.root, settings.email, settings.application_id, settings.password)

    # -- transport ---------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, params: dict | None = None, json_body: Any = None,
              token: str | None = None) -> requests.Response:
        url = endpoint(self.root, path)
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, url, params=params, json=json_body, auth=(token, "") if token else None,
                timeout=(self.options.connect_timeout_s, self.options.read_timeout_s), allow_redirects=True)
        except requests.RequestException as error:
            failure = transport_error(error, where=self.where, source_ip=self.settings.outgoing_ip,
                                      timeout_s=self._timeout_for(error))
            log.info("Tharstern %s %s from %s failed: %s", method, _path_only(path), self.settings.outgoing_ip,
                     type(failure).__name__)
            raise failure from None
        log.debug("Tharstern %s %s → %s in %.0f ms", method, _path_only(path), response.status_code,
                  (time.perf_counter() - started) * 1000)
        return response

    def _timeout_for(self, error: requests.RequestException) -> float:
        return self.options.connect_timeout_s if isinstance(error, requests.exceptions.ConnectTimeout) \
            else self.options.read_timeout_s

    def call(self, method: str, path: str, *, params: dict | None = None, json_body: Any = None,
             allow_failure: bool = False) -> dict[str, Any]:
        """An authenticated call → Tharstern's envelope. A 401 drops the cached token and tries
        once more with a new one. ``Success=false`` raises BusinessFailure unless ``allow_failure``."""
        token = self.token()
        response = self._send(method, path, params=params, json_body=json_body, token=token)
        if response.status_code == 401:
            self.tokens.forget(self.token_key, token)
            token = self.token()
            response = self._send(method, path, params=params, json_body=json_body, token=token)
            if response.status_code == 401:
                self.tokens.forget(self.token_key, token)
                raise errors.AuthRejected(
                    f"{self.where} refused a fresh token (HTTP 401): {'; '.join(reasons_of(_json(response))) or 'no reason given'}",
                    status=401)
        body = envelope_or_error(response, self.where, source_ip=self.settings.outgoing_ip)
        if not allow_failure and not succeeded(body):
            reasons = reasons_of(body)
            raise errors.BusinessFailure(f"Tharstern reported a failure: {'; '.join(reasons) or 'no reason given'}",
                                         status=response.status_code, reasons=reasons)
        return body

    # -- authentication ----------------------------------------------------------------------
    def request_token(self) -> IssuedToken:
        """A new token, its ExpiresDateTime and Tharstern's time. Bad credentials raise BadCredentials."""
        response = self._send("GET", "authentication/generateapitoken", params={
            "email": self.settings.email, "password": self.settings.password,
            "applicationId": self.settings.application_id})
        if response.status_code == 401:
            raise errors.BadCredentials("Tharstern refused the credentials (HTTP 401)", status=401)
        body = envelope_or_error(response, self.where, source_ip=self.settings.outgoing_ip)
        details = wire.pick(body, "Details")
        token = wire.pick(details, "Token")
        expires = wire.pick(details, "ExpiresDateTime")
        if not isinstance(token, str) or not token.strip() or token.strip() == ZERO_TOKEN or not succeeded(body):
            reasons = reasons_of(body)
            raise errors.BadCredentials(
                "Tharstern did not accept the e-mail, password and application ID"
                + (f": {'; '.join(reasons)}" if reasons else " (it returned the all-zero token)"),
                status=response.status_code, reasons=reasons)
        return IssuedToken(token.strip(), expires if isinstance(expires, str) else None, response.headers.get("Date"))

    def token(self) -> str:
        return self.tokens.get(self.token_key, self.request_token)

    def fresh_token(self) -> str:
        """A token from a new token request (Check Connection), which then replaces the cached one."""
        return self.tokens.store(self.token_key, self.request_token()).token

    # -- lists -------------------------------------------------------------------------------
    def all_pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every item of a list call, page by page. If a page past the first comes back empty
        while ``TotalItemCount`` says more exist, the server counts ``paging_startIndex`` in pages
        (a known quirk), and paging goes on that way."""
        size = self.options.page_size
        items: list[dict[str, Any]] = []
        seen: set[Any] = set()
        start, by_page = 0, False
        for _ in range(MAX_PAGES):
            index = start // size if by_page else start
            body = self.call("GET", path, params={**params, "paging_startIndex": index, "paging_numberOfRecords": size})
            batch, total = wire.items_of(wire.pick(body, "Details"))
            if not batch and start and not by_page and total is not None and len(items) < total:
                by_page = True
                continue
            for item in batch:
                key = wire.pick(item, "ID", "Id", default=id(item))
                if key not in seen:
                    seen.add(key)
                    items.append(item)
            start += len(batch)
            if not batch or (total is not None and len(items) >= total) or (total is None and len(batch) < size):
                break
        return items

    def stock_items(self, customer_code: str | None = None) -> list[StockItem]:
        """``GET products`` (every page); with a code, only the items linked to it."""
        params = {"customerCode": customer_code} if customer_code else {}
        return [s for s in map(wire.stock_item, self.all_pages("products", params)) if s is not None]

    def product_type(self, product_type_id: int) -> ProductType | None:
        body = self.call("GET", "producttypes", params={"id": product_type_id})
        items, _ = wire.items_of(wire.pick(body, "Details"))
        found = [t for t in map(wire.product_type, items) if t is not None and t.id == product_type_id]
        return found[0] if found else None

    def customers(self, *, keyword: str | None = None, customer_code: str | None = None) -> list[TharsternCustomer]:
        params = {k: v for k, v in (("keyword", keyword), ("customerCode", customer_code)) if v}
        return [c for c in map(wire.customer, self.all_pages("customers", params)) if c is not None]

    # -- estimates ---------------------------------------------------------------------------
    def example_request(self, product_type_id: int) -> dict[str, Any]:
        body = self.call("GET", f"estrequest/{int(product_type_id)}/example")
        example = wire.pick(body, "Details")
        if not isinstance(example, dict):
            raise errors.NotTharsternAnswer(f"{self.where} sent no sample estimate request for product type "
                                            f"{product_type_id}")
        return example

    def create_estimate(self, request: dict[str, Any]) -> EstimateOutcome:
        body = self.call("POST", "estrequest", json_body=request, allow_failure=True)
        details = wire.pick(body, "Details")
        estimate = wire.pick(details, "Estimate")
        result = wire.pick(details, "Result")
        problems = [str(p) for p in (wire.pick(result, "Problems", default=[]) or []) if p]
        problems = problems or reasons_of(body)
        ok = succeeded(body) and wire.to_bool(wire.pick(result, "Success"), True) and isinstance(estimate, dict)
        currency = wire.pick(wire.pick(estimate, "Currency"), "Abbreviation") if isinstance(estimate, dict) else None
        return EstimateOutcome(
            success=ok,
            estimate_id=wire.to_int(wire.pick(estimate, "ID", "Id")) if isinstance(estimate, dict) else None,
            estimate_ref=wire.pick(estimate, "EstimateRef") if isinstance(estimate, dict) else None,
            price=wire.to_float(wire.pick(estimate, "Price")) if isinstance(estimate, dict) else None,
            price_excl_shipping=wire.to_float(wire.pick(estimate, "PriceExclShipping")) if isinstance(estimate, dict) else None,
            currency=currency if isinstance(currency, str) else None,
            problems=problems if not ok else [],
        )

    # -- customers ---------------------------------------------------------------------------
    def create_customer(self, *, name: str, email: str, contact: str | None = None) -> TharsternCustomer:
        """``POST customers/create`` [I: the endpoint Infigo uses is not public]."""
        payload = {"Name": name, "ContactEmail": email, "Contact": contact or name}
        body = self.call("POST", "customers/create", json_body=payload)
        items, _ = wire.items_of(wire.pick(body, "Details"))
        created = wire.customer(items[0]) if items and isinstance(items[0], dict) else None
        if created is None:
            raise errors.NotTharsternAnswer("Tharstern created a customer but its answer carries no ID and Code")
        return created


def _path_only(path: str) -> str:
    return path.split("?", 1)[0]


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
