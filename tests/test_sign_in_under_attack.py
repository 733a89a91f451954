"""The attacks of issue 12, run again against real gunicorn servers.

Concurrent guesses at one account, a flood of sign-ins against the patient
pages, and rate limits under several workers. Run on the database this run
targets (SQLite, or PostgreSQL with TEST_DATABASE_URL).
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from sqlalchemy import select
from support.databases import app_on
from support.patients import HIDDEN, Patient
from support.servers import api_status, live_server, start_server
from support.staff import add_staff

from screening.infra.extensions import db
from screening.models import AuditEvent

pytestmark = pytest.mark.slow

PASSWORD = "a quiet harbour at dawn"
EMAIL = "nurse@clinic.example"
# Sign-ins per address are rate limited too; these tests are about what is behind.
NO_RATE_LIMIT = {"FLASK_RATELIMIT_STAFF_LOGIN": "100000 per minute"}
# Patient pages must answer within this while sign-ins are hammered. Generous:
# two shared cores; unprotected, the queue behind argon2 grows past it.
PATIENT_PAGE_SECONDS = 5


@pytest.fixture
def account(server_database):
    """Create the attacked account, its password hashed at production cost."""
    with app_on(server_database) as app, app.app_context():
        add_staff(EMAIL, PASSWORD)
    return EMAIL


def login_form(server) -> Patient:
    """Return a browser that has loaded the sign-in form (cookie and CSRF token)."""
    browser = Patient(server.url)
    browser.token = dict(HIDDEN.findall(browser.request("GET", "/staff/login").body))
    return browser


def guess(browser: Patient, email: str, password: str) -> int:
    """Post one sign-in attempt; return the status."""
    body = urlencode({"email": email, "password": password, **browser.token})
    return browser.request("POST", "/staff/login", body).status


def failures(url: str) -> list[str]:
    """Return the reason of every audited failed sign-in, oldest first."""
    with app_on(url) as app, app.app_context():
        entries = db.session.scalars(
            select(AuditEvent).filter_by(event="login.failure").order_by(AuditEvent.id)
        )
        return [entry.detail["reason"] for entry in entries]


def lockouts(url: str) -> int:
    with app_on(url) as app, app.app_context():
        query = select(AuditEvent).filter_by(event="login.lockout")
        return len(db.session.scalars(query).all())


def test_twenty_concurrent_wrong_passwords_meet_the_lock_after_five(
    server_database, account, tmp_path
):
    env = {**NO_RATE_LIMIT, "FLASK_STAFF_HASHING_SLOTS": "5"}
    with live_server(server_database, env=env, workers=5, log_dir=tmp_path) as server:
        browsers = [login_form(server) for _ in range(20)]
        with ThreadPoolExecutor(len(browsers)) as pool:
            statuses = list(
                pool.map(lambda b: guess(b, account, "wrong guess!"), browsers)
            )
    assert statuses == [200] * 20
    reasons = failures(server_database)
    assert len(reasons) == 20
    assert reasons.count("bad-password") == 5
    assert reasons.count("locked") == 15
    assert lockouts(server_database) == 1


def hammer(server, stop_at: float) -> list[int]:
    """Post wrong sign-ins for unknown accounts until ``stop_at``; the statuses."""
    browser = login_form(server)
    statuses = []
    while time.monotonic() < stop_at:
        statuses.append(guess(browser, "nobody@clinic.example", "some guess here"))
    return statuses


def timed_get(server, path: str) -> tuple[int, float]:
    started = time.monotonic()
    status = Patient(server.url).request("GET", path).status
    return status, time.monotonic() - started


def test_patient_pages_keep_answering_while_sign_ins_are_hammered(
    server_database, tmp_path
):
    env = {**NO_RATE_LIMIT, "FLASK_STAFF_HASHING_SLOTS": "1"}
    with live_server(server_database, env=env, workers=4, log_dir=tmp_path) as server:
        attackers = 12
        with ThreadPoolExecutor(attackers) as pool:
            stop_at = time.monotonic() + 8
            flood = [pool.submit(hammer, server, stop_at) for _ in range(attackers)]
            time.sleep(1)
            patients = [
                timed_get(server, path)
                for _ in range(10)
                for path in ("/", "/screening")
            ]
            statuses = [status for future in flood for status in future.result()]
    print(
        f"patient pages: median {statistics.median(s for _, s in patients):.2f} s, "
        f"slowest {max(s for _, s in patients):.2f} s; sign-ins: "
        f"{statuses.count(200)} checked, {statuses.count(429)} refused busy"
    )
    assert [status for status, _ in patients] == [200] * 20
    assert max(seconds for _, seconds in patients) < PATIENT_PAGE_SECONDS
    assert set(statuses) <= {200, 429}
    assert statuses.count(429) > 0
    assert failures(server_database).count("busy") == statuses.count(429)


def test_a_rate_limit_holds_across_several_workers(
    server_database, api_answers, tmp_path
):
    env = {"FLASK_RATELIMIT_API": "10 per hour"}
    with (
        live_server(server_database, env=env, workers=3, log_dir=tmp_path) as server,
        ThreadPoolExecutor(6) as pool,
    ):
        statuses = sorted(
            pool.map(lambda _: api_status(server, api_answers), range(30))
        )
    assert statuses == [200] * 10 + [429] * 20


def test_several_workers_counting_alone_refuse_to_start(server_database, tmp_path):
    alone = {"FLASK_RATELIMIT_STORAGE_URI": "memory://"}
    with pytest.raises(RuntimeError, match="each worker would count rate limits alone"):
        start_server(server_database, env=alone, workers=2, log_dir=tmp_path)
    with live_server(server_database, env=alone, workers=1, log_dir=tmp_path) as one:
        assert api_status(one, {}) == 400
