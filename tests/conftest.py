"""Shared fixtures: an application on a fresh database, a client, a CLI runner."""

from __future__ import annotations

import re

import pytest

from screening import create_app
from screening.extensions import db as _db

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
}


@pytest.fixture
def make_app(tmp_path):
    """Return a factory of applications sharing one SQLite file, migrated to head."""
    apps = []

    def make(**config):
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            _db.engine.dispose()


@pytest.fixture
def app(make_app):
    """Return an application on a fresh, migrated database."""
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
