"""The test suite's database switch: the right engine, isolated and emptied."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url
from support.databases import (
    database_kind,
    empty_tables,
    fresh_database_url,
    migrate_to_head,
    server_engine,
    server_url,
)
from support.records import stored_screening

from screening.models import Screening


def count_screenings(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Screening))


def test_the_app_runs_on_the_database_this_run_asked_for(app, db):
    assert db.engine.dialect.name == database_kind()


def test_the_session_database_is_built_by_the_migrations(db):
    tables = set(inspect(db.engine).get_table_names())
    assert {"alembic_version", "screening"} <= tables


def test_emptying_removes_every_row_and_restarts_the_ids(app, db, database_engine):
    stored_screening()
    assert count_screenings(db) == 1
    db.session.remove()
    empty_tables(database_engine)
    assert count_screenings(db) == 0
    stored_screening()
    assert db.session.scalar(select(Screening.id)) == 1


def test_the_run_asks_for_postgresql_through_test_database_url(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "postgresql+psycopg://u@h:1/d")
    assert database_kind() == "postgresql"
    assert server_url() == "postgresql+psycopg://u@h:1/d"
    monkeypatch.delenv("TEST_DATABASE_URL")
    assert database_kind() == "sqlite"


def test_a_fresh_sqlite_database_is_removed_afterwards():
    with fresh_database_url("sqlite") as url:
        path = Path(make_url(url).database)
        migrate_to_head(url)
        assert path.exists()
    assert not path.parent.exists()


def test_a_fresh_postgresql_schema_is_private_and_dropped_afterwards():
    server = server_engine()
    with fresh_database_url("postgresql") as url:
        schema = make_url(url).query["options"].removeprefix("-csearch_path=")
        migrate_to_head(url)
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.scalar(text("select current_schema()")) == schema
        engine.dispose()
        assert "screening" in inspect(server).get_table_names(schema)
        assert "screening" not in inspect(server).get_table_names("public")
    assert schema not in inspect(server).get_schema_names()
    server.dispose()


def test_an_unknown_kind_of_database_is_refused():
    refused = pytest.raises(ValueError, match="unknown database kind")
    with refused, fresh_database_url("oracle"):
        pass
