"""The browser-test fixtures themselves: the skip rule without Chromium, where screenshots go,
and what fails a page (uncaught errors, anything off loopback)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.fixtures import browser as browser_fixtures
from tests.fixtures.browser import PageWatch, screenshot_path


def test_without_chromium_browser_tests_are_skipped_with_the_reason(pytester, monkeypatch):
    monkeypatch.setattr(browser_fixtures, "CHROMIUM", Path("/nonexistent/chromium"))
    pytester.makepyfile(test_needs_a_page="def test_it(page):\n    raise AssertionError('ran without a browser')\n")
    result = pytester.runpytest_inprocess("-p", "tests.fixtures.browser", "-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*browser tests need Debian's Chromium at /nonexistent/chromium*apt-get install chromium*"])


def test_screenshots_go_to_docs_only_when_missing_or_asked(tmp_path):
    committed, scratch = tmp_path / "docs", tmp_path / "scratch"
    committed.mkdir()
    assert screenshot_path("new-page", update=False, scratch=scratch, committed=committed) == committed / "new-page.png"
    (committed / "old-page.png").write_bytes(b"png")
    assert screenshot_path("old-page", update=False, scratch=scratch, committed=committed) == scratch / "old-page.png"
    assert screenshot_path("old-page", update=True, scratch=scratch, committed=committed) == committed / "old-page.png"


@pytest.mark.parametrize("url, off", [
    ("http://127.0.0.1:8910/_fake/ui", False), ("http://127.0.0.2:9/x", False), ("http://localhost:1/", False),
    ("http://[::1]:80/", False), ("data:text/plain,hi", False), ("about:blank", False),
    ("https://cdn.example.com/bootstrap.css", True), ("https://fonts.googleapis.com/css", True),
    ("http://10.0.0.1/", True), ("ws://example.org/socket", True), ("http://localhost.example.com/", True),
    ("http://127.example.com/", True),
])
def test_a_page_fails_when_it_reaches_off_loopback(url, off):
    watch = PageWatch()
    watch.request(SimpleNamespace(url=url))
    assert bool(watch.off_loopback) == off
    if off:
        with pytest.raises(AssertionError, match="off loopback"):
            watch.check()
    else:
        watch.check()


def test_a_page_fails_on_an_uncaught_javascript_error():
    watch = PageWatch()
    watch.errors.append("TypeError: x is undefined")
    with pytest.raises(AssertionError, match="uncaught JavaScript errors"):
        watch.check()
