"""The form as assistive technology meets it: labels, groups, descriptions, errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .pages import (
    open_form_with_every_error,
    open_form_with_other_errors,
    visit,
)

pytestmark = pytest.mark.browser

FORM_STATES = {
    "empty": visit("/screening"),
    "every-error": open_form_with_every_error,
    "other-errors": open_form_with_other_errors,
}

# Each visible control, its labels, and whether a label can be seen on screen
# (a visually hidden label is 1 px square and clipped).
CONTROLS_AND_LABELS = """() => [...document.querySelectorAll(
    'main input:not([type=hidden]), main textarea, main select')].map(el => ({
  id: el.id,
  labels: [...el.labels].map(label => {
    const box = label.getBoundingClientRect();
    return {
      text: label.innerText.trim(),
      seen: box.width > 1 && box.height > 1 && label.checkVisibility(
        {opacityProperty: true, visibilityProperty: true}),
    };
  }),
}))"""

# Radios, checkbox sets and date parts: their fieldset and its legend.
GROUPED_CONTROLS = """() => [...document.querySelectorAll(
    'main input[type=radio], main input[type=checkbox], main .date-input input')]
  .filter(el => el.id !== 'consent').map(el => {
    const fieldset = el.closest('fieldset');
    const legend = fieldset && fieldset.querySelector(':scope > legend');
    return {
      id: el.id,
      name: el.name.replace(/-(day|month|year)$/, ''),
      fieldset: fieldset ? fieldset.querySelector('legend').innerText : null,
      legend: legend && legend.checkVisibility() ? legend.innerText.trim() : '',
    };
  })"""

# Each question's hint and error text, and how a person finds the question.
QUESTIONS = """() => [...document.querySelectorAll('form .form-group')].map(group => {
  const legend = group.querySelector('fieldset > legend');
  const label = group.querySelector('label');
  const text = selector => {
    const el = group.querySelector(selector);
    return el ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
  };
  return {
    legend: legend ? legend.innerText.trim() : null,
    label: label ? label.innerText.trim() : null,
    hint: text(':scope .hint'),
    error: text(':scope .error-message'),
  };
})"""


@pytest.mark.parametrize("state", FORM_STATES)
def test_every_control_has_a_visible_label(page, tokens, live_app, state):
    FORM_STATES[state](page, tokens, live_app)
    controls = page.evaluate(CONTROLS_AND_LABELS)
    assert len(controls) > 20
    unlabelled = [
        control["id"]
        for control in controls
        if not any(label["seen"] and label["text"] for label in control["labels"])
    ]
    assert unlabelled == []


def test_grouped_controls_sit_in_a_fieldset_with_a_visible_legend(page):
    page.goto("/screening")
    controls = page.evaluate(GROUPED_CONTROLS)
    assert {control["name"] for control in controls} >= {
        "pregnant",
        "good_health",
        "takes_medication",
        "treatment_areas",
        "date_of_birth",
        "visit_date",
    }
    assert [c["id"] for c in controls if not c["legend"]] == []
    fieldsets_per_question = {}
    for control in controls:
        fieldsets_per_question.setdefault(control["name"], set()).add(
            control["fieldset"]
        )
    assert all(len(found) == 1 for found in fieldsets_per_question.values())


def described(page, question):
    """Return the element that hint and error text must describe."""
    if question["legend"]:
        return page.get_by_role("group", name=question["legend"], exact=True)
    return page.get_by_label(question["label"], exact=True)


@pytest.mark.parametrize("state", FORM_STATES)
def test_hint_and_error_text_describe_their_question(page, tokens, live_app, state):
    FORM_STATES[state](page, tokens, live_app)
    questions = [q for q in page.evaluate(QUESTIONS) if q["hint"] or q["error"]]
    assert any(q["hint"] for q in questions)
    if state != "empty":
        assert any(q["error"] for q in questions)
    for question in questions:
        expected = " ".join(
            text for text in (question["hint"], question["error"]) if text
        )
        expect(described(page, question)).to_have_accessible_description(expected)


def test_error_summary_takes_focus_and_its_links_focus_the_fields(page):
    page.goto("/screening")
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    messages = page.locator("form .error-message").all_inner_texts()
    assert links.all_inner_texts() == [re.sub(r"^Error:\s*", "", m) for m in messages]
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        if index % 2:
            link.click()
        else:
            link.focus()
            page.keyboard.press("Enter")
        expect(page.locator(f"[id='{target}']")).to_be_focused()
        question = page.locator(f"[id='{target}']").locator(
            "xpath=ancestor::div[contains(@class, 'form-group')][1]"
        )
        expect(question.locator("legend, label").first).to_be_in_viewport()
