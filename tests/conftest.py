"""Shared fixtures: applications on fresh databases, clients, answers, page checks.

The suite runs on SQLite by default; with TEST_DATABASE_URL set (``make
test-postgres``) every test runs on a throw-away PostgreSQL database instead.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import date

import pytest
from bs4 import BeautifulSoup
from flask_migrate import upgrade
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from screening import create_app
from screening.extensions import db as _db
from screening.models import Screening

# The clinic's "today" in tests that pin it (see the ``today`` fixture).
TODAY = date(2026, 6, 15)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """Return a fresh PostgreSQL database migrated to head, or None for SQLite."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield None
        return
    name = f"screening_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    migrator = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
            "SQLALCHEMY_DATABASE_URI": url,
            "SCHEMA_CHECK_AT_START": False,
        }
    )
    with migrator.app_context():
        upgrade()
        _db.engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_database() -> None:
    """Delete every row so the next test starts from an empty database."""
    tables = ", ".join(f'"{table.name}"' for table in _db.metadata.sorted_tables)
    with _db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class MemoryBytecodeCache(BytecodeCache):
    """Compile each template once for the whole run, not once per test app."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = MemoryBytecodeCache()


@pytest.fixture
def make_app(tmp_path, postgres_url):
    """Return a factory of test applications sharing this test's database."""
    apps = []

    def build(**overrides):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_DATABASE_URI": postgres_url
            or f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
        }
        built = create_app(config | overrides)
        built.jinja_env.bytecode_cache = TEMPLATE_CACHE
        apps.append(built)
        return built

    yield build
    for built in apps:
        with built.app_context():
            if postgres_url:
                empty_database()
            _db.engine.dispose()


@pytest.fixture
def app(make_app):
    """Return an application with its own database, migrated to head."""
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


@pytest.fixture
def csrf_app(make_app):
    """Return an application that checks CSRF tokens, as in production."""
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture
def today(monkeypatch):
    """Pin the clinic's date, so dates in tests mean the same on any day."""
    for module in ("screening.patient.views", "screening.api.views"):
        monkeypatch.setattr(f"{module}.clinic_today", lambda _timezone: TODAY)
    return TODAY


@pytest.fixture
def stored(app):
    """Return a function listing every stored screening, oldest first."""

    def all_screenings() -> list[Screening]:
        with app.app_context():
            query = select(Screening).order_by(Screening.id)
            return list(_db.session.scalars(query))

    return all_screenings


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


def date_parts(name: str, value: date) -> dict[str, str]:
    """Return the three form inputs of a memorable date."""
    return {
        f"{name}-day": str(value.day),
        f"{name}-month": str(value.month),
        f"{name}-year": str(value.year),
    }


@pytest.fixture
def born():
    """Return a function giving the form inputs for a date of birth."""
    return lambda value: date_parts("date_of_birth", value)


@pytest.fixture
def visiting():
    """Return a function giving the form inputs for a planned visit date."""
    return lambda value: date_parts("visit_date", value)


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


@pytest.fixture
def screen(client, submit):
    """Return a function that submits answers and returns the result page's token."""

    def screen_answers(answers, **changes) -> str:
        response = submit(answers, **changes)
        assert response.status_code == 303, response.get_data(as_text=True)
        return response.headers["Location"].rsplit("/", 1)[-1]

    return screen_answers


API_ANSWERS = {
    "date_of_birth": "1990-03-14",
    "visit_date": None,
    "pregnant": "no",
    "good_health": True,
    "cancer_history": False,
    "heart_arrhythmia": False,
    "blood_clots": False,
    "takes_medication": False,
}


@pytest.fixture
def api_answers():
    """Return a fresh copy of an eligibility request that makes 'eligible'."""
    return dict(API_ANSWERS)


@pytest.fixture
def ask(client):
    """Return a function posting a JSON body to the eligibility endpoint."""
    return lambda body: client.post("/api/v1/eligibility", json=body)


def checked_page(response) -> BeautifulSoup:
    """Parse an HTML response and check what every page needs.

    Like GOV.UK Notify's page checks: a title, unique ids, labels and
    in-page links that point at something, forms that say where they go.
    """
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '="None"' not in html, "an attribute rendered from None"
    page = BeautifulSoup(html, "html.parser")
    assert page.title and page.title.get_text(strip=True)
    ids = [element["id"] for element in page.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for label in page.select("label[for]"):
        assert label["for"] in ids, f"label for missing #{label['for']}"
    for link in page.select('a[href^="#"]'):
        assert link["href"][1:] in ids, f"link to missing {link['href']}"
    for form in page.select("form"):
        assert form.get("action") and form.get("method")
    assert not page.select("script:not([src])"), "inline script"
    assert not page.select("style, [style]"), "inline style"
    return page


@pytest.fixture
def page():
    """Return the parser that checks every page's hygiene (``checked_page``)."""
    return checked_page
