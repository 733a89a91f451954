"""The migration history, on the database this run targets, and start-up checks.

Run with TEST_DATABASE_URL set (make test-postgres) these run on PostgreSQL;
otherwise on SQLite. CI runs both.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from support.databases import (
    app_on,
    database_kind,
    flask_db,
    fresh_database_url,
    migrate_to_head,
    record_revision,
)

from screening.infra.database import (
    MIGRATIONS,
    SchemaNotCurrent,
    known_revisions,
    modelled,
)
from screening.infra.extensions import db

ROOT = Path(__file__).resolve().parent.parent
HISTORY = list(reversed(list(ScriptDirectory(MIGRATIONS).walk_revisions())))


@pytest.fixture
def empty_url():
    """Return a new, empty database of this run's kind."""
    with fresh_database_url(database_kind()) as url:
        yield url


def tables_and_revision(url: str) -> tuple[set[str], set[str]]:
    """Return the tables present and the revisions recorded in the database."""
    with app_on(url, SCHEMA_CHECK_AT_START=False) as app, app.app_context():
        tables = {
            name
            for name in inspect(db.engine).get_table_names()
            if name != "alembic_version" and modelled(name, "table", {})
        }
        with db.engine.connect() as connection:
            applied = MigrationContext.configure(connection).get_current_heads()
    return tables, set(applied)


def model_tables() -> set[str]:
    return set(db.metadata.tables)


def test_upgrade_from_empty_builds_every_model_table_at_head(empty_url):
    migrate_to_head(empty_url)
    heads, _ = known_revisions()
    assert tables_and_revision(empty_url) == (model_tables(), set(heads))


def test_downgrade_to_base_removes_everything_and_upgrade_rebuilds_it(empty_url):
    migrate_to_head(empty_url)
    flask_db(empty_url, "downgrade", "base")
    assert tables_and_revision(empty_url) == (set(), set())
    migrate_to_head(empty_url)
    heads, _ = known_revisions()
    assert tables_and_revision(empty_url) == (model_tables(), set(heads))


def test_every_revision_upgrades_and_downgrades_one_step_at_a_time(empty_url):
    for revision in HISTORY:
        flask_db(empty_url, "upgrade", revision.revision)
        assert tables_and_revision(empty_url)[1] == {revision.revision}
    for revision in reversed(HISTORY):
        flask_db(empty_url, "downgrade", revision.down_revision or "base")
        expected = {revision.down_revision} if revision.down_revision else set()
        assert tables_and_revision(empty_url)[1] == expected
    assert tables_and_revision(empty_url) == (set(), set())


def test_the_models_match_the_migrations(empty_url):
    migrate_to_head(empty_url)
    with (
        app_on(empty_url) as app,
        app.app_context(),
        db.engine.connect() as connection,
    ):
        options = {
            "compare_type": True,
            "compare_server_default": True,
            "include_name": modelled,
        }
        context = MigrationContext.configure(connection, opts=options)
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models differ from the migrations: add a revision"


def test_start_up_refuses_an_empty_production_database_naming_the_command(
    empty_url,
):
    with (
        pytest.raises(SchemaNotCurrent) as refused,
        app_on(empty_url, AUTO_MIGRATE_EMBEDDED=False),
    ):
        pass
    assert "behind" in str(refused.value)
    assert "none (empty database)" in str(refused.value)
    assert "flask --app app db upgrade" in str(refused.value)


def test_start_up_refuses_a_database_migrated_by_a_newer_release(empty_url):
    migrate_to_head(empty_url)
    record_revision(empty_url, "ffffffffffff")
    refused = pytest.raises(SchemaNotCurrent, match="ffffffffffff.*newer release")
    with refused, app_on(empty_url, AUTO_MIGRATE_EMBEDDED=False):
        pass


def test_start_up_accepts_a_database_at_head(empty_url):
    migrate_to_head(empty_url)
    with app_on(empty_url, AUTO_MIGRATE_EMBEDDED=False) as app:
        assert app.name == "screening"


def test_the_embedded_database_applies_pending_migrations_at_start():
    with fresh_database_url("sqlite") as url:
        with app_on(url):
            pass
        heads, _ = known_revisions()
        assert tables_and_revision(url) == (model_tables(), set(heads))


def test_the_operator_command_migrates_the_database_named_by_database_url(
    empty_url, tmp_path
):
    # Its own instance folder: the command would otherwise write the
    # checkout's instance/secret_key.
    environment = {
        **os.environ,
        "DATABASE_URL": empty_url,
        "FLASK_INSTANCE_PATH": str(tmp_path),
    }
    completed = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    heads, _ = known_revisions()
    assert tables_and_revision(empty_url) == (model_tables(), set(heads))
