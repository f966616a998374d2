"""``python -m connector --port 8920 --tharstern-url http://127.0.0.1:8910/TharsternAPI``;
``python -m connector db upgrade`` (and ``current``, ``downgrade``, ``history``, ``stamp``) for the schema."""
from __future__ import annotations

import argparse
import os
import signal
import sys

from tharstern_kit.request_guard_hosts import bound_hosts, host_names
from werkzeug.serving import make_server

from .app import close_app, create_app
from .migrations import SchemaOutOfDate


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["db"]:
        from .db_cli import main as db_main
        return db_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m connector", description="Run the Connect:Tharstern connector "
                                     "(`python -m connector db --help` for the schema).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8920, help="port (default 8920; 0 picks a free one)")
    parser.add_argument("--tharstern-url", help="the Tharstern API URL the demo storefront uses "
                                                "(default http://127.0.0.1:8910/TharsternAPI)")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: connector.sqlite in the instance folder)")
    parser.add_argument("--fixture", choices=["demo", "empty"], help="data for an empty database (default demo)")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a Host name to answer for besides localhost, loopback and the bound address "
                             "(repeatable; .example.com for a domain; see docs/security.md)")
    parser.add_argument("--test-controls", action="store_true", help="enable /_control/reset and /_control/clock")
    args = parser.parse_args(argv)
    overrides = {key: value for key, value in (
        ("THARSTERN_URL", args.tharstern_url), ("DATABASE_URL", args.database_url), ("FIXTURE", args.fixture),
    ) if value}
    if args.test_controls:
        overrides["TEST_CONTROLS"] = True
    overrides["ALLOWED_HOSTS"] = [*host_names(os.environ.get("CONNECTOR_ALLOWED_HOSTS")), *args.allowed_host,
                                  *bound_hosts(args.host)]
    try:
        app = create_app(overrides)
    except SchemaOutOfDate as error:
        print(f"python -m connector: {error}", file=sys.stderr)
        return 1
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"Connector on http://{args.host}:{server.server_port}  (docs http://{args.host}:{server.server_port}/docs; "
          f"Tharstern at {app.config['THARSTERN_URL']})", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit cleanly: a temporary database is removed
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        close_app(app)  # the outbox stops after its call in flight; unsent orders wait for the next start
    return 0


if __name__ == "__main__":
    sys.exit(main())
