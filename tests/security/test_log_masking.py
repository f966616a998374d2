"""Secrets in log lines (issue 14 / DESIGN §8.7: masking works on decoded parameter names): a query
parameter whose name only spells ``password`` once percent-decoded, a token in any letter case,
and Basic or Bearer credentials are masked in the lines urllib3 and werkzeug write, whatever else
the line holds."""
from __future__ import annotations

import logging

import pytest

from connector.logging_filters import install_secret_filters, mask

LINES = [
    ("GET /TharsternAPI/api/authentication/generateapitoken?email=a%40b.c&password=S3cr3t&applicationId=x",
     "password=***"),
    ('"GET /api/storefronts?p%61ssword=S3cr3t&q=1 HTTP/1.1" 200 -', "p%61ssword=***"),
    ("GET /x?%70%77%64=S3cr3t", "%70%77%64=***"),
    ("GET /x?api_TOKEN=S3cr3t&page=2", "api_TOKEN=***"),
    ("GET /x?webhook+secret=S3cr3t", "webhook+secret=***"),
    ("Authorization: Basic UzNjcjN0OlMzY3IzdA==", "Basic ***"),
    ("Authorization: bearer S3cr3t.S3cr3t-S3cr3t", "bearer ***"),
]


@pytest.mark.parametrize("line, shown", LINES, ids=[shown for _, shown in LINES])
def test_secrets_are_masked_however_their_name_is_spelt(line, shown):
    masked = mask(line)
    assert "S3cr3t" not in masked and "UzNjcjN0" not in masked and shown in masked


def test_other_parameters_are_left_alone():
    assert mask("GET /api/storefronts/default/orders?state=sent&limit=5") == \
        "GET /api/storefronts/default/orders?state=sent&limit=5"


def test_the_request_lines_werkzeug_writes_are_masked(caplog):
    install_secret_filters()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('%s - - "%s" %s -', "203.0.113.7",
                                           "GET /admin/?pass%77ord=S3cr3t HTTP/1.1", 200)
    assert "S3cr3t" not in caplog.text and "pass%77ord=***" in caplog.text
