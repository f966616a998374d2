"""Masking what must never reach a recording or a log: passwords, tokens, ``Authorization``.

Names are judged after decoding (``%70assword``, ``Pass+word``, ``PASSWORD``, ``password[0]`` are
all a password), and in every place a secret travels: query strings, form and JSON bodies
(any depth), request headers, and answers (``Details.Token``, a string ``Status.Token``). The
all-zero token a refused login gets is not a credential and is kept: it is how a reader of the
recording sees that a login was refused.
"""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

MASK = "***"
ZERO_TOKEN = "00000000-0000-0000-0000-000000000000"
SECRET_WORDS = ("password", "passwd", "pwd", "token", "secret", "apikey", "api_key", "authorization", "cookie")
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-control-token", "x-api-key"}
_INDEX = re.compile(r"\[[^\]]*\]")


def is_secret_name(name: Any) -> bool:
    """Whether a parameter, field or header name carries a secret, judged on its decoded form."""
    if not isinstance(name, str):
        return False
    decoded = _INDEX.sub("", unquote_plus(name)).replace("-", "").replace(" ", "").lower()
    return any(word.replace("_", "") in decoded.replace("_", "") for word in SECRET_WORDS)


def mask_query(query: str) -> str:
    """The raw query string with the values of secret parameters replaced; the rest unchanged."""
    if not query:
        return query
    pieces = []
    for piece in query.split("&"):
        name, sep, _value = piece.partition("=")
        pieces.append(f"{name}={MASK}" if sep and is_secret_name(name) else piece)
    return "&".join(pieces)


def query_params(query: str) -> list[list[str]]:
    """The decoded ``[name, value]`` pairs of a query string, secret values masked."""
    return [[name, MASK if is_secret_name(name) else value]
            for name, value in parse_qsl(query or "", keep_blank_values=True)]


def mask_json(value: Any) -> Any:
    """A copy of a JSON value with every string (or number) under a secret name masked."""
    if isinstance(value, dict):
        return {key: _masked_field(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_json(item) for item in value]
    return value


def _masked_field(key: str, value: Any) -> Any:
    if is_secret_name(key) and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value if value in (ZERO_TOKEN, "") else MASK
    return mask_json(value)


def mask_headers(headers: list[tuple[str, str]] | dict[str, str]) -> dict[str, str]:
    """Headers as a dict; secret ones keep their scheme (``Basic ***``) and lose their value."""
    items = headers.items() if isinstance(headers, dict) else headers
    masked: dict[str, str] = {}
    for name, value in items:
        if name.lower() in SECRET_HEADERS or is_secret_name(name):
            scheme = value.split(" ", 1)[0] if " " in value.strip() else ""
            value = f"{scheme} {MASK}".strip()
        masked[name] = value
    return masked


def mask_body(raw: bytes, content_type: str = "") -> tuple[str, Any]:
    """``(kind, body)`` for a recording: ``json`` (parsed, masked), ``form`` (a masked query
    string), ``text`` (secrets after ``name=`` or ``"name":`` masked) or ``empty``."""
    if not raw:
        return "empty", None
    text = raw.decode("utf-8", errors="replace")
    try:
        return "json", mask_json(json.loads(text))
    except ValueError:
        pass
    if "x-www-form-urlencoded" in content_type.lower():
        return "form", mask_query(text)
    return "text", mask_text(text)


_SECRET_PAIR = re.compile(r'(?P<name>"?[\w%+\-\[\]]+"?\s*[=:]\s*)(?P<quote>"?)(?P<value>[^"&\s,}]*)')


def mask_text(text: str) -> str:
    """Secrets in free text (a log line, a broken JSON body): ``password=…``, ``"Token": "…"``."""
    def replace(match: re.Match[str]) -> str:
        name = match.group("name").strip().rstrip("=:").strip().strip('"')
        if is_secret_name(name) and match.group("value") and match.group("value") != ZERO_TOKEN:
            return f"{match.group('name')}{match.group('quote')}{MASK}"
        return str(match.group(0))
    return _SECRET_PAIR.sub(replace, text)


def strip_userinfo(url: str) -> str:
    """A URL without ``user:password@``, for recordings and messages."""
    return re.sub(r"^(\w+://)[^/@]*@", r"\1", url)

