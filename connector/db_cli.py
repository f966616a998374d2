"""``python -m connector db upgrade|downgrade|current|history|stamp``: the connector's schema
(Alembic, ``connector.migrations``) on the database the connector would use: ``--database-url``,
else ``CONNECTOR_DATABASE_URL``, else the SQLite file in the instance folder."""
from __future__ import annotations

import argparse
import sys

from flask import Flask

from . import migrations


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m connector db", description="Manage the connector's schema.")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: CONNECTOR_DATABASE_URL, else the "
                                               "instance folder's connector.sqlite)")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("upgrade", help="migrate to the newest revision (or --revision)").add_argument(
        "--revision", default="head")
    actions.add_parser("downgrade", help="migrate back to a revision").add_argument("revision")
    actions.add_parser("current", help="print the revision the database is at")
    actions.add_parser("history", help="list the revisions, newest first")
    actions.add_parser("stamp", help="record a revision without running it").add_argument("revision")
    args = parser.parse_args(argv)
    if args.action == "history":
        for line in migrations.history():
            print(line)
        return 0
    from .app import _database_url
    from .store import Store
    config_app = Flask("connector.app", instance_relative_config=True)
    config_app.config["DATABASE_URL"] = None
    config_app.config.from_prefixed_env("CONNECTOR")
    if args.database_url:
        config_app.config["DATABASE_URL"] = args.database_url
    store = Store(_database_url(config_app))
    where = store.engine.url.render_as_string(hide_password=True)
    try:
        if args.action == "upgrade":
            added = migrations.upgrade(store.engine, args.revision)
            if added:
                print(f"adopted a database made before migrations; added {', '.join(added)}")
            print(f"{where}: at {migrations.current(store.engine)} (newest {migrations.head()})")
        elif args.action == "downgrade":
            migrations.downgrade(store.engine, args.revision)
            print(f"{where}: at {migrations.current(store.engine) or '(base)'}")
        elif args.action == "stamp":
            migrations.stamp(store.engine, args.revision)
            print(f"{where}: stamped {args.revision}")
        else:
            at = migrations.current(store.engine)
            print(f"{at or '(none)'}" + ("" if at == migrations.head() else f" (newest {migrations.head()})"))
    except Exception as error:  # a clear line, not a traceback, for a person at a terminal
        print(f"python -m connector db {args.action}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        store.engine.dispose()
    return 0
