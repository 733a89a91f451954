"""Shared fixtures: an application on a fresh database, a client, a CLI runner.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL
is set (`make test-postgres`). Either way the session gets its own database
(a temporary file, or a random schema), built once with the migrations and
emptied before every test.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine
from support.databases import (
    database_kind,
    dispose,
    empty_tables,
    fresh_database_url,
    migrate_to_head,
)

from screening import create_app
from screening.extensions import db as _db

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
}


@pytest.fixture(scope="session")
def database_url():
    """Return this test run's database, migrated to head, dropped at the end."""
    with fresh_database_url(database_kind()) as url:
        migrate_to_head(url)
        yield url


@pytest.fixture(scope="session")
def database_engine(database_url):
    """Return one engine on the session's database, for emptying it."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_app(database_url, database_engine):
    """Return a factory of applications sharing one emptied database."""
    empty_tables(database_engine)
    apps = []

    def make(**config):
        app = create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **config}
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        dispose(app)


@pytest.fixture
def app(make_app):
    """Return an application on an empty, migrated database."""
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """Return the database handle inside an application context."""
    with app.app_context():
        yield _db


VALID_ANSWERS = {
    "full_name": "Ada Example",
    "email": "ada@example.com",
    "phone": "",
    "date_of_birth-day": "14",
    "date_of_birth-month": "3",
    "date_of_birth-year": "1990",
    "visit_date-day": "",
    "visit_date-month": "",
    "visit_date-year": "",
    "pregnant": "no",
    "good_health": "yes",
    "cancer_history": "no",
    "heart_arrhythmia": "no",
    "blood_clots": "no",
    "takes_medication": "no",
    "medications": "",
    "consent": "y",
}


@pytest.fixture
def answers():
    """Return a fresh copy of answers that make an eligible screening."""
    return dict(VALID_ANSWERS)


def nonce_from(html: str) -> str:
    """Return the one-time form nonce embedded in a rendered form."""
    return re.search(r'name="nonce" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def submit(client):
    """Return a function that fetches a fresh form and posts answers to it."""

    def submit_answers(answers, **changes):
        form = client.get("/screening").get_data(as_text=True)
        data = {**answers, "nonce": nonce_from(form), **changes}
        return client.post("/screening", data=data)

    return submit_answers
