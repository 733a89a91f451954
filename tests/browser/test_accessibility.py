"""axe-core finds no WCAG 2.2 A or AA violation on any page, in any state."""

from __future__ import annotations

import pytest

from .pages import ERROR_SCREENS, PATIENT_SCREENS, SITE, axe_violations, describe

pytestmark = pytest.mark.browser

# The pages shown in the README (pytest --screenshots, or make screenshots).
SCREENSHOTS = {
    "start",
    "form",
    "form-errors",
    "result-needs_review",
    "checklist-needs_review",
}


@pytest.mark.parametrize(
    "screen", PATIENT_SCREENS + ERROR_SCREENS, ids=lambda screen: screen.name
)
def test_page_has_no_wcag_violations(page, tokens, live_app, screen, screenshot):
    screen.open(page, tokens, live_app)
    title = page.title()
    # The title names the page, and says "Error:" first exactly when it shows errors.
    assert title == screen.title + SITE
    shows_errors = page.locator("[data-error-summary]").count() > 0
    assert title.startswith("Error: ") == shows_errors
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if screen.name in SCREENSHOTS:
        screenshot(page, screen.name)
