"""Browser fixtures: Debian's Chromium through Playwright, against a live server."""

from __future__ import annotations

import itertools
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from screening import create_app
from screening.infra.extensions import db
from tests.support.databases import migrated_database_url

from .pages import Site
from .records import LONGEST_MEDICATIONS, OUTCOMES, stored_screening
from .staff import new_staff, sign_in

CHROMIUM = Path("/usr/bin/chromium")
# Flags that let Chromium run as root in a container with nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}
CLIENTS = itertools.count(1)


@pytest.fixture(scope="session")
def playwright_driver():
    """Start Playwright's driver once for the whole run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Launch Debian's Chromium; outside CI a machine without it skips, in CI fails."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-test-services"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message} (browser tests must run in CI)")
        pytest.skip(f"{message}; skipped because this is not CI")
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def live_database():
    """Return a migrated database of this run's kind, for the live server alone."""
    with migrated_database_url() as url:
        yield url


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, live_database):
    """Return an application on this run's kind of database, with CSRF on."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "browser-test-secret-key",
            "SQLALCHEMY_DATABASE_URI": live_database,
            "SESSION_COOKIE_SECURE": False,
            # Test accounts need no costly password hashing.
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
            # Each browser profile says which client it is (client_headers), so
            # the real rate limits apply per profile, as to separate people.
            "PROXY_FIX_X_FOR": 1,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve the application on a free local port in a background thread."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def client_headers() -> dict[str, str]:
    """Return the proxy header of a new client address (a documentation range)."""
    return {"X-Forwarded-For": f"2001:db8::{next(CLIENTS):x}"}


@pytest.fixture
def new_page(browser, live_server):
    """Return a function that opens a page in a fresh profile (no cookies).

    Keyword arguments are Playwright context options, such as a viewport or
    ``java_script_enabled=False``.
    """
    contexts = []

    def open_page(**options):
        options = {
            "viewport": DESKTOP,
            "extra_http_headers": client_headers(),
            **options,
        }
        context = browser.new_context(base_url=live_server, **options)
        # A local page that has not appeared in 5 s never will: fail fast.
        context.set_default_timeout(5000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def stored(live_app):
    """Return one stored screening per outcome: (token, reference)."""
    return {outcome: stored_screening(live_app, outcome) for outcome in OUTCOMES}


@pytest.fixture(scope="session")
def tokens(stored):
    """Return one stored screening's result-page token per outcome."""
    return {outcome: token for outcome, (token, _) in stored.items()}


@pytest.fixture(scope="session")
def site(live_app, stored, tokens):
    """Return what page openers need to reach any page."""
    return Site(
        live_app,
        tokens=tokens,
        references={outcome: reference for outcome, (_, reference) in stored.items()},
    )


@pytest.fixture
def open_screen(new_page, site, request):
    """Return a function that opens a Screen in a fresh page, signed in if need be.

    Keyword arguments are Playwright context options.
    """

    def open_(screen, **options):
        if screen.who:
            options.update(request.getfixturevalue("signed_in_states")[screen.who])
        page = new_page(**options)
        screen.open(page, site)
        return page

    return open_


@pytest.fixture(scope="session")
def signed_in_states(browser, live_server, live_app):
    """Return context options for a signed-in admin and a signed-in staff member.

    A staff session is only good from the address that signed in, so the
    options carry that client's address along with its cookies.
    """
    states = {}
    for role in ("admin", "staff"):
        headers = client_headers()
        context = browser.new_context(base_url=live_server, extra_http_headers=headers)
        page = context.new_page()
        sign_in(page, new_staff(live_app, admin=role == "admin"))
        states[role] = {
            "storage_state": context.storage_state(),
            "extra_http_headers": headers,
        }
        context.close()
    return states


@pytest.fixture(scope="session")
def advising_app(live_app, tmp_path_factory):
    """Return the same database under a clinic policy where medication only advises.

    Under the default policy medication always needs review, so only such a
    clinic can have an eligible patient whose checklist lists medication.
    """
    folder = tmp_path_factory.mktemp("policy")
    policy = folder / "policy.toml"
    policy.write_text(
        'name = "medication-advises"\n[severity]\ntakes-medication = "advise"\n'
    )
    app = create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "browser-test-secret-key",
            "SQLALCHEMY_DATABASE_URI": live_app.config["SQLALCHEMY_DATABASE_URI"],
            "SCREENING_POLICY_FILE": str(policy),
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def tokens_with_medications(live_app, advising_app):
    """Return, per outcome, a screening with the longest medication list."""
    return {
        outcome: stored_screening(
            advising_app if outcome == "eligible" else live_app,
            outcome,
            LONGEST_MEDICATIONS,
        )[0]
        for outcome in OUTCOMES
    }


@pytest.fixture
def screenshot(request):
    """Return a function that saves desktop and mobile PNGs when --screenshots."""
    folder = Path(request.config.rootpath) / "docs" / "screenshots"

    def take(page, name: str) -> None:
        if not request.config.getoption("--screenshots"):
            return
        folder.mkdir(parents=True, exist_ok=True)
        for size_name, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
            page.set_viewport_size(size)
            page.screenshot(path=folder / f"{name}-{size_name}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return take
