"""Database set-up: SQLite durability settings and schema readiness."""

from __future__ import annotations

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import Engine, event

from .extensions import db, migrate


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


def erase_deleted_traces() -> None:
    """Make deleted rows unrecoverable from the embedded database's files.

    With secure_delete the freed pages are zeroed, but older copies stay in
    the write-ahead log until a checkpoint truncates it.
    """
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def schema_behind(app: Flask) -> bool:
    """Return True when migrations exist that the database has not applied."""
    script = ScriptDirectory.from_config(migrate.get_config())
    with db.engine.connect() as connection:
        applied = set(MigrationContext.configure(connection).get_current_heads())
    return applied != set(script.get_heads())


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
        elif schema_behind(app):
            raise RuntimeError(
                "The database schema is behind this version of the application. "
                "Run 'flask --app app db upgrade' before starting it."
            )
