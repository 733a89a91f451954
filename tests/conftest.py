"""Shared fixtures: an application on a fresh database, a client, a CLI runner,
staff accounts and signed-in staff clients, a frozen clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pyotp
import pytest

from screening import clock as screening_clock
from screening import create_app
from screening.auth.accounts import create_staff
from screening.extensions import db as _db
from screening.models import Screening, StaffMember
from screening.screenings import new_nonce


@pytest.fixture
def app(tmp_path):
    """Return an application with its own SQLite file, migrated to head."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
        }
    )
    yield app
    with app.app_context():
        _db.engine.dispose()


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


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime):
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Freeze screening.clock at a fixed moment; tests move it with advance()."""
    frozen = FrozenClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(screening_clock, "now", frozen.now)
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
            staff = create_staff(email, STAFF_PASSWORD, admin=admin)
            secret = None
            if two_factor:
                secret = staff.totp_secret = pyotp.random_base32()
                staff.totp_confirmed_at = screening_clock.now()
                _db.session.commit()
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
def make_app(app):
    """Return a factory of applications on ``app``'s database, config changed."""
    apps = []

    def make(**config):
        other = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret-key",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "WTF_CSRF_ENABLED": False,
                "PASSWORD_HASH_PROFILE": "CHEAPEST",
                **config,
            }
        )
        apps.append(other)
        return other

    yield make
    for other in apps:
        with other.app_context():
            _db.engine.dispose()


@pytest.fixture
def csrf_app(make_app):
    """Return an application on the same database with CSRF protection on."""
    return make_app(WTF_CSRF_ENABLED=True)


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
    "pregnant": "no",
    "good_health": True,
    "cancer_history": False,
    "heart_arrhythmia": False,
    "blood_clots": False,
    "takes_medication": True,
    "medications": "ibuprofen",
    "treatment_areas": ["thighs"],
    "privacy_notice_version": "2026-11-26",
    "as_of_date": date(2026, 11, 26),
    "age": 41,
    "outcome": "needs_review",
    "ruleset_version": "2026.11.1",
    "fired_rules": [
        {
            "rule": "takes-medication",
            "severity": "refer",
            "message": "You take medication or supplements.",
            "reason": "Takes medication or supplements: see the list given.",
            "source": "What are the Side Effects of Mesotherapy?",
        }
    ],
}
