"""Fixtures live in tests/fixtures/<area>.py, one module per part of the product; list them here."""

pytest_plugins = [
    "tests.fixtures.fake",
    "tests.fixtures.webhooks",
    "tests.fixtures.browser",
    "tests.fixtures.console",
    "pytester",
]
