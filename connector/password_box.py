"""The connection password at rest: sealed with Fernet (the ``cryptography`` package: AES-128-CBC
and HMAC-SHA256, authenticated, with a timestamp) before it reaches the database, opened only to
build a Tharstern client.

The key comes from ``SECRET_KEY`` (``CONNECTOR_SECRET_KEY``), else from the file
``SECRET_KEY_FILE`` names (default ``connector.key`` in the instance folder), made on first start
with mode 0600. A ``SECRET_KEY`` that is a Fernet key (32
url-safe base64 bytes, as ``Fernet.generate_key()`` makes) is used as it is; any other text is
stretched to one with HKDF-SHA256. A database that lives only as long as the app (``sqlite://``)
gets a key that lives as long, in memory. Several processes sharing one database must share the
key: set ``CONNECTOR_SECRET_KEY`` for all of them.

A sealed value is ``fernet:<token>``. A value without the prefix is a password stored in plain
text by an older connector: ``seal_plain_rows`` seals those at start, and ``open`` still reads one
until then. A value the key cannot open (the key changed) opens as None: the connection then
lacks its password, and Check Connection says to enter it again.
"""
from __future__ import annotations

import base64
import binascii
import logging
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

log = logging.getLogger("connector.secrets")
PREFIX = "fernet:"
KEY_FILE = "connector.key"


class PasswordBox:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, plain: str | None) -> str | None:
        if plain is None or plain == "":
            return None
        return PREFIX + self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def open(self, stored: str | None) -> str | None:
        if not stored:
            return None
        if not is_sealed(stored):
            return stored  # written by an older connector; sealed at the next start
        try:
            return self._fernet.decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            log.error("A stored connection password cannot be opened with this key (did CONNECTOR_SECRET_KEY or "
                      "the instance folder's %s change?); enter the password again.", KEY_FILE)
            return None


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def key_from_text(text: str) -> bytes:
    """A Fernet key as it is, or one derived from any other text."""
    raw = text.encode("utf-8")
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except (binascii.Error, ValueError):
        pass
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"connector connection passwords").derive(raw)
    return base64.urlsafe_b64encode(derived)


def key_from_file(folder: str, name: str = KEY_FILE) -> bytes:
    """The instance folder's key, made (0600, never overwritten) when there is none. The new key
    is written to a file of its own and linked into place, so two processes starting together
    agree on one key and neither reads a half-written file."""
    path = os.path.join(folder, name)
    os.makedirs(folder, exist_ok=True)
    if not os.path.exists(path):
        draft = os.path.join(folder, f".{name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as made:
            made.write(Fernet.generate_key() + b"\n")
        try:
            os.link(draft, path)
            log.info("Made the key that seals connection passwords: %s (keep it with the database)", path)
        except FileExistsError:
            pass  # another process made it first: use that one
        finally:
            os.unlink(draft)
    with open(path, "rb") as existing:
        key = existing.read().strip()
    Fernet(key)  # a damaged key file stops the start rather than lose every password
    return key


def password_box(secret_key: object, key_file: str | None, instance_path: str,
                 temporary_database: bool) -> PasswordBox:
    if secret_key not in (None, ""):
        return PasswordBox(key_from_text(str(secret_key)))
    if key_file:
        return PasswordBox(key_from_file(os.path.dirname(os.path.abspath(key_file)), os.path.basename(key_file)))
    if temporary_database:
        return PasswordBox(Fernet.generate_key())
    return PasswordBox(key_from_file(instance_path))
