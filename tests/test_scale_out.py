"""Two app servers, one PostgreSQL database: anything either stores, both serve.

The servers are real gunicorn processes started with gunicorn.conf.py on two
ports, sharing only what production shares: the database URL and the secret
key. Nothing here depends on which server a load balancer would pick.
"""

from __future__ import annotations

import re

import pytest
from support.databases import fresh_database_url, migrate_to_head
from support.servers import Browser, Server, gunicorn_server

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
    """Return the value of a hidden form field."""
    return re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html).group(1)


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
    reference = re.search(r"MS-[0-9A-Z]{5}-[0-9A-Z]{5}", mine.text).group(0)
    assert reference in theirs.text
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
