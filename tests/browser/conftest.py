"""Browser fixtures: Debian's Chromium through Playwright, against a live server."""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from screening import create_app
from screening.extensions import db
from screening.screenings import Submission, new_nonce, store_screening

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
OUTCOMES = ("eligible", "needs_review", "not_eligible")
MEDICINES = (
    "Ibuprofen 200 mg when needed",
    "Levothyroxine 50 micrograms every morning",
    "Vitamin D 1000 IU",
    "Omega-3 fish oil",
    "Cetirizine 10 mg",
    "Combined contraceptive pill",
    "Ferrous sulfate 200 mg twice a day",
    "Magnesium 375 mg at night",
)
# The form's longest medication answer (MEDICATIONS_MAX), one medicine a line.
LONGEST_MEDICATIONS = ("\n".join(MEDICINES * 8))[:1000]


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
def live_app(tmp_path_factory):
    """Return an application on its own SQLite file, with CSRF protection on."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "INSTANCE_PATH": str(folder),
            "SECRET_KEY": "browser-test-secret-key",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.sqlite3'}",
            "SESSION_COOKIE_SECURE": False,
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


@pytest.fixture
def new_page(browser, live_server):
    """Return a function that opens a page in a fresh profile (no cookies).

    Keyword arguments are Playwright context options, such as a viewport or
    ``java_script_enabled=False``.
    """
    contexts = []

    def open_page(**options):
        context = browser.new_context(
            base_url=live_server, **{"viewport": DESKTOP, **options}
        )
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


def stored_screening(app, outcome: str, medications: str | None = None) -> str:
    """Store, through ``app``'s rules, a screening that ends in ``outcome``."""
    answers = {
        "date_of_birth": date(1990, 3, 14),
        "visit_date": None,
        "pregnant": "yes" if outcome == "not_eligible" else "no",
        "good_health": True,
        "cancer_history": outcome == "needs_review",
        "heart_arrhythmia": False,
        "blood_clots": False,
        "takes_medication": medications is not None,
        "medications": medications,
    }
    details = {
        "full_name": "Ada Example",
        "email": "ada@example.com",
        "phone": None,
        "treatment_areas": ["thighs"],
    }
    with app.test_request_context():
        screening = store_screening(
            Submission(**answers), details, new_nonce(), date.today()
        )
        assert screening.outcome == outcome
        return screening.token


@pytest.fixture(scope="session")
def tokens(live_app):
    """Return one stored screening's token per outcome."""
    return {outcome: stored_screening(live_app, outcome) for outcome in OUTCOMES}


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
        )
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
