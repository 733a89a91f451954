"""The form, and the staff's sign-in and decision, work with the keyboard alone."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from screening.infra.extensions import db
from screening.models import Screening

from .records import stored_screening
from .staff import new_staff, sign_in

pytestmark = pytest.mark.browser

# Tab stops in document order; a radio group is one stop (arrow keys move within).
TAB_STOPS = """() => {
  const seen = new Set();
  return [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), textarea, select, [tabindex]')]
    .filter(el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility())
    .filter(el => {
      if (el.type !== 'radio') return true;
      if (seen.has(el.name)) return false;
      seen.add(el.name);
      return true;
    })
    .map(el => el.id || el.name || el.textContent.trim());
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    key: el.id || el.name || el.textContent.trim(),
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
    value: el.value || '', top: box.top + scrollY, left: box.left,
  };
}"""

# What makes focus visible; compared with the same element once focus leaves.
FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return {
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    background: style.backgroundColor, color: style.color,
  };
}"""

# A patient whose answers need a clinician's review, entered as keystrokes.
TYPED = {
    "full_name": "Ada Example",
    "email": "ada@example.com",
    "date_of_birth-day": "14",
    "date_of_birth-month": "3",
    "date_of_birth-year": "1990",
    "medications": "Ibuprofen 200 mg",
}
# Focus lands on a group's first radio, "Yes": Space picks it, ArrowDown picks "No".
RADIO_KEYS = {
    "pregnant": "ArrowDown",
    "good_health": "Space",
    "cancer_history": "ArrowDown",
    "heart_arrhythmia": "ArrowDown",
    "blood_clots": "ArrowDown",
    "takes_medication": "Space",
    "allergies": "ArrowDown",
}
TICKED = {"treatment_areas-0", "consent"}


def has_visible_indicator(focused: dict, unfocused: dict) -> bool:
    """Return True when focus adds a thick outline, a shadow or a new colour."""
    if focused == unfocused:
        return False
    thick_outline = focused["outlineStyle"] not in ("none", "auto") and (
        focused["outlineWidth"] >= 2
    )
    shadow = focused["boxShadow"] != "none" and (
        focused["boxShadow"] != unfocused["boxShadow"]
    )
    return thick_outline or shadow


def act_on(page, focused: dict) -> None:
    """Answer the focused question with keys only."""
    if focused["key"] in TYPED:
        page.keyboard.type(TYPED[focused["key"]])
    elif focused["type"] == "radio":
        page.keyboard.press(RADIO_KEYS[focused["name"]])
    elif focused["key"] in TICKED:
        page.keyboard.press("Space")


def test_keyboard_alone_completes_the_form_in_order_with_visible_focus(page):
    page.goto("/screening")
    assert "medications" not in page.evaluate(TAB_STOPS)
    assert (
        page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0
    )
    visited, missing_indicator = [], []
    while not visited or visited[-1]["key"] != "Send my answers":
        assert len(visited) < 80, "Tab never reached the send button"
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        visited.append(focused)
        element = page.evaluate_handle("() => document.activeElement")
        with_focus = element.evaluate(FOCUS_STYLE)
        act_on(page, focused)
        # An arrow key moves focus to the next radio: blur whatever has it now.
        current = page.evaluate_handle("() => document.activeElement")
        current.evaluate("el => el.blur()")
        if not has_visible_indicator(with_focus, element.evaluate(FOCUS_STYLE)):
            missing_indicator.append(focused["key"])
        current.focus()
    # "Yes" to medication revealed the list, next in the tab order.
    expected_order = page.evaluate(TAB_STOPS)
    keys = [stop["key"] for stop in visited]
    assert keys.index("medications") == keys.index("takes_medication-0") + 1
    assert [stop["key"] for stop in visited] == expected_order
    assert missing_indicator == []
    form_stops = [stop for stop in visited if stop["tag"] != "a"]
    assert [stop["top"] for stop in form_stops] == sorted(s["top"] for s in form_stops)
    assert visited[-1]["key"] == "Send my answers"
    page.keyboard.press("Enter")
    page.wait_for_url("**/screening/*")
    expect(page.locator("[data-outcome]").first).to_have_attribute(
        "data-outcome", "needs_review"
    )


def test_skip_link_is_first_and_moves_focus_to_the_content(page):
    page.goto("/screening")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#full_name")).to_be_focused()


def tab_until(page, wanted, what: str, limit: int = 60) -> dict:
    """Press Tab until ``wanted(focused)`` holds; check that focus shows there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            element = page.evaluate_handle("() => document.activeElement")
            with_focus = element.evaluate(FOCUS_STYLE)
            element.evaluate("el => el.blur()")
            assert has_visible_indicator(with_focus, element.evaluate(FOCUS_STYLE)), (
                what
            )
            element.focus()
            return focused
    raise AssertionError(f"Tab never reached {what}")


def named(key: str):
    """Return a test for the focused element whose id, name or text is ``key``."""
    return lambda focused: focused["key"] == key


def test_keyboard_alone_signs_staff_in_and_records_a_decision(page, live_app):
    staff = new_staff(live_app)
    _, reference = stored_screening(live_app, "needs_review")
    page.goto("/staff/login")
    for field, text in (("email", staff.email), ("password", staff.password)):
        tab_until(page, named(field), field)
        page.keyboard.type(text)
    tab_until(page, named("Continue"), "the Continue button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/login/code")
    tab_until(page, named("code"), "the code field")
    page.keyboard.type(pyotp.TOTP(staff.secret).now())
    tab_until(page, named("Sign in"), "the Sign in button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    # The work queue lists the oldest first; the full list, the newest.
    tab_until(page, named("All screenings"), "the link to every screening")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/screenings")
    tab_until(page, named(reference), "the new screening's link")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/screenings/{reference}")
    tab_until(page, lambda focused: focused["name"] == "kind", "the decision")
    page.keyboard.press("Space")
    tab_until(page, named("note"), "the note")
    page.keyboard.type("Seen the history; book a consultation.")
    tab_until(page, named("Record decision"), "the Record decision button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/screenings/{reference}#decisions")
    with live_app.app_context():
        decided = db.session.scalar(select(Screening).filter_by(reference=reference))
        assert decided.latest_decision == "approved_for_consultation"


def test_keyboard_alone_overrides_a_not_eligible_outcome_with_its_confirmation(
    page, live_app
):
    sign_in(page, new_staff(live_app))
    _, reference = stored_screening(live_app, "not_eligible")
    page.goto(f"/staff/screenings/{reference}")
    tab_until(page, named("Record a decision"), "the link to the decision form")
    page.keyboard.press("Enter")
    tab_until(page, lambda focused: focused["name"] == "kind", "the decision")
    page.keyboard.press("Space")  # the first choice: approved for consultation
    assert page.evaluate(FOCUSED)["value"] == "approved_for_consultation"
    tab_until(page, named("note"), "the note")
    page.keyboard.type("GP letter: the pregnancy has ended; fit for treatment.")
    tab_until(page, named("Record decision"), "the Record decision button")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_contain_text("Confirm that")
    tab_until(page, named("confirm_override"), "the override confirmation")
    page.keyboard.press("Space")
    tab_until(page, named("Record decision"), "the Record decision button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/staff/screenings/{reference}#decisions")
    expect(page.locator("[data-override]")).to_contain_text("(override)")
    expect(page.locator(".notification")).to_contain_text("Decision recorded")
    with live_app.app_context():
        decided = db.session.scalar(select(Screening).filter_by(reference=reference))
        [decision] = decided.decisions
        assert (decision.kind, decision.override) == ("approved_for_consultation", True)
