"""The connector's schema is Alembic's: replaying every revision gives exactly the models'
schema (autogenerate finds nothing to change) on SQLite and on PostgreSQL; downgrades undo;
a SQLite file made before migrations is adopted with its rows; ``python -m connector db``
manages it; the app refuses a PostgreSQL database that is not migrated, naming the command."""
from __future__ import annotations

import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text

from connector import migrations
from connector.__main__ import main as connector_main
from connector.app import close_app, create_app
from connector.models import Base, Customer, Storefront
from connector.store import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'connector.sqlite'}"
    return request.getfixturevalue("postgres_url")


def differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_the_head_the_app_checks_is_alembics_newest_revision():
    assert migrations.HEAD == migrations.head()


def test_replaying_every_revision_gives_exactly_the_models_schema(database_url):
    engine = create_engine(database_url)
    try:
        migrations.upgrade(engine, "0001")  # one revision at a time, not the empty-database shortcut
        migrations.upgrade(engine)
        assert migrations.current(engine) == migrations.head()
        assert differences(engine) == []
        migrations.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_a_new_database_is_made_at_once_and_matches_the_models(database_url):
    engine = create_engine(database_url)
    try:
        migrations.upgrade(engine)
        assert migrations.current(engine) == migrations.head() and differences(engine) == []
        migrations.downgrade(engine, "0001")  # and the newest revision can be undone from there
        assert "lease_until" not in {c["name"] for c in inspect(engine).get_columns("submissions")}
    finally:
        engine.dispose()


def test_a_sqlite_file_made_before_migrations_is_adopted_with_its_rows(tmp_path, tharstern):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    config = {"DATABASE_URL": url, "THARSTERN_URL": tharstern.api_url}
    close_app(create_app(config))  # the demo fixture's rows
    engine = create_engine(url)
    with engine.begin() as connection:  # what create_all made before these columns and migrations existed
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(text("ALTER TABLE submissions DROP COLUMN claimed_by"))
        connection.execute(text("ALTER TABLE submissions DROP COLUMN lease_until"))
        connection.execute(text("ALTER TABLE customers DROP COLUMN link_ambiguity"))
        connection.execute(text("ALTER TABLE orders DROP COLUMN accepted_offline"))
        connection.execute(text("DROP TABLE webhook_refusals"))
        before = connection.scalar(select(func.count()).select_from(Customer))
        storefronts = set(connection.scalars(select(Storefront.key)))
    assert before > 0 and "default" in storefronts
    app = create_app(config)
    try:
        assert migrations.current(engine) == migrations.head() and differences(engine) == []
        store: Store = app.extensions["connector"].store
        with store.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Customer)) == before
            assert set(session.scalars(select(Storefront.key))) == storefronts
    finally:
        close_app(app)
        engine.dispose()


def run_db(capsys, *args: str) -> tuple[int, str]:
    """``python -m connector db …`` in this process (the real command line is run once below)."""
    code = connector_main(["db", *args])
    return code, capsys.readouterr().out.strip()


def test_the_db_command_upgrades_reports_and_downgrades(database_url, capsys):
    assert run_db(capsys, "--database-url", database_url, "current") == (0, f"(none) (newest {migrations.head()})")
    code, said = run_db(capsys, "--database-url", database_url, "upgrade")
    assert code == 0 and said.endswith(f"at {migrations.head()} (newest {migrations.head()})")
    assert run_db(capsys, "--database-url", database_url, "current") == (0, migrations.head())
    code, said = run_db(capsys, "--database-url", database_url, "downgrade", "0001")
    assert code == 0 and said.endswith("at 0001")
    assert run_db(capsys, "--database-url", database_url, "current") == (0, f"0001 (newest {migrations.head()})")
    code, history = run_db(capsys, "history")
    assert "0003 ← 0002" in history and "0002 ← 0001" in history and "0001 ← (base)" in history


def test_the_db_command_line_names_a_database_it_cannot_reach():
    failed = subprocess.run([sys.executable, "-m", "connector", "db", "--database-url",
                             "sqlite:////nonexistent-dir/x.sqlite", "upgrade"], capture_output=True, text=True,
                            timeout=120)
    assert failed.returncode == 1 and "python -m connector db upgrade: OperationalError" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_the_app_refuses_a_postgresql_database_that_is_not_migrated(postgres_url):
    with pytest.raises(migrations.SchemaOutOfDate, match=r"run `python -m connector db upgrade"):
        create_app({"DATABASE_URL": postgres_url})


def test_the_server_command_names_the_upgrade_it_needs(postgres_url):
    refused = subprocess.run([sys.executable, "-m", "connector", "--port", "0", "--database-url", postgres_url],
                             capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "run `python -m connector db upgrade" in refused.stderr
    assert "Traceback" not in refused.stderr
