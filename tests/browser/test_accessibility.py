"""axe-core finds no WCAG 2.2 A or AA violation on any page, state or width."""

from __future__ import annotations

import pytest

from .pages import axe_violations, describe
from .screens import EVERY_SCREEN

pytestmark = pytest.mark.browser

# The pages shown in the README (pytest --screenshots, or make screenshots).
SCREENSHOTS = {
    "start",
    "form",
    "form-errors",
    "result-needs_review",
    "checklist-needs_review",
    "staff-login",
    "staff-queue",
    "staff-detail",
    "staff-audit",
}


@pytest.mark.parametrize("width", [1280, 320], ids=["1280px", "320px"])
@pytest.mark.parametrize("screen", EVERY_SCREEN, ids=lambda screen: screen.name)
def test_page_has_no_wcag_violations(open_screen, site, screen, width, screenshot):
    page = open_screen(screen, viewport={"width": width, "height": 900})
    title = page.title()
    # The title names the page, and says "Error:" first exactly when it shows errors.
    assert title == screen.expected_title(site)
    shows_errors = page.locator("[data-error-summary]").count() > 0
    assert title.startswith("Error: ") == shows_errors
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if screen.name in SCREENSHOTS and width == 1280:
        screenshot(page, screen.name)
