"""Which database the application opens, and how it survives a restart of it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from support.databases import (
    app_on,
    dispose,
    fresh_database_url,
    migrate_to_head,
    server_url,
)

from screening import create_app
from screening.infra.extensions import db

NOT_CHECKED = {"SECRET_KEY": "test-secret-key", "SCHEMA_CHECK_AT_START": False}


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    """Unset the database variables; keep the app's instance folder in tmp_path."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("FLASK_SQLALCHEMY_DATABASE_URI", raising=False)
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path))
    return monkeypatch


def configured_url() -> str:
    """Return the database URL an application built from the environment opens."""
    app = create_app({"TESTING": True, **NOT_CHECKED})
    dispose(app)
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.mark.parametrize(
    "given",
    [
        "postgres://clinic@db:5432/screening",
        "postgresql://clinic@db:5432/screening",
        "postgresql+psycopg://clinic@db:5432/screening",
    ],
)
def test_database_url_opens_postgresql_through_psycopg_3(clean_environment, given):
    clean_environment.setenv("DATABASE_URL", given)
    assert configured_url() == "postgresql+psycopg://clinic@db:5432/screening"


def test_the_flask_variable_wins_over_database_url_and_uses_psycopg_3(
    clean_environment,
):
    clean_environment.setenv("DATABASE_URL", "postgres://other@db/other")
    clean_environment.setenv(
        "FLASK_SQLALCHEMY_DATABASE_URI", "postgresql://clinic@db/screening"
    )
    assert configured_url() == "postgresql+psycopg://clinic@db/screening"


def test_without_any_setting_the_embedded_database_lives_in_the_instance_folder(
    clean_environment, tmp_path
):
    assert configured_url() == f"sqlite:///{tmp_path}/screening.sqlite3"


def test_a_connection_the_database_dropped_is_replaced_before_use():
    with fresh_database_url("postgresql") as url:
        migrate_to_head(url)
        with app_on(url) as app, app.app_context():
            pid = db.session.scalar(text("select pg_backend_pid()"))
            db.session.remove()
            terminate_backend(pid)
            assert db.session.scalar(text("select pg_backend_pid()")) != pid
            assert db.engine.url.drivername == "postgresql+psycopg"


def terminate_backend(pid: int) -> None:
    """Kill one server connection, as a database restart or failover would."""
    engine = create_engine(server_url())
    with engine.begin() as connection:
        connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
    engine.dispose()
