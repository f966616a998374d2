"""Fixtures live in tests/fixtures/<area>.py, one module per part of the product; list them here."""

pytest_plugins = [
    "tests.fixtures.clients",
    "tests.fixtures.fake",
    "tests.fixtures.connector",
    "tests.fixtures.processes",
    "tests.fixtures.postgres",
    "tests.fixtures.webhooks",
    "tests.fixtures.harness",
    "tests.fixtures.browser",
    "tests.fixtures.console",
    "tests.fixtures.admin",
    "tests.fixtures.calibration",
    "pytester",
]
