"""JSON Schema for body fields whose rules a marshmallow field cannot state, written from the
backend's own readers (``backend/records/entities.py``: ``Fields.text``, ``Fields.number``,
``Fields.flag``; ``backend/records/dates.py``) so that a body the document calls valid is taken and
one it calls invalid is a 400 (issue 14: the document says what the validation does).

What the real API's .NET binder takes, the fake takes: a number where text is expected (read as
its text), a whole number as a string (``"2284"``, as ``int.Parse`` reads it), ``null`` for any
optional field, white space around text (trimmed before lengths are checked).
"""
from __future__ import annotations

from itertools import product
from typing import Any

from ..backend.records.entities import NET_WHITE

# Python's white space (``str.strip``, ``str.split``), spelled out: ``\s`` means less in
# ECMA-262 regular expressions, which JSON Schema's patterns are
WHITE_CHARS = r"\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
WS = f"[{WHITE_CHARS}]"
NOT_WS = f"[^{WHITE_CHARS}]"
NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}  # OpenAPI 3.0's way to say "only null"
BLANK = {"type": "string", "pattern": f"^{WS}*$"}


def text(max_len: int = 200, *, given: bool = False) -> dict[str, Any]:
    """``Fields.text``: a string of at most ``max_len`` characters once trimmed (not blank when
    ``given``), or a number (read as its text)."""
    core = rf"{NOT_WS}(?:[\s\S]{{0,{max_len - 2}}}{NOT_WS})?"
    pattern = rf"^{WS}*{core}{WS}*$" if given else rf"^{WS}*(?:{core})?{WS}*$"
    return {"anyOf": [{"type": "string", "pattern": pattern}, {"type": "number"}]}


def enum_name(table: dict[str, int]) -> str:
    """A regex (no anchors) for what ``enums.lookup`` reads from text: a name of ``table`` in any
    letter case, or its number (leading zeros allowed), white space around."""
    names = ["".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in name) for name in table]
    numbers = ["-?0+" if value == 0 else f"0*{value}" for value in table.values()]
    return f"{WS}*(?:{'|'.join(names + numbers)}){WS}*"


def enum_value(table: dict[str, int]) -> dict[str, Any]:
    """``Fields.enum``: a name or number as text, a whole JSON number of the table, or an object
    whose ``Name`` (else ``Value``) is one of those."""
    scalar = [{"type": "string", "pattern": f"^{enum_name(table)}$"}, {"type": "integer", "enum": sorted(set(table.values()))}]
    return {"anyOf": [*scalar,
                      {"type": "object", "required": ["Name"], "properties": {"Name": {"anyOf": scalar}}},
                      {"type": "object", "required": ["Value"], "not": {"required": ["Name"]},
                       "properties": {"Value": {"anyOf": scalar}}}]}


def whole(minimum: int) -> dict[str, Any]:
    """``Fields.number(integer=True, minimum=...)`` for a minimum of 0 or 1: a whole JSON number
    (``7`` or ``7.0``), or a string ``int.Parse`` reads."""
    assert minimum in (0, 1)
    digits = r"\+?0*[1-9][0-9]*" if minimum == 1 else r"(?:\+?[0-9]+|-0+)"
    return {"anyOf": [{"type": "number", "minimum": minimum, "multipleOf": 1},
                      {"type": "string", "pattern": f"^{NET_WHITE}{digits}{NET_WHITE}$"}]}


_DECIMAL = r"(?:[0-9]{1,15}\.?[0-9]{0,15}|\.[0-9]{1,15})(?:[eE][+-]?[0-9]{1,2})?"
_ZERO = r"(?:0{1,15}\.?0{0,15}|\.0{1,15})(?:[eE][+-]?[0-9]{1,2})?"


def number(minimum: int | None = None) -> dict[str, Any]:
    """``Fields.number``: a JSON number, or a string ``double.Parse`` reads (stated without an
    exponent of more than two digits, which could overflow); ``minimum`` 0 or none."""
    assert minimum in (None, 0)
    numeric: dict[str, Any] = {"type": "number"} if minimum is None else {"type": "number", "minimum": minimum}
    text = f"[+-]?{_DECIMAL}" if minimum is None else f"(?:\\+?{_DECIMAL}|-{_ZERO})"  # -0 is at least 0
    return {"anyOf": [numeric, {"type": "string", "pattern": f"^{NET_WHITE}{text}{NET_WHITE}$"}]}


NUMBER = number()
# a percentage 0 to 100, also as a string (stated without an exponent)
PERCENT = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 100},
                     {"type": "string",
                      "pattern": rf"^{NET_WHITE}\+?(?:0*100(?:\.0*)?|0*[0-9]{{1,2}}(?:\.[0-9]*)?|\.[0-9]+){NET_WHITE}$"}]}
# ``Fields.flag``: true or false, also as a string in any letter case
FLAG = {"anyOf": [{"type": "boolean"},
                  {"type": "string", "enum": sorted("".join(c.upper() if bit else c for c, bit in zip(word, bits, strict=True))
                                                    for word in ("true", "false")
                                                    for bits in product((0, 1), repeat=len(word)))}]}
# A date the API reads, as the document states it (``records/dates.py`` reads more: ``15-Nov-21``,
# ``14/04/2026``, an ISO date-time without an offset, as .NET's binder does).
DATE = {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}],
        "description": "an ISO 8601 date-time or date (more forms are read: docs/fake-vs-real.md)"}
# an optional date in an order: blank or null is none
OPTIONAL_DATE = {"anyOf": [*DATE["anyOf"], BLANK], "description": DATE["description"]}


# ``POST orders/submitorderasset`` (``backend/resources/order_assets.py``)
FORBIDDEN = '/\\\\:*?"<>|\\x00'  # a file name's forbidden characters, as a regex class body
_CHAR = rf"[A-Za-z0-9+/]{WS}*"
BASE64 = rf"^{WS}*(?:(?:{_CHAR}){{4}})*(?:(?:{_CHAR}){{4}}|(?:{_CHAR}){{2}}={WS}*={WS}*|(?:{_CHAR}){{3}}={WS}*)$"
ORDER_ID = {**whole(1), "description": "the sales order's ID: a whole number, also as a string"}
FILENAME = {
    "description": "a file name, no folder: 1 to 260 characters once trimmed, none of / \\ : * ? \" < > |",
    "anyOf": [{"type": "string",
               "pattern": rf"^{WS}*[^{FORBIDDEN}{WHITE_CHARS}](?:[^{FORBIDDEN}]{{0,258}}[^{FORBIDDEN}{WHITE_CHARS}])?{WS}*$"},
              {"type": "number"}],
}
# base64 decoding to at least one byte, white space anywhere skipped (as .NET's
# Convert.FromBase64String does); a number is read as its text, so only a positive whole number
# whose digit count is a multiple of 4 is base64 (stated up to 40 digits)
CONTENT_BASE64 = {
    "description": "the file, base64 (white space skipped), at least one byte",
    "anyOf": [{"type": "string", "pattern": BASE64, "maxLength": 2_000_000},
              *({"type": "integer", "minimum": 10 ** (digits - 1), "maximum": 10 ** digits - 1}
                for digits in range(4, 41, 4))],
}
