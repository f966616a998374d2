"""``python -m fake_tharstern --host 127.0.0.1 --port 8910 --seed 42 --fixture demo|FILE [--state-file PATH]``

Exit codes: 0 after a clean stop, 1 when ``--self-check`` fails, 2 for bad arguments or a
fixture file or state file that cannot be used (every problem printed with file and line)."""
from __future__ import annotations

import argparse
import os
import sys

from tharstern_kit.request_guard_hosts import bound_hosts, host_names
from werkzeug.serving import WSGIRequestHandler, make_server

from .app import create_app
from .backend.controls.masking import mask_query
from .backend.snapshots.statefile import StateFileError
from .fixtures import FIXTURES
from .fixtures.files import FixtureFileError, is_fixture_file


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
    parser.add_argument("--fixture", default=None,
                        help="demo (default), empty, large, or a fixture file (.yaml, .yml, .json) in the "
                             "/_fake/seed body format; env FAKE_THARSTERN_FIXTURE")
    parser.add_argument("--state-file", default=None, metavar="PATH",
                        help="restore the state from PATH at start (when it exists) and save it there after "
                             "every change; env FAKE_THARSTERN_STATE_FILE")
    parser.add_argument("--base-path", default="/TharsternAPI", help="where the API lives (default /TharsternAPI)")
    parser.add_argument("--allow", action="append", default=[], metavar="IP",
                        help="allowlist an address or network (repeatable; none = everyone)")
    parser.add_argument("--proxy-to", metavar="URL",
                        help="recording proxy: send API calls to this real Tharstern API base instead (docs/calibration.md)")
    parser.add_argument("--record", metavar="DIR", help="with --proxy-to: write each exchange to DIR, secrets masked")
    parser.add_argument("--proxy-timeout", type=float, default=60.0, metavar="S",
                        help="with --proxy-to: seconds to wait for the real server's answer (default 60)")
    parser.add_argument("--proxy-ca-bundle", metavar="PATH",
                        help="with --proxy-to: trust the real server's certificate authority in this PEM file")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a Host name to answer for besides localhost, loopback and the bound address "
                             "(repeatable; .example.com for a domain; see docs/security.md)")
    parser.add_argument("--self-check", action="store_true",
                        help="start, make one authenticated call over HTTP, print the result and exit")
    args = parser.parse_args(argv)
    if args.proxy_to or args.record:
        return run_proxy(parser, args)
    config = {"SEED": args.seed, "BASE_PATH": args.base_path, "ALLOWLIST": args.allow, "ALLOWED_HOSTS": [
        *host_names(os.environ.get("FAKE_THARSTERN_ALLOWED_HOSTS")), *args.allowed_host, *bound_hosts(args.host)]}
    if args.fixture is not None:
        config["FIXTURE"] = args.fixture
    if args.state_file is not None:
        config["STATE_FILE"] = args.state_file
    if args.fixture is not None and not is_fixture_file(args.fixture) and args.fixture not in FIXTURES:
        parser.error(f"--fixture: '{args.fixture}' is neither a fixture ({', '.join(FIXTURES)}) nor a "
                     ".yaml, .yml or .json file")
    try:
        app = create_app(config)
    except (FixtureFileError, StateFileError) as error:
        print(f"python -m fake_tharstern: cannot start:\n{error}", file=sys.stderr)
        return 2
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MaskedLogHandler)
    url = f"http://{args.host}:{server.server_port}{app.config['API_PREFIX'][:-5]}"
    if args.self_check:
        return self_check(server, url)
    print(f"Fake Tharstern on {url}  (docs http://{args.host}:{server.server_port}/docs, "
          f"control plane http://{args.host}:{server.server_port}/_fake)", flush=True)
    print(f"Console for people: http://{args.host}:{server.server_port}/_fake/ui", flush=True)
    print(f"Tenants (a fake of their own each): http://{args.host}:{server.server_port}/t/<name>/TharsternAPI "
          f"and /t/<name>/_fake/ui", flush=True)
    print("Demo API user: integration@demo.test / tharstern; storefront customer code WEB001", flush=True)
    state_file = app.extensions["fake_tharstern"].state_file
    if state_file is not None:
        print(f"State file: {state_file.path} (saved after every change)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["fake_tharstern_tenants"].close()
        app.extensions["fake_tharstern"].close()
    return 0


def run_proxy(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``--proxy-to URL [--record DIR]``: the recording proxy (fake_tharstern/proxy/)."""
    from .proxy import check_upstream, create_proxy_app

    if not args.proxy_to:
        parser.error("--record goes with --proxy-to URL (the real Tharstern's API base)")
    try:
        check_upstream(args.proxy_to)
        app = create_proxy_app(args.proxy_to, args.record, {"BASE_PATH": args.base_path, "ALLOWLIST": args.allow},
                               read_timeout_s=args.proxy_timeout, verify=args.proxy_ca_bundle or True)
    except (ValueError, OSError) as error:
        parser.error(str(error))

    server = make_server(args.host, args.port, app, threaded=True, request_handler=MaskedLogHandler)
    root = f"http://{args.host}:{server.server_port}"
    print(f"Recording proxy on {root}{app.config['API_PREFIX'][:-5]} -> {app.config['PROXY_TO']}", flush=True)
    print(f"Recording to {args.record}" if args.record else "Not recording (no --record DIR)", flush=True)
    print(f"Journal and control plane: {root}/_fake/journal", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["fake_tharstern"].close()
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
