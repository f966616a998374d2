"""``python -m fake_tharstern --host 127.0.0.1 --port 8910 --seed 42 --fixture demo``"""
from __future__ import annotations

import argparse
import os
import sys

from tharstern_kit.request_guard_hosts import bound_hosts, host_names
from werkzeug.serving import WSGIRequestHandler, make_server

from .app import create_app
from .backend.journal import mask_query


class MaskedLogHandler(WSGIRequestHandler):
    """The access log, with password query values masked. A request line the server refuses (not
    HTTP, or over 64 KB: 400 or 414) has no parsed path: its first 200 characters are logged
    instead, masked the same way, so the refusal still reaches the client. A line too broken to
    name an HTTP version is answered as HTTP/1.0 (a status line a client can read), not as
    http.server's HTTP/0.9 default (a bare HTML page)."""

    default_request_version = "HTTP/1.0"

    def log_request(self, code="-", size="-") -> None:
        if getattr(self, "path", None) is None or not getattr(self, "command", None):
            self.log("info", '"%s" %s %s', masked_target(str(getattr(self, "requestline", ""))[:200]), code, size)
            return
        self.log("info", '"%s %s %s" %s %s', self.command, masked_target(self.path), self.request_version, code, size)


def masked_target(text: str) -> str:
    """``/x?password=s&y=1 HTTP/1.1`` -> ``/x?password=***&y=1 HTTP/1.1``."""
    head, mark, rest = text.partition("?")
    if not mark:
        return text
    query, space, tail = rest.partition(" ")
    return head + "?" + mask_query(query) + space + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fake_tharstern", description="Run the fake Tharstern API.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8910, help="port (default 8910; 0 picks a free one)")
    parser.add_argument("--seed", type=int, default=42, help="seed for the fixture's generated data")
    parser.add_argument("--fixture", default="demo", choices=["demo", "empty", "large"])
    parser.add_argument("--base-path", default="/TharsternAPI", help="where the API lives (default /TharsternAPI)")
    parser.add_argument("--allow", action="append", default=[], metavar="IP",
                        help="allowlist an address or network (repeatable; none = everyone)")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a Host name to answer for besides localhost, loopback and the bound address "
                             "(repeatable; .example.com for a domain; see docs/security.md)")
    parser.add_argument("--self-check", action="store_true",
                        help="start, make one authenticated call over HTTP, print the result and exit")
    args = parser.parse_args(argv)
    hosts = [*host_names(os.environ.get("FAKE_THARSTERN_ALLOWED_HOSTS")), *args.allowed_host, *bound_hosts(args.host)]
    app = create_app({"FIXTURE": args.fixture, "SEED": args.seed, "BASE_PATH": args.base_path,
                      "ALLOWLIST": args.allow, "ALLOWED_HOSTS": hosts})
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MaskedLogHandler)
    url = f"http://{args.host}:{server.server_port}{app.config['API_PREFIX'][:-5]}"
    if args.self_check:
        return self_check(server, url)
    print(f"Fake Tharstern on {url}  (docs http://{args.host}:{server.server_port}/docs, "
          f"control plane http://{args.host}:{server.server_port}/_fake)", flush=True)
    print(f"Console for people: http://{args.host}:{server.server_port}/_fake/ui", flush=True)
    print("Demo API user: integration@demo.test / tharstern; storefront customer code WEB001", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def self_check(server, url: str) -> int:
    import threading

    import requests

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        auth = requests.get(f"{url}/api/authentication/generateapitoken", timeout=10, params={
            "email": "integration@demo.test", "password": "tharstern", "applicationId": "self-check"}).json()
        token = auth["Details"]["Token"]
        products = requests.get(f"{url}/api/products", params={"customerCode": "WEB001"}, auth=(token, ""), timeout=10).json()
        count = products["Details"]["TotalItemCount"]
        print(f"self-check ok: {url} issued a token and listed {count} stock items for WEB001")
        return 0 if count > 0 else 1
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
