"""Two app servers, one PostgreSQL database: anything either stores, both serve.

The servers are real gunicorn processes started with gunicorn.conf.py on two
ports, sharing only what production shares: the database URL and the secret
key. Nothing here depends on which server a load balancer would pick.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from support.databases import app_on, fresh_database_url, migrate_to_head
from support.servers import Browser, Server, gunicorn_server

from screening import clock
from screening.auth.accounts import create_staff
from screening.extensions import db

STAFF_PASSWORD = "a quiet harbour at dawn"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def database_for_servers():
    """Return one migrated PostgreSQL database for every server in this module."""
    with fresh_database_url("postgresql") as url:
        migrate_to_head(url)
        yield url


@pytest.fixture(scope="module")
def servers(database_for_servers, tmp_path_factory):
    """Start two servers on the same database and secret key."""
    settings = {"FLASK_SQLALCHEMY_DATABASE_URI": database_for_servers}
    logs = tmp_path_factory.mktemp("servers")
    with (
        gunicorn_server(settings, logs) as first,
        gunicorn_server(settings, logs) as second,
    ):
        yield first, second


def hidden(html: str, name: str) -> str:
    """Return the value of the first hidden form field with this name."""
    field = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html).group(0)
    return re.search(r'\bvalue="([^"]+)"', field).group(1)


def reference_in(html: str) -> str:
    """Return the screening reference a result page shows."""
    return re.search(r"MS-[0-9A-Z]{5}-[0-9A-Z]{5}", html).group(0)


def submit(browser: Browser, form_server: Server, post_server: Server, answers):
    """Fetch the form from one server and post it to another; return the reply."""
    form = browser.get(form_server.url("/screening"))
    assert form.status == 200
    fields = {
        **answers,
        "csrf_token": hidden(form.text, "csrf_token"),
        "nonce": hidden(form.text, "nonce"),
    }
    return browser.post(post_server.url("/screening"), fields)


@pytest.mark.parametrize("order", ["first to second", "second to first"])
def test_a_screening_stored_through_one_server_is_served_by_the_other(
    servers, answers, order
):
    storing, reading = servers if order == "first to second" else servers[::-1]
    browser = Browser()
    stored = submit(browser, storing, storing, answers)
    assert stored.status == 303
    result_path = stored.headers["Location"].removeprefix(storing.base_url)
    assert re.fullmatch(r"/screening/[A-Za-z0-9_-]{43}", result_path)
    mine = browser.get(storing.url(result_path))
    theirs = Browser().get(reading.url(result_path))
    assert (mine.status, theirs.status) == (200, 200)
    assert reference_in(mine.text) in theirs.text
    token = result_path.rsplit("/", 1)[1]
    for server in servers:
        assert token not in server.log_text()
        assert answers["email"] not in server.log_text()


def test_a_session_begun_on_one_server_is_honoured_by_the_other(servers, answers):
    first, second = servers
    # The CSRF token lives in the signed session cookie set by the first server.
    accepted = submit(Browser(), first, second, answers)
    assert accepted.status == 303


def test_a_server_with_another_secret_key_refuses_that_session(
    servers, database_for_servers, tmp_path, answers
):
    first, _ = servers
    settings = {
        "FLASK_SQLALCHEMY_DATABASE_URI": database_for_servers,
        "FLASK_SECRET_KEY": "a-different-secret-key-on-a-misconfigured-server",
    }
    with gunicorn_server(settings, tmp_path) as stranger:
        refused = submit(Browser(), first, stranger, answers)
    assert refused.status == 400


@pytest.fixture(scope="module")
def staff_account(database_for_servers):
    """Return (email, password, authenticator secret) of a new staff member."""
    cheap = {"PASSWORD_HASH_PROFILE": "CHEAPEST"}
    with app_on(database_for_servers, **cheap) as app, app.app_context():
        staff = create_staff("nurse@clinic.example", STAFF_PASSWORD)
        staff.totp_secret = pyotp.random_base32()
        staff.totp_confirmed_at = clock.now()
        db.session.commit()
        return staff.email, STAFF_PASSWORD, staff.totp_secret


def sign_in(browser: Browser, server: Server, account) -> None:
    """Sign in with the password and then the authenticator code."""
    email, password, secret = account
    page = browser.get(server.url("/staff/login"))
    fields = {"email": email, "password": password}
    fields["csrf_token"] = hidden(page.text, "csrf_token")
    asked = browser.post(server.url("/staff/login"), fields)
    assert (asked.status, asked.headers["Location"]) == (303, "/staff/login/code")
    page = browser.get(server.url("/staff/login/code"))
    code = {"code": pyotp.TOTP(secret).now()}
    code["csrf_token"] = hidden(page.text, "csrf_token")
    assert browser.post(server.url("/staff/login/code"), code).status == 303


def test_either_staff_queue_lists_both_servers_screenings_in_one_session(
    servers, staff_account, answers
):
    first, second = servers
    references = []
    for server in servers:
        patient = Browser()
        stored = submit(patient, server, server, answers)
        references.append(
            reference_in(patient.get(server.url(stored.headers["Location"])).text)
        )
    staff = Browser()
    sign_in(staff, first, staff_account)
    for server in servers:
        queue = staff.get(server.url("/staff/"))
        assert queue.status == 200
        assert all(reference in queue.text for reference in references)
    page = staff.get(second.url("/staff/"))
    signed_out = staff.post(
        second.url("/staff/logout"), {"csrf_token": hidden(page.text, "csrf_token")}
    )
    assert signed_out.status == 303
    # The session ended in the shared database: the first server refuses it too.
    refused = staff.get(first.url("/staff/"))
    assert refused.status == 302
    assert refused.headers["Location"].startswith("/staff/login")
