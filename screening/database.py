"""Database set-up: SQLite durability settings and schema readiness."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Engine, event

from .extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
UPGRADE_COMMAND = "flask --app app db upgrade"
# The name search index (migration 0003): an FTS5 table and its shadow
# tables on SQLite, a trigram index on PostgreSQL. Models cannot describe
# them, so schema comparisons leave them to the migrations.
NAME_SEARCH_TABLE = "screening_name_search"
NAME_SEARCH_OBJECTS = (NAME_SEARCH_TABLE, "ix_screening_full_name_trgm")
OPTIMIZE_NAME_SEARCH = (
    "INSERT INTO screening_name_search (screening_name_search) VALUES ('optimize')"
)


class SchemaNotCurrent(RuntimeError):
    """The database's migrations are not the ones this code was written for."""


def is_sqlite(url: str) -> bool:
    """Return True for the embedded database."""
    return url.startswith("sqlite")


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite durable and patient under concurrent writers."""

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted screenings must not linger in free pages of the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()


def modelled(name: str | None, _type: str, _parents: dict) -> bool:
    """Return False for the objects that only migrations describe (Alembic's filter)."""
    return not (name or "").startswith(NAME_SEARCH_OBJECTS)


def erase_deleted_traces() -> None:
    """Make deleted rows unrecoverable from the embedded database's files.

    The name index keeps a deleted row's trigrams in older segments until
    they are merged: "optimize" merges them all, dropping the deleted
    entries. With secure_delete the freed pages are zeroed, but older
    copies stay in the write-ahead log until a checkpoint truncates it.
    """
    if db.engine.dialect.name == "sqlite":
        with db.engine.begin() as connection:
            connection.exec_driver_sql(OPTIMIZE_NAME_SEARCH)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


@cache
def known_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """Return this code's head revisions and every revision it knows.

    Read once per process: the migration files do not change under it.
    """
    script = ScriptDirectory(MIGRATIONS)
    every = frozenset(revision.revision for revision in script.walk_revisions())
    return frozenset(script.get_heads()), every


def applied_revisions() -> frozenset[str]:
    """Return the revisions recorded in the database (empty when unmigrated)."""
    with db.engine.connect() as connection:
        return frozenset(MigrationContext.configure(connection).get_current_heads())


def schema_problem() -> str | None:
    """Return why the schema does not match this code, or None when it does."""
    heads, every = known_revisions()
    applied = applied_revisions()
    if applied == heads:
        return None
    unknown = applied - every
    if unknown:
        return (
            f"The database is at revision {', '.join(sorted(unknown))}, which this "
            "version of the application does not know: a newer release migrated it. "
            "Deploy that release, or restore the database that matches this one."
        )
    current = ", ".join(sorted(applied)) or "none (empty database)"
    return (
        f"The database schema is behind this version of the application "
        f"(database at revision {current}, application needs "
        f"{', '.join(sorted(heads))}). Run '{UPGRADE_COMMAND}' before starting it."
    )


def prepare_database(app: Flask) -> None:
    """Configure the engine; bring the embedded database up to date by itself.

    A shared production database is migrated by an operator
    (``flask --app app db upgrade``); starting against an old schema
    there fails fast instead of serving errors.
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        if is_sqlite(url):
            configure_sqlite(db.engine)
        if not app.config["SCHEMA_CHECK_AT_START"]:
            return
        if is_sqlite(url) and app.config["AUTO_MIGRATE_EMBEDDED"]:
            upgrade()
        problem = schema_problem()
        if problem:
            db.engine.dispose()
            raise SchemaNotCurrent(problem)
