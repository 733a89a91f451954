"""Spanish pages in a browser: accessible at both widths, checklist on one sheet."""

from __future__ import annotations

import pytest

from .pages import (
    ERROR_SCREENS,
    PATIENT_SCREENS,
    assert_checklist_on_one_sheet,
    axe_violations,
    describe,
)
from .records import LONGEST_MEDICATIONS, stored_screening

pytestmark = pytest.mark.browser

SPANISH = {"locale": "es-ES"}


@pytest.fixture
def spanish_screen(open_screen, live_server):
    """Return an opener for a screen read by a patient who chose Spanish."""

    def open_in_spanish(screen, width):
        return open_screen(
            screen,
            viewport={"width": width, "height": 900},
            storage_state={
                "cookies": [
                    {
                        "name": "language",
                        "value": "es",
                        "url": live_server,
                        "httpOnly": True,
                        "sameSite": "Lax",
                    }
                ],
                "origins": [],
            },
            **SPANISH,
        )

    return open_in_spanish


@pytest.mark.parametrize("width", [1280, 320], ids=["1280px", "320px"])
@pytest.mark.parametrize(
    "screen", PATIENT_SCREENS + ERROR_SCREENS, ids=lambda screen: screen.name
)
def test_spanish_page_has_no_wcag_violations(spanish_screen, site, screen, width):
    page = spanish_screen(screen, width)
    assert page.locator("html").get_attribute("lang") == "es"
    title = page.title()
    assert title != screen.expected_title(site)
    shows_errors = page.locator("[data-error-summary]").count() > 0
    assert title.startswith("Error: ") == shows_errors
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.fixture(scope="session")
def spanish_tokens(live_app, advising_app):
    """Return, per outcome with a visit, a Spanish screening with the longest list."""
    return {
        outcome: stored_screening(app, outcome, LONGEST_MEDICATIONS, language="es")[0]
        for outcome, app in (("eligible", advising_app), ("needs_review", live_app))
    }


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("outcome", ["eligible", "needs_review"])
def test_the_spanish_checklist_prints_on_exactly_one_page(
    page, spanish_tokens, outcome, paper
):
    # An English browser: the checklist speaks the screening's language.
    page.goto(f"/screening/{spanish_tokens[outcome]}/checklist")
    assert page.locator("html").get_attribute("lang") == "es"
    assert_checklist_on_one_sheet(page, paper, LONGEST_MEDICATIONS)
