"""The threaded server with SQLite and shared caches: concurrent requests over real sockets."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.fixtures.connector import SF


def test_concurrent_requests_share_one_token_and_one_list_load(connector_server, tharstern):
    base = f"{connector_server.url}{SF}"

    def price(n):
        return requests.post(f"{base}/prices", json={"variant_id": 1 + n % 3, "quantity": 100}, timeout=30)

    def options(_n):
        return requests.get(f"{base}/connect-link/options", timeout=30)

    def create(n):
        return requests.post(f"{base}/customers", json={"email": f"buyer{n}@example.com"}, timeout=30)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(price, range(8))) + list(pool.map(options, range(8))) + list(pool.map(create, range(8)))
    assert [a.status_code for a in answers] == [200] * 16 + [201] * 8
    assert all(a.json()["price"] is not None for a in answers[:8])
    assert tharstern.calls("authentication/generateapitoken") == 1
    assert tharstern.calls("products") == 1
    assert len(requests.get(f"{base}/customers", timeout=10).json()) == 6 + 8
