"""With JavaScript turned off, a patient still gets from the start to the checklist."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .pages import SITE, VALID, fill_form, send
from .staff import new_staff, sign_in

pytestmark = pytest.mark.browser

JOURNEYS = {
    "eligible": VALID,
    "needs_review": {**VALID, "takes_medication": "yes", "medications": "Ibuprofen"},
    "not_eligible": {**VALID, "pregnant": "yes"},
}


@pytest.mark.parametrize("outcome", JOURNEYS)
def test_whole_patient_journey_works_without_javascript(new_page, outcome):
    page = new_page(java_script_enabled=False)
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_title("Screening questions" + SITE)

    send(page)
    expect(page).to_have_title("Error: Screening questions" + SITE)
    expect(page.locator("[data-error-summary]")).to_be_visible()

    fill_form(page, JOURNEYS[outcome])
    send(page)
    expect(page).to_have_title("Your screening result" + SITE)
    expect(page.locator("main [data-outcome]")).to_have_attribute(
        "data-outcome", outcome
    )

    checklist_link = page.get_by_role(
        "link", name="Open your printable pre-visit checklist"
    )
    if outcome == "not_eligible":
        # No visit to prepare: the page says why and who to call instead.
        expect(checklist_link).to_have_count(0)
        expect(page.get_by_role("heading", name="Think this is wrong?")).to_be_visible()
        return
    checklist_link.click()
    expect(page).to_have_title("Your pre-visit checklist" + SITE)
    expect(page.locator(".checklist__item").first).to_be_visible()
    # site.js reveals the print button; still hidden proves no script ran.
    expect(page.locator("[data-print]")).to_be_hidden()


def test_staff_review_works_without_javascript(new_page, live_app, site):
    page = new_page(java_script_enabled=False)
    sign_in(page, new_staff(live_app))
    expect(page).to_have_title("Work queue" + SITE)

    reference = site.references["needs_review"]
    page.get_by_role("link", name=reference).click()
    expect(page).to_have_title(f"Screening {reference}" + SITE)
    page.get_by_role("button", name="Record decision").click()
    expect(page).to_have_title(f"Error: Screening {reference}" + SITE)

    page.locator("input[name=kind]").first.check()
    page.fill("#note", "Asked the patient's doctor for a letter.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("[data-decisions]")).to_contain_text("doctor for a letter")

    page.get_by_role("link", name="Printable summary").click()
    expect(page).to_have_title(f"Screening summary {reference}" + SITE)
    page.go_back()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Sign in" + SITE)
    page.goto("/staff/")
    expect(page).to_have_title("Sign in" + SITE)
