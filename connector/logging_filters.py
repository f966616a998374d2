"""Keeping secrets out of log lines written by libraries.

urllib3 logs every request line at DEBUG, query string included, and Tharstern's token call
carries the password in its query; werkzeug logs every request line the connector serves. This
filter masks the values of query parameters whose name, once percent-decoded, holds
``password``, ``pwd``, ``token`` or ``secret`` (so ``p%61ssword=`` is masked too), and Basic and
Bearer credentials, in those records. Installed once per process, whatever the number of apps.
"""
from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

PARAMETER = re.compile(r"([^=&?\s\"']+)=([^&\s\"']*)")
SECRET_NAME = re.compile(r"password|pwd|token|secret", re.IGNORECASE)
CREDENTIALS = re.compile(r"((?:Basic|Bearer)\s+)[A-Za-z0-9+/=._~-]+", re.IGNORECASE)
LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "requests", "werkzeug")


def _masked_parameter(found: re.Match) -> str:
    name = found.group(1)
    return f"{name}=***" if SECRET_NAME.search(unquote_plus(name)) else found.group(0)


def mask(text: str) -> str:
    return CREDENTIALS.sub(r"\1***", PARAMETER.sub(_masked_parameter, text))


class SecretMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot be formatted is left to logging's own handling
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_secret_filters() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SecretMaskingFilter) for f in logger.filters):
            logger.addFilter(SecretMaskingFilter())
