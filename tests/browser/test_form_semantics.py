"""The form as assistive technology meets it: labels, groups, descriptions, errors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .screens import screens

pytestmark = pytest.mark.browser

# Every form, empty and showing errors.
FORMS = screens(
    "form",
    "form-errors",
    "form-other-errors",
    "staff-login",
    "staff-login-errors",
    "staff-code-errors",
    "staff-setup",
    "staff-queue",
    "staff-detail-errors",
    "staff-audit",
)
# Forms whose questions carry hint or error text (the empty sign-in form has none).
DESCRIBED = [screen for screen in FORMS if screen.name != "staff-login"]
WITH_ERRORS = [screen for screen in FORMS if screen.title.startswith("Error:")]
GROUPED = screens("form", "staff-queue", "staff-detail")

# Each visible control, its labels, and whether a label can be seen on screen
# (a visually hidden label is 1 px square and clipped).
CONTROLS_AND_LABELS = """() => [...document.querySelectorAll(
    'main input:not([type=hidden]), main textarea, main select')]
  .filter(el => el.checkVisibility()).map(el => ({
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
  .filter(el => !['consent', 'email_result'].includes(el.id)).map(el => {
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


@pytest.mark.parametrize("screen", FORMS, ids=lambda screen: screen.name)
def test_every_control_has_a_visible_label(open_screen, screen):
    page = open_screen(screen)
    controls = page.evaluate(CONTROLS_AND_LABELS)
    assert controls
    unlabelled = [
        control["id"]
        for control in controls
        if not any(label["seen"] and label["text"] for label in control["labels"])
    ]
    assert unlabelled == []


@pytest.mark.parametrize("screen", GROUPED, ids=lambda screen: screen.name)
def test_grouped_controls_sit_in_a_fieldset_with_a_visible_legend(open_screen, screen):
    page = open_screen(screen)
    controls = page.evaluate(GROUPED_CONTROLS)
    assert controls
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


@pytest.mark.parametrize("screen", DESCRIBED, ids=lambda screen: screen.name)
def test_hint_and_error_text_describe_their_question(open_screen, screen):
    page = open_screen(screen)
    questions = [q for q in page.evaluate(QUESTIONS) if q["hint"] or q["error"]]
    assert questions
    if screen in WITH_ERRORS:
        assert any(q["error"] for q in questions)
    for question in questions:
        expected = " ".join(
            text for text in (question["hint"], question["error"]) if text
        )
        expect(described(page, question)).to_have_accessible_description(expected)


@pytest.mark.parametrize("screen", WITH_ERRORS, ids=lambda screen: screen.name)
def test_error_summary_takes_focus_and_its_links_focus_the_fields(open_screen, screen):
    page = open_screen(screen)
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


@pytest.mark.parametrize(
    ("answer", "box"),
    [
        ("input[name=takes_medication][value=yes]", "#medications"),
        ("input[name=allergies][value=yes]", "#allergy_details"),
        ("input[name=treatment_areas][value=other]", "#other_area"),
    ],
)
def test_a_box_that_follows_an_answer_appears_with_it(page, answer, box):
    page.goto("/screening")
    expect(page.locator(box)).to_be_hidden()
    page.check(answer)
    expect(page.locator(box)).to_be_visible()
    page.fill(box, "typed")
    if "treatment_areas" in answer:
        page.uncheck(answer)
    else:
        page.check(answer.replace("value=yes", "value=no"))
    # Something typed stays in sight: the server would refuse it, so it must show.
    expect(page.locator(box)).to_be_visible()
