"""Two app servers, one PostgreSQL database, one Redis: each serves what either stored.

The servers are real gunicorn processes started with gunicorn.conf.py on two
ports, sharing only what production servers share: the database, the Redis
that counts rate limits, and the secret key. Nothing here depends on which
server a load balancer would pick.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlencode

import pyotp
import pytest
import redis
from support.databases import app_on, migrated_database_url
from support.patients import HIDDEN, Patient, Reply
from support.servers import LiveServer, api_status, live_server
from support.staff import add_staff

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_PREFIX = f"scale-out-test-{secrets.token_hex(6)}"
SHARED = {
    "FLASK_RATELIMIT_STORAGE_URI": REDIS_URL,
    "FLASK_RATELIMIT_KEY_PREFIX": REDIS_PREFIX,
    # Low enough to reach in a test, per hour so no window ends during it.
    "FLASK_RATELIMIT_API": "5 per hour",
    # The other tests here post screenings; only the API limit is under test.
    "FLASK_RATELIMIT_SCREENING": "1000 per hour",
}
STAFF_PASSWORD = "a quiet harbour at dawn"


@pytest.fixture(scope="module")
def shared_database():
    """Return one migrated PostgreSQL database for every server in this module."""
    with migrated_database_url("postgresql") as url:
        yield url


@pytest.fixture(scope="module")
def servers(shared_database, tmp_path_factory):
    """Start two servers on the same database, Redis and secret key."""
    logs = tmp_path_factory.mktemp("servers")
    with (
        live_server(shared_database, env=SHARED, log_dir=logs) as first,
        live_server(shared_database, env=SHARED, log_dir=logs) as second,
    ):
        yield first, second
    counters = redis.Redis.from_url(REDIS_URL)
    for key in counters.scan_iter(match=f"*{REDIS_PREFIX}*"):
        counters.delete(key)
    counters.close()


def submit_across(form_from: LiveServer, post_to: LiveServer, answers) -> Reply:
    """Load the form from one server and post it, in the same browser, to another."""
    browser = Patient(form_from.url)
    hidden = dict(HIDDEN.findall(browser.request("GET", "/screening").body))
    other_tab = Patient(post_to.url, cookies=browser.cookies)
    return other_tab.request("POST", "/screening", urlencode({**answers, **hidden}))


def reference_in(html: str) -> str:
    """Return the screening reference a result page shows."""
    return re.search(r"MS-[0-9A-Z]{5}-[0-9A-Z]{5}", html).group(0)


@pytest.mark.parametrize("order", ["first to second", "second to first"])
def test_a_screening_stored_through_one_server_is_served_by_the_other(
    servers, answers, order
):
    storing, reading = servers if order == "first to second" else servers[::-1]
    patient = Patient(storing.url)
    _, stored = patient.submit(answers)
    assert stored.status == 303
    token = stored.location.rsplit("/", 1)[1]
    mine = patient.request("GET", stored.location)
    theirs = Patient(reading.url).request("GET", stored.location)
    assert (mine.status, theirs.status) == (200, 200)
    assert reference_in(mine.body) in theirs.body
    for server in servers:
        assert token not in server.log()
        assert answers["email"] not in server.log()


def test_a_session_begun_on_one_server_is_honoured_by_the_other(servers, answers):
    # The CSRF token lives in the session cookie the first server signed.
    assert submit_across(*servers, answers).status == 303


def test_a_server_with_another_secret_key_refuses_that_session(
    servers, shared_database, tmp_path, answers
):
    misconfigured = {**SHARED, "FLASK_SECRET_KEY": "not-the-key-the-others-share"}
    with live_server(shared_database, env=misconfigured, log_dir=tmp_path) as stranger:
        assert submit_across(servers[0], stranger, answers).status == 400


def test_a_rate_limit_is_counted_once_across_both_servers(servers, api_answers):
    first, second = servers
    alternating = [first, second, first, second, first]
    assert [api_status(server, api_answers) for server in alternating] == [200] * 5
    # Five in all reached the limit: each server refuses the sixth.
    assert api_status(second, api_answers) == 429
    assert api_status(first, api_answers) == 429


@pytest.fixture(scope="module")
def staff_account(shared_database):
    """Return (email, password, authenticator secret) of a new staff member."""
    cheap = {"PASSWORD_HASH_PROFILE": "CHEAPEST"}
    with app_on(shared_database, **cheap) as app, app.app_context():
        staff, secret = add_staff("nurse@clinic.example", STAFF_PASSWORD)
        return staff.email, STAFF_PASSWORD, secret


def post_form(browser: Patient, path: str, fields: dict) -> Reply:
    """Load a form page, then post ``fields`` with its CSRF token."""
    hidden = dict(HIDDEN.findall(browser.request("GET", path).body))
    body = urlencode({**fields, "csrf_token": hidden["csrf_token"]})
    return browser.request("POST", path, body)


def sign_in(browser: Patient, account) -> None:
    """Sign in with the password and then the authenticator code."""
    email, password, secret = account
    asked = post_form(browser, "/staff/login", {"email": email, "password": password})
    assert (asked.status, asked.location) == (303, "/staff/login/code")
    code = {"code": pyotp.TOTP(secret).now()}
    assert post_form(browser, "/staff/login/code", code).status == 303


def test_either_staff_queue_lists_both_servers_screenings_in_one_session(
    servers, staff_account, answers
):
    first, second = servers
    references = []
    for server in servers:
        patient = Patient(server.url)
        _, stored = patient.submit(answers)
        references.append(reference_in(patient.request("GET", stored.location).body))
    on_first = Patient(first.url)
    sign_in(on_first, staff_account)
    on_second = Patient(second.url, cookies=on_first.cookies)
    for browser in (on_first, on_second):
        queue = browser.request("GET", "/staff/screenings")
        assert queue.status == 200
        assert all(reference in queue.body for reference in references)
    copied = dict(on_first.cookies)
    hidden = dict(HIDDEN.findall(on_second.request("GET", "/staff/screenings").body))
    logout = urlencode({"csrf_token": hidden["csrf_token"]})
    assert on_second.request("POST", "/staff/logout", logout).status == 303
    # Signing out ended the session in the shared database: the first server
    # refuses even a copy of the cookie taken before.
    refused = Patient(first.url, cookies=copied).request("GET", "/staff/")
    assert (refused.status, refused.location.split("?")[0]) == (302, "/staff/login")
