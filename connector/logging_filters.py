"""Keeping secrets out of log lines written by libraries.

urllib3 logs every request line at DEBUG, query string included, and Tharstern's token call
carries the password in its query. This filter masks ``password=`` values (and Basic
credentials) in those records. Installed once per process, whatever the number of apps.
"""
from __future__ import annotations

import logging
import re

SECRET_QUERY = re.compile(r"((?:password|pwd|token)=)[^&\s\"']*", re.IGNORECASE)
BASIC = re.compile(r"(Basic\s+)[A-Za-z0-9+/=]+", re.IGNORECASE)
LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry", "requests")


def mask(text: str) -> str:
    return BASIC.sub(r"\1***", SECRET_QUERY.sub(r"\1***", text))


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
