"""The Tharstern cache, the token cache and keyed locks, on the connector clock."""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from email.utils import format_datetime

from tharstern_kit.clock import Clock
from connector.services.cache import TharsternCache
from connector.services.locks import KeyedLocks
from connector.tharstern.tokens import IssuedToken, TokenCache, connection_key


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_entries_live_for_their_ttl_on_the_connector_clock():
    clock = Clock(FakeTime())
    cache = TharsternCache(clock, 100)
    loads = []
    load = lambda: loads.append(1) or len(loads)  # noqa: E731
    assert cache.get(1, ("a",), 300, load).value == 1
    hit = cache.get(1, ("a",), 300, load)
    assert (hit.value, hit.hit) == (1, True)
    clock.advance(299)
    assert cache.get(1, ("a",), 300, load).value == 1
    clock.advance(2)
    assert cache.get(1, ("a",), 300, load).value == 2


def test_a_zero_ttl_never_caches_and_clearing_is_per_storefront():
    cache = TharsternCache(Clock(FakeTime()), 100)
    assert cache.get(1, ("a",), 0, lambda: "x").hit is False
    assert cache.clear() == 0
    cache.get(1, ("a",), 60, lambda: "one")
    cache.get(2, ("a",), 60, lambda: "two")
    assert cache.clear(1) == 1
    assert cache.get(2, ("a",), 60, lambda: "new").value == "two"
    assert cache.get(1, ("a",), 60, lambda: "new").value == "new"


def test_a_load_under_way_when_the_cache_is_cleared_answers_but_stores_nothing():
    # a request that read Tharstern before a reset (or Clear cache) finishes after it: what it
    # read may predate the clear, so the next reader must read Tharstern again, not this
    cache = TharsternCache(Clock(FakeTime()), 100)

    def load_while_someone_clears():
        cache.clear()
        return "read before the clear"
    assert cache.get(1, ("a",), 60, load_while_someone_clears).value == "read before the clear"
    after = cache.get(1, ("a",), 60, lambda: "read after the clear")
    assert (after.value, after.hit) == ("read after the clear", False)
    assert cache.get(1, ("a",), 60, lambda: "not called").hit is True


def test_concurrent_misses_load_once():
    cache = TharsternCache(Clock(), 100)
    started, loads = threading.Event(), []

    def slow():
        loads.append(1)
        started.wait(1)
        return "value"

    threads = [threading.Thread(target=cache.get, args=(1, ("k",), 60, slow)) for _ in range(5)]
    for thread in threads:
        thread.start()
    started.set()
    for thread in threads:
        thread.join(5)
    assert loads == [1]


def test_tokens_are_kept_until_the_renewal_margin():
    clock = Clock(FakeTime())
    tokens = TokenCache(clock, renew_margin_s=60, fallback_ttl_s=900)
    key = connection_key("http://h/TharsternAPI", "A@x", "app", "pw")
    fetched = []

    def fetch():
        fetched.append(1)
        return IssuedToken(f"token-{len(fetched)}")  # no ExpiresDateTime: the fallback TTL applies

    assert tokens.get(key, fetch) == "token-1"
    clock.advance(900 - 61)
    assert tokens.get(key, fetch) == "token-1"
    clock.advance(2)
    assert tokens.get(key, fetch) == "token-2"
    tokens.forget(key, "token-1")  # an old token does not drop the new one
    assert tokens.get(key, fetch) == "token-2"
    tokens.forget(key)
    assert tokens.get(key, fetch) == "token-3"
    assert "token" not in repr(tokens.valid(key)).replace("CachedToken", "")


def _at(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def test_a_token_lives_its_life_by_tharsterns_clock_whatever_the_connectors_says():
    """The connector's clock is an hour ahead of Tharstern's: a token Tharstern gives for 60
    minutes is still kept for 59 (the margin), not judged expired on arrival."""
    clock = Clock(FakeTime())
    clock.advance(3700)
    tokens = TokenCache(clock, renew_margin_s=60, fallback_ttl_s=900)
    key = connection_key("http://h/TharsternAPI", "a@x", "app", "pw")
    tharstern_now = clock.time() - 3700
    issued = IssuedToken("t1", _at(tharstern_now + 3600), format_datetime(
        datetime.fromtimestamp(tharstern_now, tz=timezone.utc), usegmt=True))
    assert tokens.get(key, lambda: issued) == "t1"
    clock.advance(3539)
    assert tokens.get(key, lambda: IssuedToken("t2")) == "t1"
    clock.advance(2)
    assert tokens.get(key, lambda: IssuedToken("t2")) == "t2"


def test_without_tharsterns_time_an_expiry_already_past_falls_back_to_the_default_life(caplog):
    clock = Clock(FakeTime())
    clock.advance(3700)
    tokens = TokenCache(clock, renew_margin_s=60, fallback_ttl_s=900)
    key = connection_key("http://h/TharsternAPI", "a@x", "app", "pw")
    assert tokens.get(key, lambda: IssuedToken("t1", _at(clock.time() - 100))) == "t1"
    assert "clocks disagree" in caplog.text
    clock.advance(839)
    assert tokens.get(key, lambda: IssuedToken("t2")) == "t1"


def test_a_short_lived_token_is_kept_for_half_its_life_at_least():
    clock = Clock(FakeTime())
    tokens = TokenCache(clock, renew_margin_s=60, fallback_ttl_s=900)
    key = connection_key("http://h/TharsternAPI", "a@x", "app", "pw")
    assert tokens.get(key, lambda: IssuedToken("t1", _at(clock.time() + 30))) == "t1"
    clock.advance(14)
    assert tokens.get(key, lambda: IssuedToken("t2")) == "t1"


def test_the_token_key_changes_with_the_password_but_does_not_hold_it():
    first = connection_key("http://h/T", "a@x", "app", "pw1")
    assert first != connection_key("http://h/T", "a@x", "app", "pw2")
    assert first == connection_key("HTTP://h/T", " A@X ", "app", "pw1")
    assert "pw1" not in repr(first)


def test_keyed_locks_serialise_one_key_only():
    locks = KeyedLocks()
    seen = []

    def take(key):
        try:
            with locks.hold(key, timeout_s=0.05):
                seen.append(key)
        except TimeoutError:
            seen.append(f"{key} timed out")

    with locks.hold("a"):
        for key in ("b", "a"):
            thread = threading.Thread(target=take, args=(key,))
            thread.start()
            thread.join(2)
    take("a")
    assert seen == ["b", "a timed out", "a"]
