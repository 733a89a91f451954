"""Shared fixtures: an application on a fresh database, a client, a CLI runner,
staff accounts and signed-in staff clients, the one clock (``clock``, ``today``).

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL
is set (`make test-postgres`). Either way the session gets its own database
(a temporary file, or a random schema), built once with the migrations and
emptied before every test. Pages fetched in tests can be parsed with the
``page`` fixture, which also checks what every page needs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import create_engine, select
from support.answers import API_BODY, FORM_BODY, date_parts
from support.clock import FrozenClock
from support.databases import dispose, empty_tables, migrated_database_url
from support.mailbox import WEBHOOK_SECRET, mail_config, smtp_server, webhook_receiver
from support.pages import checked_page, csrf_token_in, nonce_from
from support.records import STORED_SCREENING
from support.staff import STAFF_PASSWORD, StaffAccount, add_staff, next_totp_code
from support.templates import TEMPLATE_CACHE

from screening import create_app
from screening.infra import clock as screening_clock
from screening.infra.extensions import db as _db
from screening.models import Screening
from screening.services.store import new_nonce

# The clinic's "today" in tests that pin it (see the ``today`` fixture).
TODAY = date(2026, 6, 15)
TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,
    # Staff passwords hashed with real cost would slow every sign-in test.
    "PASSWORD_HASH_PROFILE": "CHEAPEST",
}


@pytest.fixture(scope="session")
def database_url():
    """Return this test run's database, migrated to head, dropped at the end."""
    with migrated_database_url() as url:
        yield url


@pytest.fixture
def server_database():
    """Return a database of this run's kind, migrated, for a live server alone."""
    with migrated_database_url() as url:
        yield url


@pytest.fixture(scope="session")
def database_engine(database_url):
    """Return one engine on the session's database, for emptying it."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_app(database_url, database_engine, tmp_path):
    """Return a factory of applications sharing one emptied database."""
    empty_tables(database_engine)
    apps = []
    # The checkout's instance/ folder stays untouched.
    own = {"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": tmp_path}

    def make(**config):
        app = create_app({**TEST_CONFIG, **own, **config})
        app.jinja_env.bytecode_cache = TEMPLATE_CACHE
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


@pytest.fixture
def csrf_app(make_app):
    """Return an application that checks CSRF tokens, as in production."""
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture
def today(clock):
    """Move the clock to midday (UTC) of TODAY and return the clinic's date."""
    clock.set(datetime.combine(TODAY, time(12), tzinfo=UTC))
    return TODAY


@pytest.fixture
def stored(app):
    """Return a function listing every stored screening, oldest first."""

    def all_screenings() -> list[Screening]:
        with app.app_context():
            query = select(Screening).order_by(Screening.id)
            return list(_db.session.scalars(query))

    return all_screenings


@pytest.fixture
def answers():
    """Return a fresh copy of answers that make an eligible screening."""
    return dict(FORM_BODY)


@pytest.fixture
def born():
    """Return a function giving the form inputs for a date of birth."""
    return lambda value: date_parts("date_of_birth", value)


@pytest.fixture
def visiting():
    """Return a function giving the form inputs for a planned visit date."""
    return lambda value: date_parts("visit_date", value)


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


@pytest.fixture
def api_answers():
    """Return a fresh copy of an eligibility request that makes 'eligible'."""
    return dict(API_BODY)


@pytest.fixture
def ask(client):
    """Return a function posting a JSON body to the eligibility endpoint."""
    return lambda body: client.post("/api/v1/eligibility", json=body)


@pytest.fixture
def page():
    """Return the parser that checks every page's hygiene (``checked_page``)."""
    return checked_page


@pytest.fixture
def clock(monkeypatch):
    """Freeze screening.clock at a fixed moment; tests move it with advance() or set().

    The only way a test reads or moves the time or the clinic's date: none
    reads them at import, so a run that crosses midnight changes nothing.
    """
    frozen = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(screening_clock, "source", frozen.now)
    return frozen


@pytest.fixture
def make_staff(app):
    """Return a function that creates a staff account, two-factor set up."""

    def make(email="nurse@clinic.example", *, admin=False, two_factor=True):
        with app.app_context():
            staff, secret = add_staff(
                email, STAFF_PASSWORD, admin=admin, two_factor=two_factor
            )
            return StaffAccount(staff.id, staff.email, STAFF_PASSWORD, secret)

    return make


@pytest.fixture
def login(app):
    """Return login(client, account): password, then the code; the final response."""

    def sign_in(client, account: StaffAccount, code: str | None = None):
        page = client.get("/staff/login").get_data(as_text=True)
        response = client.post(
            "/staff/login",
            data={
                "email": account.email,
                "password": account.password,
                "csrf_token": csrf_token_in(page),
            },
        )
        if response.status_code != 303 or not response.location.endswith("/code"):
            return response
        page = client.get("/staff/login/code").get_data(as_text=True)
        return client.post(
            "/staff/login/code",
            data={
                "code": code or next_totp_code(app, account),
                "csrf_token": csrf_token_in(page),
            },
        )

    return sign_in


@pytest.fixture
def staff_member(make_staff):
    """Return a (non-admin) staff account with two-factor set up."""
    return make_staff("nurse@clinic.example")


@pytest.fixture
def admin_member(make_staff):
    """Return an admin account with two-factor set up."""
    return make_staff("admin@clinic.example", admin=True)


@pytest.fixture
def staff_client(app, login, staff_member):
    """Return a client signed in as a (non-admin) staff member."""
    client = app.test_client()
    assert login(client, staff_member).status_code == 303
    return client


@pytest.fixture
def admin_client(app, login, admin_member):
    """Return a client signed in as an admin."""
    client = app.test_client()
    assert login(client, admin_member).status_code == 303
    return client


@pytest.fixture
def screening_factory(app):
    """Return a function that stores a screening directly, as the form would."""

    def make(*, created_at=None, **changes):
        values = {**STORED_SCREENING, **changes}
        with app.app_context():
            screening = Screening(
                submission_nonce=new_nonce(),
                created_at=created_at or screening_clock.now(),
                consent_given_at=created_at or screening_clock.now(),
                **values,
            )
            _db.session.add(screening)
            _db.session.commit()
            return screening.reference

    return make


@pytest.fixture
def mailbox():
    """Return a real SMTP server (aiosmtpd) on 127.0.0.1, running for the test."""
    with smtp_server() as running:
        yield running


@pytest.fixture
def webhooks():
    """Return a real HTTP server that records and verifies signed webhook calls."""
    with webhook_receiver(WEBHOOK_SECRET) as running:
        yield running


@pytest.fixture
def mail_app(make_app, mailbox, webhooks):
    """Return an application that mails through ``mailbox`` and calls ``webhooks``."""
    return make_app(
        **mail_config(
            mailbox.port, WEBHOOK_URL=webhooks.url, WEBHOOK_SECRET=WEBHOOK_SECRET
        )
    )


@pytest.fixture
def deliver(app):
    """Return a function running `flask --app app deliver --once` on ``app``."""

    def deliver_once(on=None):
        result = (on or app).test_cli_runner().invoke(args=["deliver", "--once"])
        assert result.exit_code == 0, result.output
        return result

    return deliver_once


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="browser tests also write desktop and mobile PNGs of the main pages "
        "to docs/screenshots/",
    )
