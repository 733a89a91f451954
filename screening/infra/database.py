"""Database set-up: SQLite durability settings and schema readiness."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import click
from alembic.script import ScriptDirectory
from flask import Flask
from flask.cli import FlaskGroup
from flask_migrate import upgrade
from sqlalchemy import Engine, column, event, inspect, select, table
from sqlalchemy.engine import URL, make_url

from .extensions import db
from .write_turns import install_write_turns

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
UPGRADE_COMMAND = "flask --app app db upgrade"
# Alembic's bookkeeping table, read without Alembic.
VERSION_TABLE = table("alembic_version", column("version_num"))
# Execution option that marks a session's transaction as one that will write.
WRITE_TRANSACTION = "screening_write"
# SQLite waits this long for the write lock (PRAGMA busy_timeout), and a
# writer waits as long for its turn (screening/infra/write_turns.py).
BUSY_TIMEOUT_MS = 10_000
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
    """Make SQLite durable and patient under concurrent writers.

    The driver's own transaction handling is switched off and SQLAlchemy
    emits BEGIN itself (SQLAlchemy's documented pysqlite recipe), so reads
    run inside real transactions. A transaction opened with begin_write()
    starts BEGIN IMMEDIATE: it takes the write lock first, waiting up to
    busy_timeout for it. A plain BEGIN that reads and then writes would hold
    a snapshot that another writer may have overtaken, and SQLite then fails
    at once with "database is locked" instead of waiting. Read-only requests
    keep the plain BEGIN and never queue behind writers.

    Before BEGIN IMMEDIATE a writer takes its turn on a lock file beside
    the database (screening/infra/write_turns.py, a measured performance device).
    """
    database = database_file(engine.url)
    if database:
        install_write_turns(engine, database, WRITE_TRANSACTION, BUSY_TIMEOUT_MS)

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted screenings must not linger in free pages of the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        writes = connection.get_execution_options().get(WRITE_TRANSACTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def database_file(url: URL) -> str | None:
    """Return the embedded database's file, beside which its lock files live.

    None for an in-memory database, which has no file and no other process.
    """
    database = url.database
    if database and url.query.get("uri") == "true":
        database = urlsplit(database).path
    if not database or database == ":memory:" or "mode=memory" in str(url):
        return None
    return database


def begin_write() -> None:
    """Open the session's transaction as a writer (BEGIN IMMEDIATE on SQLite).

    Call it before the first query of a unit of work that will write; a
    transaction the session already has is kept as it is (SQLAlchemy cannot
    change how it began). On other databases it changes nothing.
    """
    if not db.session().in_transaction():
        db.session.connection(execution_options={WRITE_TRANSACTION: True})


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
    """Return the revisions recorded in the database (empty when unmigrated).

    Read directly rather than through Alembic, which logs at every call
    and /readyz calls this every few seconds.
    """
    with db.engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE.name):
            return frozenset()
        return frozenset(connection.scalars(select(VERSION_TABLE.c.version_num)))


@contextmanager
def embedded_migration_lock(url: str) -> Iterator[None]:
    """Let one process at a time migrate the embedded database.

    gunicorn starts its workers together; without this they race to create
    the same tables and all but one fail to boot.
    """
    path = database_file(make_url(url))
    if not path:
        yield
        return
    with open(f"{path}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def schema_state(applied: frozenset[str]) -> str:
    """Return "current", "behind", or "ahead" when a newer release migrated it."""
    heads, every = known_revisions()
    if applied == heads:
        return "current"
    return "ahead" if applied - every else "behind"


def schema_problem(applied: frozenset[str]) -> str | None:
    """Return why this code must not start on the schema, or None when it may."""
    state = schema_state(applied)
    if state == "current":
        return None
    if state == "ahead":
        return (
            f"The database is at revision {', '.join(sorted(applied))}, which this "
            "version of the application does not know: a newer release migrated it. "
            "Deploy that release, or restore the database that matches this one."
        )
    heads, _ = known_revisions()
    current = ", ".join(sorted(applied)) or "none (empty database)"
    return (
        f"The database schema is behind this version of the application "
        f"(database at revision {current}, application needs "
        f"{', '.join(sorted(heads))}). Run '{UPGRADE_COMMAND}' before starting it."
    )


def prepare_database(app: Flask) -> None:
    """Configure the engine, and check the schema now when the app is built to work.

    The schema must be current before anything reads or writes patient data,
    yet ``flask --app app db upgrade`` must build the app on an empty or
    older database to make it current. So the check (after the embedded
    database's self-migration) runs where the work starts, not in every
    build: here, when a WSGI server imports ``app:app`` (gunicorn's master
    loads it once before forking, so an old schema stops the server),
    under ``flask run`` or ``flask shell``; and in each data command
    (create-staff, purge, ...) through ``cli.needs_current_schema``. The
    flask command builds the app without it only to look up one of the
    app's own commands, so the ``db`` group, which has no such check, can
    migrate. ``/readyz`` reports the same state on every poll, and
    ``SCHEMA_CHECK_AT_START=False`` turns the check off for tests.
    """
    if is_sqlite(app.config["SQLALCHEMY_DATABASE_URI"]):
        with app.app_context():
            configure_sqlite(db.engine)
    context = click.get_current_context(silent=True)
    if context is None or not isinstance(context.command, FlaskGroup):
        require_current_schema(app)


def require_current_schema(app: Flask) -> None:
    """Migrate the embedded database if allowed; raise unless the schema is current."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not app.config["SCHEMA_CHECK_AT_START"]:
        return
    with app.app_context():
        if is_sqlite(url) and app.config["AUTO_MIGRATE_EMBEDDED"]:
            with embedded_migration_lock(url):
                upgrade()
        problem = schema_problem(applied_revisions())
        # A gunicorn master that preloads the app forks its workers after
        # this: none may inherit a connection (SQLAlchemy's pooling guide).
        db.engine.dispose()
    if problem:
        raise SchemaNotCurrent(problem)
