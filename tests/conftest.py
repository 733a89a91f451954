"""Shared fixtures: an application on a fresh database, a client, a CLI runner,
staff accounts and signed-in staff clients, the one clock (``clock``, ``today``).

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL
is set (`make test-postgres`). Either way the session gets its own database
(a temporary file, or a random schema), built once with the migrations and
emptied before every test. Pages fetched in tests can be parsed with the
``page`` fixture, which also checks what every page needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pyotp
import pytest
from bs4 import BeautifulSoup
from jinja2 import BytecodeCache
from sqlalchemy import create_engine, select
from support.answers import API_BODY, FORM_BODY, NO_CONCERNS, date_parts
from support.clock import FrozenClock
from support.databases import dispose, empty_tables, migrated_database_url
from support.mailbox import WEBHOOK_SECRET, mail_config, smtp_server, webhook_receiver
from support.staff import add_staff

from screening import create_app
from screening.infra import clock as screening_clock
from screening.infra.extensions import db as _db
from screening.models import Screening, StaffMember
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


@pytest.fixture
def api_answers():
    """Return a fresh copy of an eligibility request that makes 'eligible'."""
    return dict(API_BODY)


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


@pytest.fixture
def clock(monkeypatch):
    """Freeze screening.clock at a fixed moment; tests move it with advance() or set().

    The only way a test reads or moves the time or the clinic's date: none
    reads them at import, so a run that crosses midnight changes nothing.
    """
    frozen = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(screening_clock, "source", frozen.now)
    return frozen


@dataclass(frozen=True)
class StaffAccount:
    """A staff member made for a test, with what it takes to sign in."""

    id: int
    email: str
    password: str
    totp_secret: str | None


STAFF_PASSWORD = "a quiet harbour at dawn"


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


def csrf_token_in(html: str) -> str | None:
    """Return the CSRF token of the first form in ``html``, if it has one."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    found = found or re.search(r'type="hidden" name="csrf_token" value="([^"]+)"', html)
    return found.group(1) if found else None


def next_totp_code(app, account: StaffAccount) -> str:
    """Return a code the server has not accepted yet (one step ahead if need be)."""
    totp = pyotp.TOTP(account.totp_secret)
    step = totp.timecode(screening_clock.now())
    with app.app_context():
        last = _db.session.get(StaffMember, account.id).totp_last_step
    if last is not None and last >= step:
        step = last + 1
    return totp.generate_otp(step)


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


STORED_SCREENING = {
    "full_name": "Grace Stored",
    "email": "grace@example.com",
    "phone": None,
    "date_of_birth": date(1985, 6, 1),
    "visit_date": None,
    # Stored before the allergy question, which has no column of its own.
    **{name: value for name, value in NO_CONCERNS.items() if name != "allergies"},
    "takes_medication": True,
    "medications": "ibuprofen",
    "treatment_areas": ["thighs"],
    "privacy_notice_version": "2026-11-26",
    "as_of_date": date(2026, 11, 26),
    "age": 41,
    "outcome": "needs_review",
    "ruleset_version": "2026.11.1",
    # A trace as stored before every rule was kept: the rules that fired.
    "trace": [
        {
            "rule": "takes-medication",
            "severity": "refer",
            "message": "You take medication or supplements.",
            "reason": "Takes medication or supplements: see the list given.",
            "source": "What are the Side Effects of Mesotherapy?",
        }
    ],
}


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
